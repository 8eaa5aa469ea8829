/**
 * Row 5 alone, for a CPU profile: `node --cpu-prof --cpu-prof-dir=DIR -r
 * ts-node/register/transpile-only -r tsconfig-paths/register bench/profile-import.ts [ROWS]`
 * (default 20,000) imports a French Excel progress file of ROWS rows into an empty temporary
 * store, as row 5 does (bench/rows-write.ts, one run, its floor included), then deletes it. Read
 * the profile with `bench/profile-top.ts FILE 30 importProgress`.
 */
import { ChainedEventStore } from '@cosinum/integrity';
import { measureImport } from './rows-write';
import { runScript, withTempStore } from './temp-store';

const main = async () => {
  const rows = Number(process.argv[2] ?? 20_000);
  await withTempStore('cosinum-profile-import-', async (sqlite) => {
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
  });
};

runScript(main);
