/**
 * Row 10: the API's cold start from the snapshot of its read models, against the same API's start
 * on an empty store (what a start costs before any event is folded: loading the code, Nest, the
 * routes), both measured in the same run from outside, spawn to the first 200 on `/health`.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { SNAPSHOT_FILE } from '@cosinum/application';
import { startServer } from './rows-process';
import { now } from './stats';

export interface SnapshotStart {
  /** Spawn to healthy on an empty SQLite file, no snapshot. */
  readonly emptyMs: number[];
  /** Spawn to healthy on the benchmark's file, from the snapshot the first server left. */
  readonly snapshotMs: number[];
  /** SIGTERM to exit of the server that wrote the snapshot (its shutdown). */
  readonly writeStopMs: number;
  readonly snapshotBytes: number;
}

export const measureSnapshotStart = async (
  sqliteFile: string,
  dir: string,
  runs: number,
  log: (line: string) => void,
): Promise<SnapshotStart> => {
  const snapshots = { SNAPSHOT_DIR: join(dir, 'snapshots'), SNAPSHOT_INTERVAL_SECONDS: '0' };
  // One start that folds the whole log, then stops: its shutdown writes the snapshot.
  const writer = await startServer(sqliteFile, dir, 120_000, snapshots);
  const stopping = now();
  await writer.stop();
  const writeStopMs = now() - stopping;
  const snapshotBytes = statSync(join(dir, 'snapshots', SNAPSHOT_FILE)).size;
  log(
    `  snapshot written at shutdown: ${(snapshotBytes / 2 ** 20).toFixed(1)} MiB, stop ${Math.round(writeStopMs)} ms`,
  );
  const emptyMs: number[] = [];
  const snapshotMs: number[] = [];
  for (let r = 0; r < runs; r++) {
    // Nothing is appended in between: each start loads the same snapshot and folds nothing after.
    const fromSnapshot = await startServer(sqliteFile, dir, 120_000, snapshots);
    snapshotMs.push(fromSnapshot.startMs);
    await fromSnapshot.stop();
    const empty = await startServer(join(dir, `empty-${r}.sqlite`), dir);
    emptyMs.push(empty.startMs);
    await empty.stop();
    log(
      `  run ${r + 1}: from the snapshot ${Math.round(snapshotMs[r])} ms, empty store ${Math.round(emptyMs[r])} ms`,
    );
  }
  return { emptyMs, snapshotMs, writeStopMs, snapshotBytes };
};
