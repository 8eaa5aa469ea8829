import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_RULES, configurationRuleSet, type Moment } from '@cosinum/domain';
import { EsdbEventStore, SqliteEventStore, type EventStore } from '@cosinum/event-store';
import { EsdbGrpcDouble } from '@cosinum/event-store/testing';
import { EMAIL_DECISION } from '../../domain/testing';
import { executeCommitmentCommand } from './execute-command';
import { ChainedEventStore } from '@cosinum/integrity';
import { SESSION_REVOKED, statusBoard } from '@cosinum/projections';
import { writeHistory } from '../../../bench/history';
import { projectionServiceOn } from '../testing/projection-service';
import { reportOnSome } from '../testing/report-on-some';
import { fixedClock } from './clock';
import type { ProjectionService } from './projection.service';
import { SNAPSHOT_FILE, codeFingerprint, snapshotDirProblem } from './read-model-snapshots';

/**
 * Snapshots on real SQLite files, through the service the API and the worker run: a start from a
 * snapshot plus the log after it must give exactly the models a rebuild from the whole log gives,
 * and a snapshot that does not hold (altered, another store, another code, another key) must be
 * discarded with its reason and the models rebuilt.
 */
describe('read-model snapshots', () => {
  let dir: string;
  const stores: EventStore[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cosinum-snapshots-'));
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  const keyFile = (name = 'key.pem') => {
    const file = join(dir, name);
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    return file;
  };

  const openStore = (file = join(dir, 'events.sqlite')) => {
    const sqlite = new SqliteEventStore({ filename: file, pollIntervalMs: 10 });
    const store = new ChainedEventStore(sqlite);
    stores.push(store);
    return { sqlite, store };
  };

  /** The service as CosinumCoreModule builds it; `close` is its shutdown without closing the store. */
  const service = (
    store: EventStore,
    options: { keyFile?: string; snapshots?: boolean; intervalMs?: number } = {},
  ) => {
    return projectionServiceOn(store, {
      snapshots:
        options.snapshots === false
          ? null
          : { dir: join(dir, 'snapshots'), intervalMs: options.intervalMs ?? 0 },
      auditSigningKeyFile: options.keyFile ?? join(dir, 'no-key.pem'),
    });
  };

  const metadata = () => ({
    actor: { subject: 'test', role: 'system' as const },
    correlationId: randomUUID(),
    causationId: null,
    recordedAt: new Date().toISOString(),
    schemaVersion: 1,
  });

  /** Events of the three small models, so that their snapshots hold something. */
  const appendOthers = async (store: EventStore, tag: string) => {
    await store.appendToStream(
      `reminder-MI-2021-W${tag}`,
      [
        {
          id: randomUUID(),
          metadata: metadata(),
          type: 'ReminderClaimed',
          data: { ministry: 'MI', isoWeek: `2021-W${tag}`, attempt: 1, recipients: ['a@b.fr'] },
        },
        {
          id: randomUUID(),
          metadata: metadata(),
          type: 'ReminderSent',
          data: {
            ministry: 'MI',
            isoWeek: `2021-W${tag}`,
            attempt: 1,
            recipients: ['a@b.fr'],
            subject: 'Rappel',
            commitmentIds: [],
          },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    await store.appendToStream(
      `session-${tag}`,
      [
        {
          id: randomUUID(),
          metadata: metadata(),
          type: SESSION_REVOKED,
          data: { sessionId: `s-${tag}`, expiresAt: Date.now() + 3.6e6 },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
  };

  const comparable = (p: ProjectionService) => ({
    commitments: p.commitments.toSnapshot(),
    head: p.globalHash.head,
    reminders: p.reminders.toSnapshot(),
    sessions: p.sessions.toSnapshot(),
  });

  const moments: Moment[] = [
    { asOf: '2019-06-30T12:00:00Z', knownAt: '2019-07-01T00:00:00Z' },
    { asOf: '2020-03-31T12:00:00Z', knownAt: '2021-01-01T00:00:00Z' },
    { asOf: '2026-12-02T10:00:00Z', knownAt: '2026-12-02T10:00:00Z' },
  ];
  const boards = (p: ProjectionService) =>
    moments.map((m) => statusBoard(p.commitments, m, configurationRuleSet(DEFAULT_RULES)));

  it('a start from the snapshot and the log after it gives the models a rebuild gives', async () => {
    const { sqlite, store } = openStore();
    await writeHistory(sqlite, { events: 6_000, seed: 7 });
    await appendOthers(store, '10');
    const key = keyFile();

    const first = service(store, { keyFile: key });
    await first.onModuleInit();
    expect(first.startInfo).toMatchObject({ from: 'log' });
    await first.onApplicationShutdown();
    const header = JSON.parse(
      readFileSync(join(dir, 'snapshots', SNAPSHOT_FILE))
        .subarray(4)
        .toString('latin1')
        .slice(0, readFileSync(join(dir, 'snapshots', SNAPSHOT_FILE)).readUInt32BE(0)),
    );
    expect(header).toMatchObject({
      format: 1,
      code: await codeFingerprint(),
      position: first.globalHash.head.position,
      eventCount: first.globalHash.head.eventCount,
      globalHash: first.globalHash.head.globalHash,
    });
    expect(header.signature).toEqual(expect.any(String));

    // The log grows after the snapshot: reports on known commitments and the small models' events.
    expect(await reportOnSome(store, 60)).toBeGreaterThan(10);
    await appendOthers(store, '11');

    const second = service(store, { keyFile: key });
    await second.onModuleInit();
    expect(second.startInfo).toMatchObject({
      from: 'snapshot',
      snapshotPosition: header.position,
    });
    const rebuilt = service(store, { snapshots: false });
    await rebuilt.onModuleInit();
    expect(rebuilt.startInfo).toMatchObject({ from: 'log' });

    expect(comparable(second)).toEqual(comparable(rebuilt));
    expect(second.reminders.reminders()).toHaveLength(2);
    const board = boards(second);
    expect(board.map((b) => b.items.length).every((n) => n > 0)).toBe(true);
    expect(board).toEqual(boards(rebuilt));
    expect(second.commitments.size).toBeGreaterThan(0);

    // Both follow the log alike afterwards.
    await appendOthers(store, '12');
    const head = await store.headPosition();
    expect(await second.waitFor(head)).toBe(true);
    expect(await rebuilt.waitFor(head)).toBe(true);
    expect(comparable(second)).toEqual(comparable(rebuilt));
    for (const p of [second, rebuilt]) await p.onApplicationShutdown();
  });

  describe('a snapshot that does not hold is discarded, and the models rebuilt', () => {
    const prepare = async (options: { keyFile?: string } = {}) => {
      const { sqlite, store } = openStore();
      await writeHistory(sqlite, { events: 2_000, seed: 11 });
      await appendOthers(store, '20');
      const p = service(store, options);
      await p.onModuleInit();
      await p.onApplicationShutdown();
      return {
        sqlite,
        store,
        expected: comparable(p),
        file: join(dir, 'snapshots', SNAPSHOT_FILE),
      };
    };

    const startsFromLog = async (store: EventStore, reason: RegExp, options = {}) => {
      const p = service(store, options);
      await p.onModuleInit();
      expect(p.startInfo).toMatchObject({ from: 'log', discarded: expect.stringMatching(reason) });
      return p;
    };

    /** Rewrites the file's header (and optionally its payload). */
    const edit = (
      file: string,
      change: (header: Record<string, unknown>) => void,
      payload?: (bytes: Buffer) => void,
    ) => {
      const bytes = readFileSync(file);
      const length = bytes.readUInt32BE(0);
      const header = JSON.parse(bytes.subarray(4, 4 + length).toString('utf8'));
      change(header);
      const body = Buffer.from(bytes.subarray(4 + length));
      payload?.(body);
      const text = Buffer.from(JSON.stringify(header));
      const size = Buffer.alloc(4);
      size.writeUInt32BE(text.length);
      writeFileSync(file, Buffer.concat([size, text, body]));
    };

    it('a payload altered on disk (its SHA-256 no longer matches)', async () => {
      const { store, expected, file } = await prepare();
      edit(
        file,
        () => undefined,
        (body) => (body[body.length - 10] ^= 0xff),
      );
      const p = await startsFromLog(store, /does not match its SHA-256/);
      expect(comparable(p)).toEqual(expected);
    });

    it('a header altered on disk while a key signs them', async () => {
      const key = keyFile();
      const { store, expected, file } = await prepare({ keyFile: key });
      edit(file, (h) => (h.createdAt = '2030-01-01T00:00:00.000Z'));
      const p = await startsFromLog(store, /signature does not match/, { keyFile: key });
      expect(comparable(p)).toEqual(expected);
    });

    it('a snapshot signed by another key, or by none, when the process has a key', async () => {
      const { store, file } = await prepare({ keyFile: keyFile('other.pem') });
      await startsFromLog(store, /signature does not match/, { keyFile: keyFile() });
      edit(file, (h) => {
        delete h.signature;
        delete h.keyId;
      });
      await startsFromLog(store, /not signed/, { keyFile: keyFile() });
    });

    it('another format, or another version of the folding code (an upgrade)', async () => {
      const { store, file } = await prepare();
      const original = readFileSync(file);
      edit(file, (h) => (h.format = 0));
      await startsFromLog(store, /format 0, this version reads 1/);
      writeFileSync(file, original);
      edit(file, (h) => (h.code = '0'.repeat(64)));
      await startsFromLog(store, /another version of the code/);
    });

    it('a snapshot of another store (the same code, another log)', async () => {
      const { file } = await prepare();
      const other = openStore(join(dir, 'other.sqlite'));
      await writeHistory(other.sqlite, { events: 2_500, seed: 12 });
      expect(readFileSync(file).length).toBeGreaterThan(0);
      await startsFromLog(other.store, /no event|not the snapshot's/);
    });

    it('a log that ends before the snapshot (restored from an earlier backup)', async () => {
      const { sqlite, store, file } = await prepare();
      sqlite.connection
        .prepare('DELETE FROM events WHERE position > (SELECT MAX(position) - 5 FROM events)')
        .run();
      expect(readFileSync(file).length).toBeGreaterThan(0);
      await startsFromLog(store, /the log ends at position/);
    });

    it('a truncated file', async () => {
      const { store, file } = await prepare();
      writeFileSync(file, readFileSync(file).subarray(0, 100));
      await startsFromLog(store, /truncated|not JSON|payload is/);
    });
  });

  it('takes no snapshot when the log did not grow since the one loaded, nor with SNAPSHOT_DIR=none', async () => {
    const { sqlite, store } = openStore();
    await writeHistory(sqlite, { events: 1_000, seed: 3 });
    const first = service(store);
    await first.onModuleInit();
    await first.onApplicationShutdown();
    const file = join(dir, 'snapshots', SNAPSHOT_FILE);
    const written = readFileSync(file);

    const second = service(store);
    await second.onModuleInit();
    expect(second.startInfo?.from).toBe('snapshot');
    await second.onApplicationShutdown();
    expect(readFileSync(file).equals(written)).toBe(true);

    rmSync(file);
    const off = service(store, { snapshots: false });
    await off.onModuleInit();
    await off.onApplicationShutdown();
    expect(() => readFileSync(file)).toThrow(/ENOENT/);
  });

  it('takes a snapshot every interval while the log grows, and none while it does not', async () => {
    const { sqlite, store } = openStore();
    await writeHistory(sqlite, { events: 500, seed: 5 });
    const p = service(store, { intervalMs: 50 });
    await p.onModuleInit();
    const file = join(dir, 'snapshots', SNAPSHOT_FILE);
    const headerOf = () => {
      try {
        const bytes = readFileSync(file);
        return JSON.parse(bytes.subarray(4, 4 + bytes.readUInt32BE(0)).toString('utf8'));
      } catch {
        return undefined;
      }
    };
    const until = async (ok: () => boolean) => {
      for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 20));
      return ok();
    };
    expect(await until(() => headerOf()?.position === p.globalHash.head.position)).toBe(true);
    await appendOthers(store, '30');
    const head = await store.headPosition();
    expect(await until(() => headerOf()?.position === head)).toBe(true);
    const written = readFileSync(file);
    await new Promise((r) => setTimeout(r, 200));
    expect(readFileSync(file).equals(written)).toBe(true);
    await p.onApplicationShutdown();
    expect(readFileSync(file).equals(written)).toBe(true);
  });

  it('on EventStoreDB (the gRPC double): loaded from its last event, refused on another server', async () => {
    const doubles = [await EsdbGrpcDouble.start(), await EsdbGrpcDouble.start()];
    const open = (double: EsdbGrpcDouble) => {
      const store = new ChainedEventStore(
        new EsdbEventStore({ connectionString: double.connectionString }),
      );
      stores.push(store);
      return store;
    };
    try {
      const [store, otherStore] = doubles.map(open);
      const clock = fixedClock('2021-01-04T09:00:00.000Z');
      const actor = { subject: 'spec', role: 'analyst' };
      for (const s of [store, otherStore]) {
        await executeCommitmentCommand(
          s,
          clock,
          { type: 'DecideCommitment', data: EMAIL_DECISION },
          { actor },
          { maxAttempts: 3 },
        );
        await appendOthers(s, '40');
      }
      const first = service(store);
      await first.onModuleInit();
      await first.onApplicationShutdown();
      await appendOthers(store, '41');

      const second = service(store);
      await second.onModuleInit();
      expect(second.startInfo).toMatchObject({ from: 'snapshot' });
      const rebuilt = service(store, { snapshots: false });
      await rebuilt.onModuleInit();
      expect(comparable(second)).toEqual(comparable(rebuilt));
      expect(second.commitments.size).toBe(1);

      // The same stream names and revisions on another server: other ids, other hashes.
      const other = service(otherStore);
      await other.onModuleInit();
      expect(other.startInfo).toMatchObject({
        from: 'log',
        discarded: expect.stringMatching(/not the snapshot's|no event|log ends/),
      });
      for (const p of [second, rebuilt, other]) await p.onApplicationShutdown();
    } finally {
      for (const store of stores.splice(0)) await store.close().catch(() => undefined);
      for (const double of doubles) await double.stop();
    }
  });

  it('says at start when the snapshot directory cannot be written, naming it and what to set', async () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, '');
    expect(await snapshotDirProblem(join(blocker, 'snapshots', SNAPSHOT_FILE))).toMatch(
      /a-file\/snapshots cannot be written \(E[A-Z]+\): set SNAPSHOT_DIR to a writable directory, or to none/,
    );
    expect(await snapshotDirProblem(join(dir, 'new', SNAPSHOT_FILE))).toBeUndefined();
  });
});
