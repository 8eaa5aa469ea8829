import { Command, Option } from 'commander';
import { GENESIS_HASH, keyIdOf, nextGlobalHash, verifyLog } from '@cosinum/integrity';
import {
  EsdbEventStore,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from '@cosinum/event-store';
import { CliError } from '../cli-error';
import { Progress } from '../progress';
import { openSqliteStore, signingKey } from '../store';

interface Tally {
  count: number;
  hash: string;
}

/** The log's identity in any store: how many events, and the rolling hash of their stored hashes. */
const fingerprint = async (store: EventStore): Promise<Tally> => {
  const tally = { count: 0, hash: GENESIS_HASH };
  for await (const page of store.readAllPages({ pageSize: 2000 })) {
    for (const e of page) {
      tally.count++;
      tally.hash = nextGlobalHash(
        tally.hash,
        (e.metadata.hash as string | undefined) ?? GENESIS_HASH,
      );
    }
  }
  return tally;
};

const asNew = (e: RecordedEvent): NewEvent => ({
  id: e.id,
  type: e.type,
  data: e.data,
  metadata: e.metadata,
});

/** Most events in one append. */
const MAX_BATCH_EVENTS = 200;

/**
 * Most bytes in one append: the server's default MaxAppendSize, 1,048,576 (KurrentDB v24.10.0
 * ClusterVNodeOptions.cs l. 157); a bigger append is refused whole (Streams.Append.cs l. 74-77,
 * Streams.BatchAppend.cs l. 191-199). The server counts each event's data only
 * (Event.SizeOnDisk); data, metadata and type (UTF-16, as SizeOnDisk spells it) are all counted
 * here, so that a batch stays under the limit whatever the server's count.
 */
const MAX_APPEND_BYTES = 1_048_576;

const appendSize = (e: RecordedEvent): number =>
  Buffer.byteLength(JSON.stringify(e.data)) +
  Buffer.byteLength(JSON.stringify(e.metadata)) +
  e.type.length * 2;

/**
 * Appends events of one stream at their own revisions. After an interruption the target may
 * already hold a prefix of them: those are recognised by their ids and skipped; anything else at
 * those revisions means the target has another history, and the migration stops. Returns how
 * many were written (the others were already there).
 */
const appendResuming = async (
  target: EventStore,
  events: readonly RecordedEvent[],
): Promise<number> => {
  const first = events[0];
  const present = await target.readStream(first.streamName, {
    fromRevision: first.streamRevision,
    maxCount: events.length,
  });
  present.forEach((e, i) => {
    if (e.id !== events[i].id) {
      throw new CliError(
        `the target already holds another event (${e.id}) at ${first.streamName} #${e.streamRevision}: it is not a copy of this store`,
      );
    }
  });
  const rest = events.slice(present.length);
  if (rest.length === 0) return 0;
  const revision = rest[0].streamRevision;
  await target.appendToStream(first.streamName, rest.map(asNew), {
    expectedRevision: revision === 0 ? 'no_stream' : revision - 1,
  });
  return rest.length;
};

export const migrateCommand = (): Command =>
  new Command('migrate')
    .description(
      'Copy every event of the SQLite store (DATA_DIR) to EventStoreDB, in log order, keeping ids, metadata and integrity hashes; resumable (run it again after an interruption: what is already there is not written twice); then verify the copy.',
    )
    .addOption(
      new Option('--to <url>', 'EventStoreDB connection string (default: EVENTSTORE_URL)').env(
        'EVENTSTORE_URL',
      ),
    )
    .option('--limit <n>', 'copy at most n more events, then stop (migrate in chunks)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1)
        throw new CliError('--limit must be a positive whole number');
      return n;
    })
    .option('--verify-only', 'copy nothing: compare the two logs and check the copy')
    .option('-q, --quiet', 'no progress display')
    .action(
      async (options: { to?: string; limit?: number; verifyOnly?: boolean; quiet?: boolean }) => {
        if (!options.to || !/^(esdb|kurrentdb)(\+discover)?:\/\//.test(options.to)) {
          throw new CliError(
            '--to (or EVENTSTORE_URL) must be an EventStoreDB connection string such as esdb://127.0.0.1:2113?tls=false',
          );
        }
        // The source is the embedded file by definition, whatever EVENTSTORE_URL (the target) says.
        const source = openSqliteStore();
        const target = new EsdbEventStore({ connectionString: options.to });
        try {
          const total = await source.store.headPosition();
          if (!options.verifyOnly) {
            const progress = new Progress('Migrating', total, Boolean(options.quiet));
            const limit = options.limit ?? Number.POSITIVE_INFINITY;
            // Only events written count towards --limit: those a previous run copied are skipped.
            let copied = 0;
            let stopped = false;
            // Consecutive events of one stream go in one append, under the server's size limit;
            // revisions make every append exact. A batch holds no more than --limit has left.
            let batch: RecordedEvent[] = [];
            let batchBytes = 0;
            const flush = async () => {
              if (batch.length === 0) return;
              copied += await appendResuming(target, batch);
              progress.update(batch[batch.length - 1].position);
              batch = [];
              batchBytes = 0;
            };
            copy: for await (const page of source.store.readAllPages({ pageSize: 2000 })) {
              for (const event of page) {
                const bytes = appendSize(event);
                if (
                  batch.length > 0 &&
                  (batch[0].streamName !== event.streamName ||
                    batch.length >= MAX_BATCH_EVENTS ||
                    batch.length >= limit - copied ||
                    batchBytes + bytes > MAX_APPEND_BYTES)
                )
                  await flush();
                if (copied >= limit) {
                  stopped = true;
                  break copy;
                }
                batch.push(event);
                batchBytes += bytes;
              }
            }
            await flush();
            progress.done();
            process.stdout.write(
              `${copied} events sent (already present ones are recognised by their ids and not written twice).\n`,
            );
            if (stopped) {
              process.stdout.write('Stopped at --limit: run the command again to go on.\n');
              return;
            }
          }
          const [from, to] = await Promise.all([fingerprint(source.store), fingerprint(target)]);
          const key = signingKey(source.config);
          const report = await verifyLog(
            target,
            new Map([[keyIdOf(key.publicKey), key.publicKey]]),
          );
          const same = from.count === to.count && from.hash === to.hash;
          process.stdout.write(
            `Source: ${from.count} events, hash ${from.hash}\nTarget: ${to.count} events, hash ${to.hash}\n` +
              `${same ? 'The two logs are identical.' : 'The two logs DIFFER.'} Audit of the target: ${
                report.ok
                  ? `intact, ${report.checkpointsVerified} signed checkpoints verified`
                  : `NOT intact: ${report.problems[0].message}`
              }\n`,
          );
          if (!same || !report.ok) process.exitCode = 3;
        } finally {
          await target.close();
          await source.store.close();
        }
      },
    );
