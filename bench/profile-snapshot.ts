/**
 * `node --expose-gc -r ts-node/register/transpile-only -r tsconfig-paths/register
 *  bench/profile-snapshot.ts [EVENTS] [FILE]`: where a read-model snapshot's time goes (row 10).
 * Writes a generated history of EVENTS events (default 1,000,000) into FILE (default a temporary
 * file, deleted at the end; an existing FILE is reused as it is), folds it as the server does,
 * then times the snapshot's capture (serialisation), its write, and its load into fresh models
 * step by step (read, SHA-256, deserialisation, restore), and checks the loaded models equal the
 * folded ones.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize } from 'node:v8';
import { isDeepStrictEqual } from 'node:util';
import {
  captureSnapshot,
  loadSnapshot,
  SNAPSHOT_FILE,
  writeSnapshotFile,
  type SnapshotModels,
} from '../libs/application/src/read-model-snapshots';
import { SqliteEventStore, type RecordedEvent } from '@cosinum/event-store';
import { ChainedEventStore, GlobalHashProjection } from '@cosinum/integrity';
import {
  CommitmentsReadModel,
  ProjectionRunner,
  RemindersIndex,
  SessionsIndex,
} from '@cosinum/projections';
import { writeHistory } from './history';
import { now } from './stats';

const models = (): SnapshotModels => ({
  commitments: new CommitmentsReadModel(),
  globalHash: new GlobalHashProjection(),
  reminders: new RemindersIndex(),
  sessions: new SessionsIndex(),
});

const main = async () => {
  const events = Number(process.argv[2] ?? 1_000_000);
  const given = process.argv[3];
  const dir = mkdtempSync(join(tmpdir(), 'cosinum-snapshot-profile-'));
  const filename = given ?? join(dir, 'events.sqlite');
  const fresh = !existsSync(filename);
  const sqlite = new SqliteEventStore({ filename, pollIntervalMs: 250 });
  const store = new ChainedEventStore(sqlite);
  try {
    if (fresh) {
      const t = now();
      await writeHistory(sqlite, { events, seed: 20201203 });
      console.log(`history: ${events} events written in ${Math.round(now() - t)} ms`);
    }
    const folded = models();
    let last: RecordedEvent | undefined;
    const runner = new ProjectionRunner(store, [
      folded.commitments,
      folded.globalHash,
      folded.reminders,
      folded.sessions,
      { name: 'last', position: 0, apply: (e) => void (last = e) },
    ]);
    let t = now();
    await runner.start();
    await runner.stop();
    folded.commitments.compact();
    console.log(`fold: ${folded.globalHash.head.eventCount} events in ${Math.round(now() - t)} ms`);
    (globalThis as { gc?: () => void }).gc?.();

    t = now();
    const snapshot = await captureSnapshot(folded, () => last, new Date().toISOString());
    if (!snapshot) throw new Error('nothing to snapshot');
    console.log(
      `capture (serialise + SHA-256): ${Math.round(now() - t)} ms, ${(snapshot.payload.length / 2 ** 20).toFixed(1)} MiB`,
    );
    const file = join(dir, SNAPSHOT_FILE);
    t = now();
    await writeSnapshotFile(file, snapshot);
    console.log(`write (and fsync): ${Math.round(now() - t)} ms`);

    // The load, step by step, then as the service does it.
    t = now();
    const bytes = readFileSync(file);
    const read = now() - t;
    t = now();
    createHash('sha256').update(bytes).digest('hex');
    const sha = now() - t;
    t = now();
    const data = deserialize(bytes.subarray(4 + bytes.readUInt32BE(0))) as {
      commitments: Parameters<CommitmentsReadModel['restore']>[0];
    };
    const des = now() - t;
    t = now();
    new CommitmentsReadModel().restore(data.commitments);
    const restore = now() - t;
    console.log(
      `load steps: read ${Math.round(read)} ms, SHA-256 ${Math.round(sha)} ms, deserialise ${Math.round(des)} ms, restore ${Math.round(restore)} ms`,
    );
    (globalThis as { gc?: () => void }).gc?.();
    const loaded = models();
    t = now();
    const outcome = await loadSnapshot(file, store, loaded);
    console.log(`loadSnapshot: ${Math.round(now() - t)} ms, ${outcome.ok ? 'ok' : outcome.reason}`);
    const same =
      isDeepStrictEqual(loaded.commitments.toSnapshot(), folded.commitments.toSnapshot()) &&
      isDeepStrictEqual(loaded.globalHash.head, folded.globalHash.head);
    console.log(`loaded models equal the folded ones: ${same}`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
