import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  emailCommitment,
  KEYS,
  startTestApp,
  type TestApp,
} from '../../../../test/support/test-app';
import { cliSandbox } from '../../testing/cli-sandbox';
import { run } from '../main';

/**
 * A witness (an auditor, a ministry) copies the signed checkpoints of a running server into its
 * own directory; later the store's owner cuts the end of the log off, or rolls it back. The log's
 * own checkpoints cannot show it; the witness's copy does.
 */
describe('cosinum audit witness, and audit verify --witness', () => {
  const cli = cliSandbox('cosinum-cli-witness-');
  let app: TestApp | undefined;
  let other: TestApp | undefined;
  let witnessDir: string;
  beforeEach(() => {
    witnessDir = join(mkdtempSync(join(tmpdir(), 'cosinum-witness-dir-')), 'witness');
  });
  afterEach(async () => {
    await app?.dispose();
    await other?.dispose();
    app = other = undefined;
    rmSync(join(witnessDir, '..'), { recursive: true, force: true });
  });

  const cosinum = async (...args: string[]) => {
    cli.clear();
    return run(['node', 'cosinum', ...args]);
  };
  const witness = (from: TestApp, ...extra: string[]) =>
    cosinum('audit', 'witness', '--from', from.baseUrl, '--to', witnessDir, ...extra);
  const sql = (statement: string) => {
    const db = new Database(join(cli.dir, 'events.sqlite'));
    try {
      db.prepare(statement).run();
    } finally {
      db.close();
    }
  };
  const snapshot = () =>
    Object.fromEntries(
      readdirSync(witnessDir).map((f) => [f, readFileSync(join(witnessDir, f), 'utf8')]),
    );

  /**
   * The server on the sandbox's DATA_DIR (which records its first rule set at start-up): one
   * commitment, two reports, a checkpoint after each step.
   */
  const serve = async () => {
    const t = await startTestApp({ dataDir: cli.dir, now: '2021-01-04T09:00:00Z' });
    const created = await t.request('POST', '/api/commitments', emailCommitment());
    expect(created.status).toBe(201);
    expect((await t.request('POST', '/api/audit/checkpoints')).body.checkpoint).not.toBeNull();
    for (const [ministry, value] of [
      ['MI', 80],
      ['MJ', 75],
    ] as const) {
      const reported = await t.request('POST', `/api/commitments/${created.body.id}/progress`, {
        ministry,
        value,
        on: '2021-01-03',
      });
      expect(reported.status).toBe(201);
    }
    expect((await t.request('POST', '/api/audit/checkpoints')).body.checkpoint).not.toBeNull();
    return t;
  };

  it('copies the checkpoints, then exposes a truncated log that plain verification calls intact', async () => {
    app = await serve();
    expect(await witness(app, '--api-key', KEYS.auditor)).toBe(0);
    expect(cli.out).toMatch(/^Witnessed 2 new checkpoint\(s\) of http:\/\/127\.0\.0\.1:\d+ /);
    const lines = readFileSync(join(witnessDir, 'checkpoints.jsonl'), 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).eventCount)).toEqual([2, 5]);
    expect(readFileSync(join(witnessDir, 'public-key.pem'), 'utf8')).toContain('PUBLIC KEY');

    // Again, with the key from the environment: nothing new.
    process.env.COSINUM_API_KEY = KEYS.auditor;
    try {
      expect(await witness(app)).toBe(0);
      expect(cli.out).toContain('Witnessed 0 new checkpoint(s)');
      // The server itself as the witness source, read without writing.
      expect(await cosinum('audit', 'verify', '-q', '--witness', app.baseUrl)).toBe(0);
      expect(cli.out).toContain('matches the 2 checkpoints the witness holds');
    } finally {
      delete process.env.COSINUM_API_KEY;
    }
    expect(readFileSync(join(witnessDir, 'checkpoints.jsonl'), 'utf8').trim().split('\n')).toEqual(
      lines,
    );
    await app.close();

    expect(await cosinum('audit', 'verify', '-q', '--witness', witnessDir)).toBe(0);
    expect(cli.out).toMatch(/^Log intact: 6 events .*matches the 2 checkpoints the witness holds/);

    // The last event (the newest checkpoint) deleted: the log alone still looks intact.
    sql('DELETE FROM events WHERE position = (SELECT MAX(position) FROM events)');
    expect(await cosinum('audit', 'verify', '-q')).toBe(0);
    expect(cli.out).toMatch(/^Log intact: 5 events/);
    expect(await cosinum('audit', 'verify', '-q', '--witness', witnessDir)).toBe(3);
    expect(cli.out).toMatch(/^Log NOT intact: 1 problem\(s\)\. First: .*truncated/);
    expect(await cosinum('audit', 'verify', '--json', '--witness', witnessDir)).toBe(3);
    expect(JSON.parse(cli.out).problems).toEqual([
      expect.objectContaining({ kind: 'WITNESS_TRUNCATED' }),
    ]);

    // And every event after the first checkpoint.
    sql('DELETE FROM events WHERE position > 3');
    expect(await cosinum('audit', 'verify', '-q')).toBe(0);
    expect(await cosinum('audit', 'verify', '-q', '--witness', witnessDir)).toBe(3);
    expect(cli.out).toContain(
      'vouches for 5 events, but the log has only 3: the log was truncated',
    );
  });

  it('refuses, writing nothing, when the server no longer serves what it witnessed, or signs with another key', async () => {
    app = await serve();
    expect(await witness(app, '--api-key', KEYS.auditor)).toBe(0);
    await app.close();
    const before = snapshot();

    // Rolled back to the first checkpoint, then the server started again.
    sql('DELETE FROM events WHERE position > 3');
    app = await startTestApp({ dataDir: cli.dir, now: '2021-01-05T09:00:00Z' });
    expect(await witness(app, '--api-key', KEYS.auditor)).toBe(3);
    expect(cli.err).toContain(`cosinum: witness refused, nothing written to ${witnessDir}`);
    expect(cli.err).toContain(
      'no longer serves the checkpoint of the first 5 events signed at 2021-01-04T09:00:00.000Z',
    );
    expect(cli.err).toContain('truncated or rolled back');
    expect(snapshot()).toEqual(before);

    // Another server (another signing key) given as the same source.
    other = await startTestApp({ now: '2021-01-05T09:00:00Z' });
    const pinned = readFileSync(join(witnessDir, 'public-key.pem'), 'utf8');
    const served = (await other.request('GET', '/api/audit/public-key')).body;
    expect(served.publicKeyPem).not.toBe(pinned);
    expect(await witness(other, '--api-key', KEYS.auditor)).toBe(3);
    expect(cli.err).toMatch(
      new RegExp(`now signs with key ${served.keyId}, but the witness trusts [0-9a-f]{16}`),
    );
    expect(cli.err).toContain(`--accept-key ${served.keyId}`);
    expect(snapshot()).toEqual(before);
  });

  it('follows a key rotation only when told the new key id, keeping the old key for what it signed', async () => {
    app = await serve();
    expect(await witness(app, '--api-key', KEYS.auditor)).toBe(0);
    const oldKey = (await app.request('GET', '/api/audit/public-key')).body;
    await app.close();
    // The owner rotates the key: a new signing key, the old public key kept as a previous key.
    const previous = join(cli.dir, 'previous-keys.pem');
    writeFileSync(previous, oldKey.publicKeyPem);
    app = await startTestApp({
      dataDir: cli.dir,
      now: '2021-01-06T09:00:00Z',
      env: {
        AUDIT_SIGNING_KEY_FILE: join(cli.dir, 'rotated-key.pem'),
        AUDIT_PREVIOUS_KEYS_FILE: previous,
      },
    });
    const newKey = (await app.request('GET', '/api/audit/public-key')).body;
    expect(newKey.keyId).not.toBe(oldKey.keyId);
    expect(newKey.previousKeys).toEqual([
      { keyId: oldKey.keyId, publicKeyPem: oldKey.publicKeyPem },
    ]);
    const id = (await app.request('GET', '/api/commitments')).body.items[0].id;
    expect(
      (
        await app.request('POST', `/api/commitments/${id}/progress`, {
          ministry: 'MEFR',
          value: 90,
          on: '2021-01-05',
        })
      ).status,
    ).toBe(201);
    expect((await app.request('POST', '/api/audit/checkpoints')).body.checkpoint).not.toBeNull();
    // The server verifies the checkpoints of both keys.
    expect((await app.request('GET', '/api/audit/verification')).body.ok).toBe(true);
    const before = snapshot();

    // Not told: refused, nothing written.
    expect(await witness(app, '--api-key', KEYS.auditor)).toBe(3);
    expect(cli.err).toContain(`--accept-key ${newKey.keyId}`);
    expect(snapshot()).toEqual(before);
    // Told another id: refused too.
    expect(await witness(app, '--api-key', KEYS.auditor, '--accept-key', oldKey.keyId)).toBe(3);
    expect(cli.err).toContain(`is not the key the server signs with (${newKey.keyId})`);
    expect(snapshot()).toEqual(before);
    // Told the new key's id: the new checkpoint is witnessed, the old key stays pinned.
    expect(await witness(app, '--api-key', KEYS.auditor, '--accept-key', newKey.keyId)).toBe(0);
    expect(readFileSync(join(witnessDir, 'public-key.pem'), 'utf8')).toBe(before['public-key.pem']);
    expect(readFileSync(join(witnessDir, 'accepted-keys.pem'), 'utf8')).toBe(newKey.publicKeyPem);
    expect(await witness(app, '--api-key', KEYS.auditor)).toBe(0);
    expect(cli.out).toContain('Witnessed 0 new checkpoint(s)');
    await app.close();

    // Verification trusts both keys through AUDIT_PREVIOUS_KEYS_FILE, and the witness matches.
    process.env.AUDIT_SIGNING_KEY_FILE = join(cli.dir, 'rotated-key.pem');
    process.env.AUDIT_PREVIOUS_KEYS_FILE = previous;
    try {
      expect(await cosinum('audit', 'verify', '-q', '--witness', witnessDir)).toBe(0);
      expect(cli.out).toContain('Log intact');
      delete process.env.AUDIT_PREVIOUS_KEYS_FILE;
      // Without the previous key, the checkpoints it signed are untrusted.
      expect(await cosinum('audit', 'verify', '-q')).toBe(3);
    } finally {
      delete process.env.AUDIT_SIGNING_KEY_FILE;
      delete process.env.AUDIT_PREVIOUS_KEYS_FILE;
    }
  });

  it('asks for a key when the server refuses, and writes nothing', async () => {
    app = await serve();
    expect(await witness(app)).toBe(2);
    expect(cli.err).toContain('answered 401');
    expect(cli.err).toContain('COSINUM_API_KEY');
    expect(existsSync(witnessDir)).toBe(false);
  });
});
