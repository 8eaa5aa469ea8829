/**
 * Development driver of rows 11 and 12 alone (bench/rows-http.ts), without the rest of the
 * benchmark: `node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/dev-http.ts
 * [events] [rows]` (default 200,000 events; rows `11,12`). Generates the history as `npm run bench`
 * does, starts the API on it (run `npm run build` first), runs the rows, and deletes everything.
 */
import { ChainedEventStore } from '@cosinum/integrity';
import { CommitmentsReadModel, ProjectionRunner } from '@cosinum/projections';
import { writeHistory } from './history';
import { benchKeysEnv, measureCompressedBoard, measureDeclarations } from './rows-http';
import { startServer, stopAll } from './rows-process';
import { runScript, withTempStore } from './temp-store';

const main = async () => {
  const events = Number(process.argv[2] ?? 200_000);
  const rows = (process.argv[3] ?? '11,12').split(',');
  await withTempStore('cosinum-dev-http-', async (sqlite, dir, filename) => {
    await writeHistory(sqlite, { events, seed: 20201203 });
    sqlite.connection.pragma('wal_checkpoint(TRUNCATE)');
    const commitments = new CommitmentsReadModel();
    const runner = new ProjectionRunner(new ChainedEventStore(sqlite), [commitments]);
    await runner.start();
    await runner.stop();
    // PROFILE_DIR=…: the API writes a CPU profile there when it stops (read it with profile-top).
    const server = await startServer(
      filename,
      dir,
      120_000,
      benchKeysEnv([...commitments.chart.keys()]),
      process.env.PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROFILE_DIR}`] : [],
    );
    console.error(`API healthy after ${Math.round(server.startMs)} ms`);
    const log = (line: string) => console.error(line);
    try {
      if (rows.includes('11'))
        console.log(
          JSON.stringify(
            await measureCompressedBoard(server.url, dir, { runs: 3, seconds: 3, log }),
          ),
        );
      if (rows.includes('12'))
        for (const paceMs of [undefined, 1000])
          console.log(
            JSON.stringify(
              await measureDeclarations(
                server.url,
                sqlite.connection,
                commitments.all(),
                commitments.chart,
                {
                  runs: 3,
                  perClient: paceMs === undefined ? 25 : 8,
                  budgetMs: 30_000,
                  paceMs,
                  log,
                },
              ),
            ),
          );
    } finally {
      await server.stop();
      await stopAll();
    }
  });
};

runScript(main);
