/** A temporary SQLite store for the bench's scripts, deleted afterwards whatever happens. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@cosinum/event-store';

export const withTempStore = async (
  prefix: string,
  use: (sqlite: SqliteEventStore, dir: string, filename: string) => Promise<void>,
): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const filename = join(dir, 'events.sqlite');
  const sqlite = new SqliteEventStore({ filename, pollIntervalMs: 250 });
  try {
    await use(sqlite, dir, filename);
  } finally {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

/** Runs a script's main, its failure on stderr and in the exit code. */
export const runScript = (main: () => Promise<void>): void => {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
};
