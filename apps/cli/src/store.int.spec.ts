import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EsdbGrpcDouble } from '@cosinum/event-store/testing';
import { cliSandbox } from '../testing/cli-sandbox';
import { run } from './main';

/** A port nothing listens on, on this machine: the connection is refused at once. */
const UNREACHABLE = 'esdb://127.0.0.1:1?tls=false';

/** Sets EVENTSTORE_URL for each spec of the calling `describe`, and restores it after. */
const eventStoreUrl = (url: () => string) => {
  const previous = process.env.EVENTSTORE_URL;
  beforeEach(() => {
    process.env.EVENTSTORE_URL = url();
  });
  afterEach(() => {
    if (previous === undefined) delete process.env.EVENTSTORE_URL;
    else process.env.EVENTSTORE_URL = previous;
  });
};

describe('the CLI on the store the configuration names (EVENTSTORE_URL)', () => {
  describe('an EventStoreDB server (the in-process gRPC double)', () => {
    const cli = cliSandbox('cosinum-cli-esdb-');
    let server: EsdbGrpcDouble;
    beforeAll(async () => {
      server = await EsdbGrpcDouble.start();
    });
    afterAll(async () => {
      await server.stop();
    });
    eventStoreUrl(() => server.connectionString);

    const cosinum = async (...args: string[]) => {
      cli.clear();
      return run(['node', 'cosinum', ...args]);
    };

    it('imports into the server, then reads the board, the history and the audit from it, with no SQLite file', async () => {
      expect(await cosinum('import', '-q')).toBe(0);
      expect(cli.out).toMatch(/^Imported: 92 created, .* events written\.\n$/);

      expect(await cosinum('status', '--as-of', '2021-02-02', '--json')).toBe(0);
      const board = JSON.parse(cli.out);
      expect(board.items.length).toBeGreaterThan(300);

      expect(await cosinum('audit', 'verify', '-q')).toBe(0);
      expect(cli.out).toMatch(
        /^Log intact: 146 events in 93 streams, 1 signed checkpoints verified/,
      );

      expect(
        await cosinum('replay', '--known-at', '2030-01-01', '--as-of', '2021-02-02', '--json'),
      ).toBe(0);
      expect(JSON.parse(cli.out).log).toMatchObject({ eventCount: 146 });

      const id = board.items[0].commitmentId as string;
      expect(await cosinum('history', id)).toBe(0);
      expect(cli.out).toMatch(/^#0 .* CommitmentDecided by cli:/);

      // Nothing went to the embedded store.
      expect(existsSync(join(cli.dir, 'events.sqlite'))).toBe(false);
    }, 60_000);
  });

  describe('an unreachable server', () => {
    const cli = cliSandbox('cosinum-cli-unreachable-');
    eventStoreUrl(() => UNREACHABLE);

    it.each([
      ['status'],
      ['replay', '-q'],
      ['history', '00000000-0000-4000-8000-000000000000'],
      ['audit', 'verify', '-q'],
      ['audit', 'checkpoint'],
      ['export', 'trail', '-o', 'trail.jsonl'],
      ['import', '-q'],
    ])(
      'cosinum %s fails within seconds, naming the server, and reads no local file',
      async (...args) => {
        const started = Date.now();
        const code = await run(['node', 'cosinum', ...args]);
        expect(Date.now() - started).toBeLessThan(8_000);
        expect(code).toBe(2);
        expect(cli.err).toContain('EventStoreDB at esdb://127.0.0.1:1?tls=false is unreachable');
        expect(cli.err).not.toContain('unexpected error');
        expect(cli.out).toBe('');
        expect(existsSync(join(cli.dir, 'events.sqlite'))).toBe(false);
      },
      15_000,
    );

    it('the cosinum process itself exits non-zero with that message, leaving nothing running', () => {
      const root = resolve(__dirname, '..', '..', '..');
      const result = spawnSync(
        process.execPath,
        [
          '-r',
          'ts-node/register/transpile-only',
          '-r',
          'tsconfig-paths/register',
          join('apps', 'cli', 'src', 'main.ts'),
          'status',
        ],
        {
          cwd: root,
          env: { ...process.env, EVENTSTORE_URL: UNREACHABLE, DATA_DIR: cli.dir },
          encoding: 'utf8',
          // Bounded: loading the CLI through ts-node takes a few seconds on a busy machine.
          timeout: 60_000,
        },
      );
      expect(result.signal).toBeNull();
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('127.0.0.1:1');
      expect(result.stdout).toBe('');
    }, 70_000);
  });
});
