/**
 * Row 5 alone, for a CPU profile: `node --cpu-prof --cpu-prof-dir=DIR -r
 * ts-node/register/transpile-only -r tsconfig-paths/register bench/profile-import.ts [ROWS]`
 * (default 20,000) imports a French Excel progress file of ROWS rows into an empty temporary
 * store, as row 5 does (bench/rows-write.ts, one run, its floor included), then deletes it. Read
 * the profile with `bench/profile-top.ts FILE 30 importProgress`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@cosinum/event-store';
import { ChainedEventStore } from '@cosinum/integrity';
import { measureImport } from './rows-write';

const main = async () => {
  const rows = Number(process.argv[2] ?? 20_000);
  const dir = mkdtempSync(join(tmpdir(), 'cosinum-profile-import-'));
  const sqlite = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
  try {
    const result = await measureImport(new ChainedEventStore(sqlite), sqlite.connection, {
      runs: Number(process.env.RUNS ?? 3),
      rows,
      clockAt: '2026-01-01T00:00:00Z',
      quiet: true,
    });
    const ratio = result.floorMs.map((f, i) => `${((100 * f) / result.importMs[i]).toFixed(1)} %`);
    console.log(
      `import ${result.importMs.map((ms) => ms.toFixed(0)).join(' · ')} ms, floor ${result.floorMs.map((ms) => ms.toFixed(0)).join(' · ')} ms: ${ratio.join(' · ')}`,
    );
  } finally {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
