import Database from 'better-sqlite3';
import { randomUUID, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type NewEvent } from '@cosinum/event-store';
import { ChainedEventStore } from './chained-event-store';
import { writeCheckpoint } from './checkpoint';
import { eventHash, GENESIS_HASH } from './event-hash';
import { GlobalHashProjection } from './global-hash.projection';
import { loadOrCreateSigningKey, type SigningKey } from './signing-key';
import { verifyLog } from './verify-log';

let clock = Date.parse('2021-01-04T08:00:00Z');
const event = (type: string, data: unknown): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: {
    actor: { subject: 'analyst@dinum', role: 'analyst' },
    correlationId: randomUUID(),
    causationId: null,
    recordedAt: new Date((clock += 60_000)).toISOString(),
    schemaVersion: 1,
  },
});

/**
 * A small real history in a real SQLite file: three commitments with reports, then a signed
 * checkpoint. Each test tampers with the file directly, as someone with disk access would.
 */
describe('audit verification of a SQLite log', () => {
  let dir: string;
  let file: string;
  let key: SigningKey;
  let trusted: Map<string, KeyObject>;

  const open = () => new ChainedEventStore(new SqliteEventStore({ filename: file }));
  const verify = async () => {
    const store = open();
    try {
      return await verifyLog(store, trusted);
    } finally {
      await store.close();
    }
  };
  const sql = (statement: string, ...params: unknown[]) => {
    const db = new Database(file);
    try {
      return db.prepare(statement).run(...params);
    } finally {
      db.close();
    }
  };
  const row = (position: number) => {
    const db = new Database(file, { readonly: true });
    try {
      return db.prepare('SELECT * FROM events WHERE position = ?').get(position) as Record<
        string,
        string | number
      >;
    } finally {
      db.close();
    }
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cosinum-audit-'));
    file = join(dir, 'events.sqlite');
    key = loadOrCreateSigningKey(join(dir, 'audit-signing-key.pem')).key;
    trusted = new Map([[key.keyId, key.publicKey]]);
    const store = open();
    for (const id of ['a', 'b', 'c']) {
      await store.appendToStream(
        `commitment-${id}`,
        [event('CommitmentDecided', { commitmentId: id, title: `Engagement ${id}` })],
        {
          expectedRevision: 'no_stream',
        },
      );
    }
    for (let i = 0; i < 3; i++) {
      for (const [n, id] of ['a', 'b', 'c'].entries()) {
        await store.appendToStream(
          `commitment-${id}`,
          [event('ProgressReported', { commitmentId: id, ministry: 'MI', value: 60 + i * 10 + n })],
          {
            expectedRevision: i,
          },
        );
      }
    }
    const projection = new GlobalHashProjection();
    for (const e of await store.readAll()) projection.apply(e);
    await writeCheckpoint(store, key, projection.head, new Date((clock += 60_000)).toISOString());
    await store.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('passes on an untouched log, every chain and the signed checkpoint checked', async () => {
    const report = await verify();
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({
      ok: true,
      eventsChecked: 13,
      streams: 4,
      checkpointsVerified: 1,
      uncoveredEvents: 1,
    });
  });

  it('chains each event to the previous one of its stream', async () => {
    const first = row(1);
    const metadata = JSON.parse(first.metadata as string);
    expect(metadata.previousHash).toBe(GENESIS_HASH);
    const fourth = JSON.parse(row(4).metadata as string);
    expect(fourth.previousHash).toBe(metadata.hash);
  });

  it('names the event whose content was edited, even by one byte', async () => {
    const target = row(5);
    sql(
      'UPDATE events SET data = ? WHERE position = 5',
      (target.data as string).replace('"value":61', '"value":91'),
    );
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({
      kind: 'HASH_MISMATCH',
      position: 5,
      eventId: target.event_id,
      streamName: 'commitment-b',
    });
    expect(report.problems[0].message).toContain(String(target.event_id));
  });

  it('detects an edited actor or recording time (metadata is covered too)', async () => {
    const target = row(7);
    sql(
      'UPDATE events SET metadata = ? WHERE position = 7',
      (target.metadata as string).replace('analyst@dinum', 'someone@else'),
    );
    expect((await verify()).problems[0]).toMatchObject({ kind: 'HASH_MISMATCH', position: 7 });
  });

  it('detects an event deleted from the middle of a stream', async () => {
    sql('DELETE FROM events WHERE position = 4');
    const report = await verify();
    expect(report.ok).toBe(false);
    // The first event that does not match is the one after the gap in commitment-a.
    expect(report.problems[0]).toMatchObject({
      kind: 'REVISION_GAP',
      streamName: 'commitment-a',
      streamRevision: 2,
      position: 7,
    });
    expect(report.problems.map((p) => p.kind)).toEqual(
      expect.arrayContaining(['CHAIN_BROKEN', 'CHECKPOINT_MISMATCH']),
    );
  });

  it('detects the last event of a stream deleted (no chain can show it: the signed checkpoint does)', async () => {
    sql('DELETE FROM events WHERE position = 12');
    const report = await verify();
    expect(report.ok).toBe(false);
    // Twelve events are now found where the checkpoint signed twelve others: the rolling hash differs.
    expect(report.problems).toEqual([
      expect.objectContaining({ kind: 'CHECKPOINT_MISMATCH', position: 13 }),
    ]);
  });

  it('detects an event inserted with a forged but consistent chain', async () => {
    // Make room at position 6 by moving every later row up, then forge a well-chained new stream.
    sql('UPDATE events SET position = -position WHERE position >= 6');
    sql('UPDATE events SET position = -position + 1 WHERE position < 0');
    const forged = event('CommitmentDecided', { commitmentId: 'x', title: 'Engagement inventé' });
    const metadata = { ...forged.metadata, previousHash: GENESIS_HASH };
    const hash = eventHash({
      streamName: 'commitment-x',
      streamRevision: 0,
      id: forged.id,
      type: forged.type,
      data: forged.data,
      metadata,
    });
    sql(
      'INSERT INTO events (position, event_id, stream_name, stream_revision, type, data, metadata, recorded_at) VALUES (6, ?, ?, 0, ?, ?, ?, ?)',
      forged.id,
      'commitment-x',
      forged.type,
      JSON.stringify(forged.data),
      JSON.stringify({ ...metadata, hash }),
      metadata.recordedAt,
    );
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.kind)).toContain('CHECKPOINT_MISMATCH');
    expect(
      report.problems.some((p) => p.kind === 'HASH_MISMATCH' || p.kind === 'CHAIN_BROKEN'),
    ).toBe(false);
  });

  it('detects two events of different streams swapped in the global order', async () => {
    sql('UPDATE events SET position = -1 WHERE position = 5');
    sql('UPDATE events SET position = 5 WHERE position = 6');
    sql('UPDATE events SET position = 6 WHERE position = -1');
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      expect.objectContaining({ kind: 'CHECKPOINT_MISMATCH', position: 12 }),
    ]);
  });

  it('detects two events of the same stream swapped', async () => {
    sql('UPDATE events SET position = -1 WHERE position = 4');
    sql('UPDATE events SET position = 4 WHERE position = 7');
    sql('UPDATE events SET position = 7 WHERE position = -1');
    const report = await verify();
    expect(report.problems[0]).toMatchObject({
      kind: 'REVISION_GAP',
      position: 4,
      streamName: 'commitment-a',
    });
  });

  it('detects a truncated log', async () => {
    sql('DELETE FROM events WHERE position BETWEEN 11 AND 12');
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.kind)).toContain('LOG_TRUNCATED');
  });

  it('refuses a checkpoint signed by another key, or whose signature was altered', async () => {
    const other = loadOrCreateSigningKey(join(dir, 'other.pem')).key;
    expect(
      (await verifyLog(open(), new Map([[other.keyId, other.publicKey]]))).problems[0],
    ).toMatchObject({
      kind: 'CHECKPOINT_UNKNOWN_KEY',
    });
    const checkpoint = row(13);
    const data = JSON.parse(checkpoint.data as string);
    data.eventCount = 11;
    sql('UPDATE events SET data = ? WHERE position = 13', JSON.stringify(data));
    const kinds = (await verify()).problems.map((p) => p.kind);
    expect(kinds).toContain('HASH_MISMATCH');
  });
});
