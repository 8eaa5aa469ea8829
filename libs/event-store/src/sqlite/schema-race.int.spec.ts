import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { SqliteEventStore } from './sqlite-event-store';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../../../..');
const SOURCE = resolve(__dirname, 'sqlite-event-store.ts');

/**
 * A process that waits for `startAt` (ms since the epoch), spinning so that both start within
 * the same millisecond, then opens the store, appends one event to a stream of its own and
 * closes: what two servers do when started together on an empty DATA_DIR.
 */
const opener = (filename: string, startAt: number, name: string) => `
  const { SqliteEventStore } = require(${JSON.stringify(SOURCE)});
  while (Date.now() < ${startAt}) {}
  const store = new SqliteEventStore({ filename: ${JSON.stringify(filename)} });
  store
    .appendToStream('race-${name}', [{ id: require('node:crypto').randomUUID(), type: 'Opened', data: {}, metadata: { recordedAt: new Date().toISOString() } }], { expectedRevision: 'no_stream' })
    .then(() => store.close());
`;

describe('SQLite schema creation by several processes at once', () => {
  it('lets two processes opening one empty file both come up, with one schema (8 trials)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cosinum-race-'));
    try {
      for (let trial = 0; trial < 8; trial++) {
        const filename = join(dir, `events-${trial}.sqlite`);
        const startAt = Date.now() + 1500;
        const outcomes = await Promise.allSettled(
          ['a', 'b'].map((name) =>
            run(
              process.execPath,
              ['-r', 'ts-node/register/transpile-only', '-e', opener(filename, startAt, name)],
              { cwd: ROOT, timeout: 20_000 },
            ),
          ),
        );
        const failures = outcomes
          .filter((o): o is PromiseRejectedResult => o.status === 'rejected')
          .map((o) => String((o.reason as { stderr?: string }).stderr ?? o.reason));
        expect([trial, failures]).toEqual([trial, []]);
        const store = new SqliteEventStore({ filename });
        try {
          expect(store.connection.pragma('user_version', { simple: true })).toBeGreaterThan(0);
          expect(Number(await store.headPosition())).toBe(2);
        } finally {
          await store.close();
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
