/**
 * Rows 5 and 7 of the benchmark: the bulk import of a progress file, and 20 writers on one
 * commitment. Both write through the real paths into the benchmark's store (after rows 1–4).
 */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import {
  executeCommitmentCommand,
  fixedClock,
  type CommitmentStateSource,
} from '@cosinum/application';
import type { ChainedEventStore } from '@cosinum/integrity';
import { commitmentIdFor, importProgress, parseProgressCsv } from '@cosinum/catalogue';
import { commitmentStream, type Metric } from '@cosinum/domain';
import {
  ConcurrencyConflictError,
  WrongExpectedRevisionError,
  type EventStore,
} from '@cosinum/event-store';
import { Progress } from '../apps/cli/src/progress';
import { now } from './stats';

const actor = { subject: 'bench-import', role: 'analyst' };
const MINISTRIES = ['MI', 'MJ', 'MEFR', 'MTE', 'MC'];
const METRIC: Metric = { kind: 'percentage', unit: '%', direction: 'increase', target: 100 };

/** French Excel: BOM, `;`, decimal comma, JJ/MM/AAAA: what ministries send. */
const csvOf = (externalIds: readonly string[], rowsPerCommitment: number): string => {
  const lines = ['Engagement;Ministère;Valeur;Date;Commentaire'];
  const start = Date.UTC(2018, 0, 1);
  for (const externalId of externalIds)
    for (let i = 0; i < rowsPerCommitment; i++) {
      const ministry = MINISTRIES[i % MINISTRIES.length];
      const day = new Date(start + Math.floor(i / MINISTRIES.length) * 86_400_000);
      const date = `${String(day.getUTCDate()).padStart(2, '0')}/${String(day.getUTCMonth() + 1).padStart(2, '0')}/${day.getUTCFullYear()}`;
      const value = String(Math.min(100, 20 + (i % 800) / 10)).replace('.', ',');
      lines.push(
        `${externalId};${ministry};${value};${date};${i % 10 === 0 ? 'Relevé trimestriel' : ''}`,
      );
    }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
};

export interface ImportRow {
  readonly rows: number;
  readonly importMs: number[];
  readonly floorMs: number[];
}

/**
 * Row 5: `importProgress` (the path of `cosinum import` and of `POST /api/imports/progress`) on a
 * French Excel file of `rows` reports over fresh commitments, parsing included, against a raw
 * batched insert (one prepared INSERT per row, one transaction) of as many rows of the same size.
 */
