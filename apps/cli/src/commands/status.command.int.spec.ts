import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SNAPSHOT_FILE } from '@cosinum/application';
import { loadConfig } from '@cosinum/config';
import { SqliteEventStore } from '@cosinum/event-store';
import { ChainedEventStore } from '@cosinum/integrity';
import { writeHistory } from '../../../../bench/history';
import { projectionServiceOn } from '../../../../libs/application/testing/projection-service';
import { reportOnSome } from '../../../../libs/application/testing/report-on-some';
import { cliSandbox } from '../../testing/cli-sandbox';
import { run } from '../main';

describe('cosinum status on a data directory with a snapshot of the read models', () => {
  const cli = cliSandbox('cosinum-cli-snapshot-');
  const cosinum = async (...args: string[]) => {
    cli.clear();
    return run(['node', 'cosinum', ...args]);
  };

  /** A server's life on the directory: it folds the log and leaves a snapshot at shutdown. */
  const serverRuns = async (store: ChainedEventStore) => {
    const config = loadConfig({ ...process.env, DATA_DIR: cli.dir });
    const service = projectionServiceOn(store, config);
    await service.onModuleInit();
    await service.onApplicationShutdown();
  };

  it('starts from the snapshot and folds the log after it, to the board a whole fold gives; an altered snapshot is said and not used', async () => {
    const sqlite = new SqliteEventStore({ filename: join(cli.dir, 'events.sqlite') });
    const store = new ChainedEventStore(sqlite);
    try {
      await writeHistory(sqlite, { events: 3_000, seed: 21 });
      await serverRuns(store);
      // More history after the snapshot: the CLI must fold it.
      expect(await reportOnSome(store, 40)).toBeGreaterThan(10);
    } finally {
      await store.close();
    }

    const board = async (env: Record<string, string> = {}) => {
      const previous = { ...process.env };
      Object.assign(process.env, env);
      try {
        expect(
          await cosinum('status', '--as-of', '2021-06-30', '--known-at', '2026-12-01', '--json'),
        ).toBe(0);
        return JSON.parse(cli.out) as { items: unknown[] };
      } finally {
        process.env = previous;
      }
    };
    const whole = await board({ SNAPSHOT_DIR: 'none' });
    expect(whole.items.length).toBeGreaterThan(10);
    expect(await board()).toEqual(whole);

    expect(await cosinum('status', '--as-of', '2021-06-30')).toBe(0);
    expect(cli.err).toMatch(
      /read models from the snapshot taken at 2026-12-02T10:00:00.000Z \(\d+ events\), then the log after it/,
    );

    const file = join(cli.dir, 'snapshots', SNAPSHOT_FILE);
    const bytes = readFileSync(file);
    bytes[bytes.length - 50] ^= 0xff;
    writeFileSync(file, bytes);
    expect(await cosinum('status', '--as-of', '2021-06-30')).toBe(0);
    expect(cli.err).toContain(
      'is not used (the payload does not match its SHA-256); folding the whole log',
    );
    expect(await board()).toEqual(whole);
  });
});
