/**
 * `node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/profile-command.ts
 * [EVENTS] [COMMANDS] [OUT.cpuprofile]`: generates a history (200,000 events by default), rebuilds
 * the read models and keeps them following the log, as the server does, then profiles only the
 * commands (2,000 ReportProgress by default, through executeCommitmentCommand → ChainedEventStore
 * → SqliteEventStore) and writes the CPU profile (read it with bench/profile-top.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { executeCommitmentCommand, fixedClock } from '@cosinum/application';
import { ChainedEventStore, GlobalHashProjection } from '@cosinum/integrity';
import { SqliteEventStore } from '@cosinum/event-store';
import { CommitmentsReadModel, ProjectionRunner, RemindersIndex } from '@cosinum/projections';
import { prng, writeHistory } from './history';

const main = async () => {
  const [events = '200000', commands = '2000', out = 'command.cpuprofile'] = process.argv.slice(2);
  const dir = mkdtempSync(join(tmpdir(), 'cosinum-profile-'));
  const sqlite = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
  const store = new ChainedEventStore(sqlite);
  const model = new CommitmentsReadModel();
  const runner = new ProjectionRunner(store, [
    model,
    new GlobalHashProjection(),
    new RemindersIndex(),
  ]);
  try {
    const history = await writeHistory(sqlite, { events: Number(events), seed: 20201203 });
    await runner.start();
    const active = [...model.all()].filter((c) => c.status === 'active');
    const random = prng(7);
    const clock = fixedClock(
      new Date(Date.parse(history.lastRecordedAt) + 86_400_000).toISOString(),
    );
    const actor = { subject: 'profile', role: 'analyst' };
    const one = async () => {
      const c = active[Math.floor(random() * active.length)];
      const tracks = Object.values(c.ministries).filter((t) => !t.exemption);
      if (tracks.length === 0) return 0;
      const track = tracks[Math.floor(random() * tracks.length)];
      await new Promise((resolve) => setImmediate(resolve)); // let the read models follow
      const t = performance.now();
      await executeCommitmentCommand(
        store,
        clock,
        {
          type: 'ReportProgress',
          data: {
            commitmentId: c.definition.commitmentId,
            ministry: track.code,
            value: track.reports.latest()?.value ?? 0,
            on: clock.now().slice(0, 10),
          },
        },
        { actor },
        { maxAttempts: 20, states: model },
      );
      return performance.now() - t;
    };
    for (let i = 0; i < 200; i++) await one();
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    let total = 0;
    for (let i = 0; i < Number(commands); i++) total += await one();
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(out, JSON.stringify(profile));
    process.stderr.write(
      `${commands} commands, mean ${(total / Number(commands)).toFixed(3)} ms\n`,
    );
  } finally {
    await runner.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

void main();