export const measureImport = async (
  store: ChainedEventStore,
  db: Database.Database,
  options: { runs: number; rows: number; clockAt: string; quiet: boolean },
): Promise<ImportRow> => {
  const clock = fixedClock(options.clockAt);
  const perCommitment = 1000;
  const commitments = Math.max(1, Math.round(options.rows / perCommitment));
  const rows = commitments * perCommitment;
  const importMs: number[] = [];
  const floorMs: number[] = [];
  const insert = db.prepare(
    `INSERT INTO events (event_id, stream_name, stream_revision, type, data, metadata, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  for (let r = 0; r < options.runs; r++) {
    // Fresh commitments each run, decided through the command path (not timed).
    const externalIds = Array.from({ length: commitments }, (_, i) => `bench-import-${r}-${i}`);
    for (const externalId of externalIds)
      await executeCommitmentCommand(
        store,
        clock,
        {
          type: 'DecideCommitment',
          data: {
            commitmentId: commitmentIdFor(externalId),
            externalId,
            title: `Engagement importé ${externalId}`,
            description: 'Mesure de l’import en masse',
            source: { document: 'Banc d’essai', decidedOn: '2017-12-01' },
            metric: METRIC,
            deadline: '2030-12-31',
            ministries: MINISTRIES,
          },
        },
        { actor },
        { maxAttempts: 1 },
      );
    const file = Buffer.from(csvOf(externalIds, perCommitment), 'utf8');
    const progress = new Progress(`  importing (run ${r + 1})`, rows, options.quiet);
    let t = now();
    const summary = await importProgress(store, clock, parseProgressCsv(file).rows, actor, {
      onProgress: (done) => progress.update(done),
    });
    importMs.push(now() - t);
    progress.done();
    if (summary.recorded !== rows || summary.eventsWritten !== rows)
      throw new Error(`import recorded ${summary.recorded} of ${rows} rows`);

    // The floor: the same number of rows, of the size of the rows just written.
    const sample = db
      .prepare<[string], { data: string; metadata: string }>(
        'SELECT data, metadata FROM events WHERE stream_name = ? ORDER BY stream_revision DESC LIMIT 1',
      )
      .get(commitmentStream(commitmentIdFor(externalIds[0])));
    if (!sample) throw new Error('no imported row to size the floor on');
    const floorStream = `bench-import-floor-${r}`;
    t = now();
    db.transaction(() => {
      for (let i = 0; i < rows; i++)
        insert.run(
          randomUUID(),
          floorStream,
          i,
          'BenchFloor',
          sample.data,
          sample.metadata,
          options.clockAt,
        );
    })();
    floorMs.push(now() - t);
  }
  db.prepare("DELETE FROM events WHERE type = 'BenchFloor'").run();
  return { rows, importMs, floorMs };
};

export interface WritersRow {
  readonly writers: number;
  readonly commandsPerWriter: number;
  readonly landed: number[];
  readonly duplicated: number[];
  readonly lost: number[];
  readonly conflicts: number[];
  readonly gaveUp: number[];
  readonly perSecond: number[];
}

/**
 * Row 7: `writers` concurrent writers, each recording `commandsPerWriter` reports on ONE
 * commitment through executeCommitmentCommand (the read model following the log, as in the
 * server), retrying on conflict. Then the stream is read back: every report exactly once.
 */
export const measureWriters = async (
  store: ChainedEventStore,
  states: CommitmentStateSource,
  options: { runs: number; writers: number; commandsPerWriter: number; clockAt: string },
): Promise<WritersRow> => {
  const clock = fixedClock(options.clockAt);
  const result: WritersRow = {
    writers: options.writers,
    commandsPerWriter: options.commandsPerWriter,
    landed: [],
    duplicated: [],
    lost: [],
    conflicts: [],
    gaveUp: [],
    perSecond: [],
  };
  for (let r = 0; r < options.runs; r++) {
    const commitmentId = randomUUID();
    await executeCommitmentCommand(
      store,
      clock,
      {
        type: 'DecideCommitment',
        data: {
          commitmentId,
          title: `Vingt rédacteurs ${r}`,
          description: 'Écritures concurrentes sur un même engagement',
          source: { document: 'Banc d’essai', decidedOn: '2017-12-01' },
          metric: { kind: 'count', direction: 'increase', target: 1_000_000 },
          deadline: '2030-12-31',
          ministries: MINISTRIES,
        },
      },
      { actor },
      { maxAttempts: 1 },
    );
    // Conflicts seen by the writers, counted on the store they write through.
    let conflicts = 0;
    const counting: EventStore = new Proxy(store, {
      get(target, key, receiver) {
        if (key !== 'appendToStream') return Reflect.get(target, key, receiver) as unknown;
        return async (...args: Parameters<EventStore['appendToStream']>) => {
          try {
            return await target.appendToStream(...args);
          } catch (error) {
            if (error instanceof WrongExpectedRevisionError) conflicts++;
            throw error;
          }
        };
      },
    });
    let gaveUp = 0;
    const t = now();
    await Promise.all(
      Array.from({ length: options.writers }, async (_, w) => {
        for (let i = 0; i < options.commandsPerWriter; i++) {
          try {
            await executeCommitmentCommand(
              counting,
              clock,
              {
                type: 'ReportProgress',
                data: {
                  commitmentId,
                  ministry: MINISTRIES[w % MINISTRIES.length],
                  value: w * 1000 + i, // unique: who wrote it, and which of its writes
                  on: '2018-01-01',
                },
              },
              { actor: { subject: `bench-writer-${w}`, role: 'analyst' } },
              { maxAttempts: 1000, states },
            );
          } catch (error) {
            if (!(error instanceof ConcurrencyConflictError)) throw error;
            gaveUp++;
          }
        }
      }),
    );
    const elapsed = now() - t;
    const stream = await store.readStream(commitmentStream(commitmentId));
    const values = stream
      .filter((e) => e.type === 'ProgressReported')
      .map((e) => (e.data as { value: number }).value);
    const expected = options.writers * options.commandsPerWriter;
    const distinct = new Set(values);
    result.landed.push(values.length);
    result.duplicated.push(values.length - distinct.size);
    result.lost.push(expected - gaveUp - distinct.size);
    result.conflicts.push(conflicts);
    result.gaveUp.push(gaveUp);
    result.perSecond.push((values.length / elapsed) * 1000);
  }
  return result;
};
