/**
 * `node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/profile-fold.ts
 * [EVENTS] [OUT.cpuprofile]`: generates a history (200,000 events by default) in a temporary
 * SQLite file, rebuilds the read models three times under the CPU profiler (the profile of row 1,
 * written to OUT; read it with bench/profile-top.ts), then times ten folds of the parsed events
 * into CommitmentsReadModel (row 2; with `ROW=2` the profile covers these folds instead; with
 * `ROW=3`, 30 boards at random moments as row 3 draws them, evaluated as the server does). Deletes the file at the end.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChainedEventStore, GlobalHashProjection } from '@cosinum/integrity';
import { SqliteEventStore } from '@cosinum/event-store';
import { CommitmentsReadModel, ProjectionRunner, RemindersIndex } from '@cosinum/projections';
import { prng, writeHistory } from './history';
import { boardsAsServed } from './rows-board';

const main = async () => {
  const events = Number(process.argv[2] ?? 200_000);
  const out = process.argv[3] ?? 'rebuild.cpuprofile';
  const dir = mkdtempSync(join(tmpdir(), 'cosinum-profile-'));
  const sqlite = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
  const store = new ChainedEventStore(sqlite);
  try {
    await writeHistory(sqlite, { events, seed: 20201203 });
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    // ROW=2 profiles the folds of row 2 instead of the rebuilds of row 1.
    const folds = process.env.ROW === '2';
    if (!folds) await session.post('Profiler.start');
    for (let r = 0; r < 3; r++) {
      const t = performance.now();
      const runner = new ProjectionRunner(store, [
        new CommitmentsReadModel(),
        new GlobalHashProjection(),
        new RemindersIndex(),
      ]);
      await runner.start();
      await runner.stop();
      process.stderr.write(`rebuild ${(performance.now() - t).toFixed(0)} ms\n`);
    }
    if (!folds) writeFileSync(out, JSON.stringify((await session.post('Profiler.stop')).profile));
    if (process.env.ROW === '3') {
      // Boards at 30 random moments as row 3 draws them, as the server evaluates them, under the
      // profiler.
      const model = new CommitmentsReadModel();
      for (const e of sqlite.iterateAll()) model.apply(e);
      const served = boardsAsServed(model);
      const random = prng(20201206);
      const first = Date.parse('2016-01-09T00:00:00.000Z');
      const span = model.lastRecordedMs - first;
      await session.post('Profiler.start');
      for (let i = 0; i < 30; i++) {
        const knownAt = first + random() * span;
        const asOf = knownAt + (random() * 210 - 180) * 86_400_000;
        const t = performance.now();
        const board = served.board({
          asOf: new Date(asOf).toISOString(),
          knownAt: new Date(knownAt).toISOString(),
        });
        process.stderr.write(
          `board ${board.items.length} items ${(performance.now() - t).toFixed(1)} ms\n`,
        );
      }
      writeFileSync(out, JSON.stringify((await session.post('Profiler.stop')).profile));
      return;
    }
    const parsed = await sqlite.readAll();
    if (folds) await session.post('Profiler.start');
    for (let r = 0; r < 10; r++) {
      const t = performance.now();
      const model = new CommitmentsReadModel();
      for (const e of parsed) model.apply(e);
      process.stderr.write(`apply ${(performance.now() - t).toFixed(0)} ms\n`);
    }
    if (folds) writeFileSync(out, JSON.stringify((await session.post('Profiler.stop')).profile));
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

void main();
