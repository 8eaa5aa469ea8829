import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EsdbEventStore } from '@cosinum/event-store';
import { EsdbGrpcClusterDouble, EsdbGrpcDouble, newEvent } from '@cosinum/event-store/testing';
import { run } from '../main';
import { openSqliteStore } from '../store';

/**
 * From the embedded store to EventStoreDB (the protocol-level double: see
 * libs/event-store/testing/esdb-grpc-double.ts), in chunks, as an operator would.
 */
describe('cosinum migrate', () => {
  let dir: string;
  let out: string;
  let server: EsdbGrpcDouble;
  const previousDataDir = process.env.DATA_DIR;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cosinum-cli-migrate-'));
    process.env.DATA_DIR = dir;
    server = await EsdbGrpcDouble.start();
    out = '';
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out += String(chunk);
      return true;
    });
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    process.exitCode = undefined;
    await server.stop();
    if (previousDataDir === undefined) delete process.env.DATA_DIR;
    else process.env.DATA_DIR = previousDataDir;
    rmSync(dir, { recursive: true, force: true });
  });

  const cosinum = async (...args: string[]) => {
    out = '';
    return run(['node', 'cosinum', ...args]);
  };

  it('copies the log with its ids, metadata and hashes, resumes after a stop, and verifies the copy', async () => {
    expect(await cosinum('import', '-q')).toBe(0);
    expect(await cosinum('migrate', '--to', server.connectionString, '--limit', '50', '-q')).toBe(
      0,
    );
    expect(out).toContain('Stopped at --limit');
    expect(await cosinum('migrate', '--to', server.connectionString, '-q')).toBe(0);
    expect(out).toMatch(/Source: 146 events, hash ([0-9a-f]{64})\nTarget: 146 events, hash \1\n/);
    expect(out).toContain(
      'The two logs are identical. Audit of the target: intact, 1 signed checkpoints verified',
    );
    // Run again: nothing is written twice.
    expect(await cosinum('migrate', '--to', server.connectionString, '-q')).toBe(0);
    expect(out).toMatch(/Target: 146 events/);
    expect(await cosinum('migrate', '--to', server.connectionString, '--verify-only', '-q')).toBe(
      0,
    );
  });

  /** Appends to the embedded store (through its integrity chain, as the app does). */
  const addToSource = async (streamName: string, events: ReturnType<typeof newEvent>[]) => {
    const { store } = openSqliteStore();
    try {
      await store.appendToStream(streamName, events, { expectedRevision: 'no_stream' });
    } finally {
      await store.close();
    }
  };

  /** Application events in the target, in log order. */
  const targetEvents = async () => {
    const store = new EsdbEventStore({ connectionString: server.connectionString });
    try {
      return await store.readAll();
    } finally {
      await store.close();
    }
  };

  it('moves forward by --limit on each run: three runs of --limit 50 copy 150 events', async () => {
    expect(await cosinum('import', '-q')).toBe(0);
    await addToSource(
      `note-${randomUUID()}`,
      Array.from({ length: 30 }, (_, n) => newEvent('NoteTaken', { n })),
    );
    for (let run = 1; run <= 3; run++) {
      expect(await cosinum('migrate', '--to', server.connectionString, '--limit', '50', '-q')).toBe(
        0,
      );
      expect(out).toContain('50 events sent');
      expect(out).toContain('Stopped at --limit');
      expect(await targetEvents()).toHaveLength(50 * run);
    }
    expect(await cosinum('migrate', '--to', server.connectionString, '-q')).toBe(0);
    expect(out).toContain('26 events sent');
    expect(out).toMatch(/Source: 176 events, hash ([0-9a-f]{64})\nTarget: 176 events, hash \1\n/);
  });

  it('splits a stream batch of 2 MiB into appends under the server limit (1 MiB)', async () => {
    const stream = `note-${randomUUID()}`;
    // Twenty events of 100 KiB each, appended at once to the embedded store.
    await addToSource(
      stream,
      Array.from({ length: 20 }, (_, n) => newEvent('NoteTaken', { n, text: 'é'.repeat(51_200) })),
    );
    expect(await cosinum('migrate', '--to', server.connectionString, '-q')).toBe(0);
    expect(out).toContain('20 events sent');
    expect(out).toMatch(/Source: 20 events, hash ([0-9a-f]{64})\nTarget: 20 events, hash \1\n/);
    const copied = await targetEvents();
    expect(copied.map((e) => (e.data as { n: number }).n)).toEqual(
      Array.from({ length: 20 }, (_, n) => n),
    );
  });

  it('migrates to a kurrentdb:// connection string (KurrentDB’s name for the same string)', async () => {
    expect(await cosinum('import', '-q')).toBe(0);
    const target = `kurrentdb://127.0.0.1:${server.port}?tls=false`;
    expect(await cosinum('migrate', '--to', target, '-q')).toBe(0);
    expect(out).toMatch(/Source: 146 events, hash ([0-9a-f]{64})\nTarget: 146 events, hash \1\n/);
  });

  it('refuses a target that is not an EventStoreDB connection string', async () => {
    expect(await cosinum('migrate', '--to', 'http://127.0.0.1:2113', '-q')).toBe(2);
  });

  // A three-node cluster (the cluster double) whose leader crashes a third of the way in: the
  // store's retries outlast the election (3 s, as after a real crash; the old 50 and 200 ms did
  // not), and the copy ends complete and identical, each event once.
  it('copies the whole log, once, when the leader crashes during the copy', async () => {
    const cluster = await EsdbGrpcClusterDouble.start(3);
    try {
      expect(await cosinum('import', '-q')).toBe(0);
      const old = cluster.leader;
      const migrating = cosinum('migrate', '--to', cluster.connectionString, '-q');
      // Each event comes with its id claim: 100 stored events are a third of the copy.
      while (cluster.eventCount < 100) await new Promise((r) => setTimeout(r, 2));
      const election = cluster.crashLeader({ electionMs: 3000 });
      expect(await migrating).toBe(0);
      await election;
      expect(cluster.leader).not.toBe(old);
      expect(out).toMatch(/Source: 146 events, hash ([0-9a-f]{64})\nTarget: 146 events, hash \1\n/);
      expect(out).toContain('The two logs are identical.');
    } finally {
      await cluster.stop();
    }
  });
});
