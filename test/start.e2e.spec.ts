import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { emailCommitment } from './support/test-app';

const MAIN = resolve(__dirname, '..', 'dist', 'apps', 'api', 'src', 'main.js');

interface Started {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
}

/** Starts the built server as `npm start` does, and waits for its "listening" log line. */
const started: ChildProcess[] = [];

const startServer = (dataDir: string, env: Record<string, string> = {}): Promise<Started> =>
  new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.push(child);
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 20000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /"port":(\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolvePromise({ child, baseUrl: `http://127.0.0.1:${match[1]}`, output: () => out });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });

const stop = (child: ChildProcess): Promise<number | string | null> =>
  new Promise((done) => {
    child.removeAllListeners('exit');
    child.on('exit', (code, signal) => done(code ?? signal));
    child.kill('SIGTERM');
  });

/** The demo analyst key: a server with no credentials configured accepts it on 127.0.0.1 only. */
const json = async (url: string, init: RequestInit = {}) => {
  const response = await fetch(url, {
    ...init,
    headers: { 'x-api-key': 'demo-analyst', ...(init.headers ?? {}) },
  });
  return { status: response.status, body: (await response.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
};

const titlesCount = (items: { externalId?: string }[]) =>
  new Set(items.map((i) => i.externalId)).size;

describe('the built server, started as `npm start` starts it', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cosinum-start-'));
  afterAll(() => {
    // A failed test must not leave a server running (Jest would never exit).
    for (const child of started)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  beforeAll(() => {
    if (!existsSync(MAIN))
      throw new Error(`${MAIN} is missing: run \`npm run build\` (npm test does it first)`);
  });

  it('starts on the embedded store with the COSINUM catalogue, logs JSON, stops gracefully on SIGTERM and keeps its data', async () => {
    const first = await startServer(dataDir);
    const status = await json(`${first.baseUrl}/api/status?ministry=MI&asOf=2021-02-02`);
    expect(status.status).toBe(200);
    const titles = status.body.items.map((i: { title: string }) => i.title);
    expect(titles).toContainEqual(
      expect.stringContaining('adresse email professionnelle accessible à distance'),
    );
    // The configuration's rules, recorded as the first rule set, beside the catalogue.
    expect(status.body.rules).toMatchObject({ id: 'R1' });
    const rules = await json(`${first.baseUrl}/api/status-rules`);
    expect(rules.body.items).toEqual([
      expect.objectContaining({ id: 'R1', initial: true, warningDays: 30, staleDelayDays: 15 }),
    ]);
    const loaded = (await json(`${first.baseUrl}/health`)).body.projections.events as number;
    expect(loaded).toBeGreaterThan(90);
    const created = await json(`${first.baseUrl}/api/commitments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(emailCommitment({ externalId: 'essai-nouvel-utilisateur' })),
    });
    expect(created.status).toBe(201);
    const health = await json(`${first.baseUrl}/health`);
    expect(health.body).toMatchObject({ status: 'ok', projections: { events: loaded + 1 } });
    const logLines = first
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(3);
    for (const line of logLines) expect(() => JSON.parse(line)).not.toThrow();
    expect(await stop(first.child)).not.toBeNull();
    expect(existsSync(join(dataDir, 'events.sqlite'))).toBe(true);

    const second = await startServer(dataDir);
    try {
      const list = await json(`${second.baseUrl}/api/commitments`);
      expect(list.body.items.map((c: { id: string }) => c.id)).toContain(created.body.id);
      // Not loaded twice: the catalogue entries plus the one created.
      expect(list.body.items).toHaveLength(titlesCount(list.body.items));
      const verification = await json(`${second.baseUrl}/api/audit/verification`);
      expect(verification.body).toMatchObject({ ok: true, problems: [] });
      // The shutdown signed the log head.
      expect(verification.body.checkpointsVerified).toBeGreaterThanOrEqual(1);
    } finally {
      await stop(second.child);
    }
  });

  it('restarts from the snapshot of its read models taken at shutdown, and from the log when the snapshot was altered', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cosinum-start-snapshot-'));
    const boards = async (baseUrl: string) =>
      Promise.all(
        ['/api/status?asOf=2021-02-02', '/api/status?ministry=MI&asOf=2022-06-30'].map(
          async (path) => (await json(`${baseUrl}${path}`)).body.items as unknown[],
        ),
      );
    const logLines = (server: Started) =>
      server
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { msg?: string; [k: string]: unknown });
    try {
      const first = await startServer(dir);
      const before = await boards(first.baseUrl);
      expect(before[0].length).toBeGreaterThan(100);
      const health1 = await json(`${first.baseUrl}/health`);
      expect(health1.body.projections.start).toMatchObject({ from: 'log' });
      await stop(first.child);
      const saved = logLines(first).find((l) => l.msg === 'Snapshot of the read models saved');
      expect(saved).toMatchObject({ why: 'shutdown', position: expect.any(Number) });
      const file = join(dir, 'snapshots', 'read-models.snapshot');
      expect(existsSync(file)).toBe(true);

      const second = await startServer(dir);
      try {
        const health = await json(`${second.baseUrl}/health`);
        expect(health.body.projections.start).toMatchObject({
          from: 'snapshot',
          snapshotPosition: saved?.position,
        });
        expect(logLines(second).map((l) => l.msg)).toContain(
          'Read models loaded from their snapshot',
        );
        expect(await boards(second.baseUrl)).toEqual(before);
      } finally {
        await stop(second.child);
      }

      // One byte changed on disk: the snapshot is refused, said in the log, and the models are
      // rebuilt from the log, to the same boards.
      const bytes = readFileSync(file);
      bytes[bytes.length - 100] ^= 0xff;
      writeFileSync(file, bytes);
      const third = await startServer(dir);
      try {
        const health = await json(`${third.baseUrl}/health`);
        expect(health.body.projections.start).toMatchObject({
          from: 'log',
          discarded: 'the payload does not match its SHA-256',
        });
        expect(logLines(third)).toContainEqual(
          expect.objectContaining({
            level: 40,
            msg: 'Snapshot of the read models discarded: they are rebuilt from the log',
          }),
        );
        expect(await boards(third.baseUrl)).toEqual(before);
      } finally {
        await stop(third.child);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('lets two servers started together on one empty DATA_DIR both come up, with one catalogue load (3 trials)', async () => {
    for (let trial = 0; trial < 3; trial++) {
      const dir = mkdtempSync(join(tmpdir(), 'cosinum-start-race-'));
      try {
        const both = await Promise.all([startServer(dir), startServer(dir)]);
        try {
          // Each server follows the log the other writes (a subscription polls the file): wait
          // until both show the whole catalogue.
          let lists: { status: number; body: any }[] = []; // eslint-disable-line @typescript-eslint/no-explicit-any
          for (let i = 0; i < 50; i++) {
            lists = await Promise.all(both.map((s) => json(`${s.baseUrl}/api/commitments`)));
            if (lists.every((l) => l.status === 200 && l.body.items.length >= 92)) break;
            await new Promise((r) => setTimeout(r, 100));
          }
          const [a, b] = lists;
          expect([trial, a.status, b.status]).toEqual([trial, 200, 200]);
          // One load: every catalogue entry once, in one log both servers read.
          expect(a.body.items.length).toBe(92);
          expect(titlesCount(a.body.items)).toBe(92);
          expect(b.body.items.length).toBe(92);
          // And one first rule set.
          for (const server of both)
            expect(
              (await json(`${server.baseUrl}/api/status-rules`)).body.items.map(
                (r: { id: string }) => r.id,
              ),
            ).toEqual(['R1']);
          // Nothing recorded twice: no commitment holds the same fact twice.
          for (const item of a.body.items as { id: string }[]) {
            const history = await json(`${both[0].baseUrl}/api/commitments/${item.id}/history`);
            const facts = (history.body.items as { type: string; data: unknown }[]).map((e) =>
              JSON.stringify([e.type, e.data]),
            );
            expect([item.id, facts.length]).toEqual([item.id, new Set(facts).size]);
          }
        } finally {
          await Promise.all(both.map((s) => stop(s.child)));
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }, 120_000);

  it('refuses to start when listening beyond this machine with no credentials configured', async () => {
    const child = spawn(process.execPath, [MAIN], {
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        PORT: '0',
        HOST: '0.0.0.0',
        API_KEYS: '',
        OIDC_ISSUER: '',
        AUDIT_SIGNING_KEY_FILE: join(dataDir, '..', 'outside-data-dir', 'audit.pem'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.push(child);
    let output = '';
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    expect(code).toBe(1);
    expect(output).toContain('set API_KEYS or OIDC_ISSUER');
  });

  it('refuses to listen beyond this machine with the signing key beside the log', async () => {
    const child = spawn(process.execPath, [MAIN], {
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        PORT: '0',
        HOST: '0.0.0.0',
        API_KEYS: `x:analyst:${'0'.repeat(64)}`,
        AUDIT_SIGNING_KEY_FILE: join(dataDir, 'audit.pem'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.push(child);
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    expect(code).toBe(1);
    expect(stderr).toContain('AUDIT_SIGNING_KEY_FILE=');
    expect(stderr).toContain('must be outside');
    expect(existsSync(join(dataDir, 'audit.pem'))).toBe(false);
  });

  it('refuses to start on invalid configuration, naming the variable', async () => {
    const child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, DATA_DIR: dataDir, PORT: 'abc', WARNING_DAYS: '-1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    expect(code).toBe(1);
    expect(stderr).toContain('PORT="abc"');
    expect(stderr).toContain('WARNING_DAYS="-1"');
  });

  it('refuses STALE_DAYS, which is no longer read, pointing to STALE_DELAY_DAYS and the rule sets', async () => {
    const child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, DATA_DIR: dataDir, STALE_DAYS: '30' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    expect(code).toBe(1);
    expect(stderr).toContain('STALE_DAYS="30": no longer read');
    expect(stderr).toContain('STALE_DELAY_DAYS');
    expect(stderr).toContain('POST /api/status-rules');
  });
});
