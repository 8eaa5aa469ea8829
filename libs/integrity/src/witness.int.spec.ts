import Database from 'better-sqlite3';
import { randomUUID, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type EventMetadata, type NewEvent } from '@cosinum/event-store';
import { ChainedEventStore } from './chained-event-store';
import {
  CHECKPOINT_STREAM,
  signCheckpoint,
  writeCheckpoint,
  type CheckpointData,
} from './checkpoint';
import { GlobalHashProjection } from './global-hash.projection';
import { loadOrCreateSigningKey, type SigningKey } from './signing-key';
import { verifyLog } from './verify-log';
import { checkpointLine, parseCheckpoint, reconcileWitness } from './witness';

let clock = Date.parse('2021-01-04T08:00:00Z');
const tick = () => new Date((clock += 60_000)).toISOString();
const event = (type: string, data: unknown): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: {
    actor: { subject: 'analyst@dinum', role: 'analyst' },
    correlationId: randomUUID(),
    causationId: null,
    recordedAt: tick(),
    schemaVersion: 1,
  },
});

/**
 * A log whose checkpoints a witness copied elsewhere. Each test then changes the SQLite file as
 * someone with disk access (and, for the rewrite, the signing key) would, in ways the log's own
 * checkpoints cannot show: only the witness's copy does.
 *
 * The log: 12 events, checkpoint 1 (of 12 events, itself event 13), 12 more events, checkpoint 2
 * (of 25 events, itself event 26, the last).
 */
describe('audit verification against a witness', () => {
  let dir: string;
  let file: string;
  let key: SigningKey;
  let trusted: Map<string, KeyObject>;
  let witness: CheckpointData[];

  const open = (at = file) => new ChainedEventStore(new SqliteEventStore({ filename: at }));
  const verify = async (witnessed?: readonly CheckpointData[], at = file) => {
    const store = open(at);
    try {
      return await verifyLog(store, trusted, witnessed ? { witnessed } : {});
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
  const sign = async (store: ChainedEventStore, signedAt = tick()) => {
    const projection = new GlobalHashProjection();
    for (const e of await store.readAll()) projection.apply(e);
    await writeCheckpoint(store, key, projection.head, signedAt);
  };
  const report = async (store: ChainedEventStore, round: number, ids: string[]) => {
    for (const [n, id] of ids.entries()) {
      const revision = (await store.readStream(`commitment-${id}`)).length - 1;
      await store.appendToStream(
        `commitment-${id}`,
        [event('ProgressReported', { commitmentId: id, ministry: 'MI', value: round * 10 + n })],
        { expectedRevision: revision },
      );
    }
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cosinum-witness-'));
    file = join(dir, 'events.sqlite');
    key = loadOrCreateSigningKey(join(dir, 'audit-signing-key.pem')).key;
    trusted = new Map([[key.keyId, key.publicKey]]);
    const store = open();
    for (const id of ['a', 'b', 'c'])
      await store.appendToStream(
        `commitment-${id}`,
        [event('CommitmentDecided', { commitmentId: id, title: `Engagement ${id}` })],
        { expectedRevision: 'no_stream' },
      );
    for (let round = 1; round <= 3; round++) await report(store, round, ['a', 'b', 'c']);
    await sign(store);
    for (let round = 4; round <= 7; round++) await report(store, round, ['a', 'b', 'c']);
    await sign(store);
    // What the witness copied: the checkpoints as the server serves them.
    witness = (await store.readStream(CHECKPOINT_STREAM)).map((e) => parseCheckpoint(e.data));
    await store.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('matches an untouched log against every witnessed checkpoint', async () => {
    expect(witness.map((c) => c.eventCount)).toEqual([12, 25]);
    const result = await verify(witness);
    expect(result.problems).toEqual([]);
    expect(result).toMatchObject({
      ok: true,
      eventsChecked: 26,
      checkpointsVerified: 2,
      witness: { checkpoints: 2, matched: 2 },
    });
  });

  it('detects the last event (the newest checkpoint) deleted, which the log alone does not show', async () => {
    sql('DELETE FROM events WHERE position = 26');
    const alone = await verify();
    expect(alone).toMatchObject({ ok: true, eventsChecked: 25, checkpointsVerified: 1 });

    const result = await verify(witness);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'WITNESS_TRUNCATED' })]);
    expect(result.problems[0].message).toContain('truncated');
    expect(result.witness).toEqual({ checkpoints: 2, matched: 1 });
  });

  it('detects the newest checkpoint and every event after the previous one deleted', async () => {
    sql('DELETE FROM events WHERE position > 13');
    const alone = await verify();
    expect(alone).toMatchObject({ ok: true, eventsChecked: 13, checkpointsVerified: 1 });
    expect(alone.problems).toEqual([]);

    const result = await verify(witness);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'WITNESS_TRUNCATED' })]);
    expect(result.problems[0].message).toContain('vouches for 25 events, but the log has only 13');
  });

  it('detects a rollback: the log cut back to the first checkpoint, then other events signed again', async () => {
    sql('DELETE FROM events WHERE position > 13');
    const store = open();
    for (let round = 4; round <= 7; round++) await report(store, round + 10, ['a', 'b', 'c']);
    await sign(store);
    await store.close();
    expect(await verify()).toMatchObject({ ok: true, eventsChecked: 26, checkpointsVerified: 2 });

    const result = await verify(witness);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      expect.objectContaining({ kind: 'WITNESS_MISMATCH', position: expect.any(Number) }),
    ]);
    expect(result.problems[0].message).toContain('the first 25 events of the log differ');
  });

  it('detects one event rewritten, the log chained and signed again with the stolen key', async () => {
    // Whoever holds the key writes the whole log again into another file, one value changed.
    const forged = join(dir, 'forged.sqlite');
    const source = open();
    const target = open(forged);
    for (const e of await source.readAll()) {
      if (e.streamName === CHECKPOINT_STREAM) {
        await sign(target, (e.data as CheckpointData).signedAt);
        continue;
      }
      const {
        hash: _h,
        previousHash: _p,
        ...metadata
      } = e.metadata as EventMetadata & {
        hash?: string;
        previousHash?: string;
      };
      const data =
        e.position === 5
          ? { ...(e.data as object), value: 99 }
          : (e.data as Record<string, unknown>);
      await target.appendToStream(e.streamName, [{ id: e.id, type: e.type, data, metadata }], {
        expectedRevision: e.streamRevision === 0 ? 'no_stream' : e.streamRevision - 1,
      });
    }
    await source.close();
    await target.close();
    expect(await verify(undefined, forged)).toMatchObject({
      ok: true,
      eventsChecked: 26,
      checkpointsVerified: 2,
    });

    const result = await verify(witness, forged);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.kind)).toEqual(['WITNESS_MISMATCH', 'WITNESS_MISMATCH']);
    expect(result.problems[0]).toMatchObject({ position: 12 });
    expect(result.problems[0].message).toContain('rewritten');
  });

  it('refuses a witnessed checkpoint that does not verify with the trusted keys', async () => {
    const other = loadOrCreateSigningKey(join(dir, 'other.pem')).key;
    const forged = { ...witness[0], signature: witness[1].signature };
    const result = await verify([forged, witness[1]]);
    expect(result.problems.map((p) => p.kind)).toEqual(['WITNESS_UNVERIFIED']);
    trusted = new Map([[other.keyId, other.publicKey]]);
    const untrusted = await verify(witness);
    expect(untrusted.problems.map((p) => p.kind)).toContain('WITNESS_UNVERIFIED');
    expect(untrusted.problems.find((p) => p.kind === 'WITNESS_UNVERIFIED')?.message).toContain(
      key.keyId,
    );
  });
});

describe('what a witness appends, or why it refuses', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cosinum-witness-keys-'));
  const key = loadOrCreateSigningKey(join(dir, 'key.pem')).key;
  const other = loadOrCreateSigningKey(join(dir, 'other.pem')).key;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const hash = (n: number) => n.toString(16).padStart(64, '0');
  let at = Date.parse('2021-03-01T08:00:00Z');
  const checkpoint = (eventCount: number, by = key, h = hash(eventCount)) =>
    signCheckpoint(by, {
      position: eventCount,
      eventCount,
      globalHash: h,
      signedAt: new Date((at += 60_000)).toISOString(),
    });
  const pinned = new Map([[key.keyId, key.publicKey]]);
  const c1 = checkpoint(10);
  const c2 = checkpoint(20);
  const c3 = checkpoint(30);

  it('appends what is new, once, and nothing when nothing is', () => {
    expect(reconcileWitness([], [c1, c2], pinned)).toEqual({ added: [c1, c2], refusals: [] });
    expect(reconcileWitness([c1, c2], [c1, c2, c3], pinned).added).toEqual([c3]);
    expect(reconcileWitness([c1, c2, c3], [c1, c2, c3], pinned).added).toEqual([]);
    // The store position of the checkpoint event is not part of what is kept.
    const served = { ...c2, checkpointPosition: 99 } as CheckpointData;
    expect(reconcileWitness([c1, c2], [c1, served], pinned)).toEqual({ added: [], refusals: [] });
    expect(checkpointLine(served)).toBe(checkpointLine(c2));
  });

  it('refuses a held checkpoint no longer served (truncation, rollback)', () => {
    const result = reconcileWitness([c1, c2], [c1], pinned);
    expect(result.added).toEqual([]);
    expect(result.refusals).toEqual([expect.objectContaining({ kind: 'CHECKPOINT_WITHDRAWN' })]);
    expect(result.refusals[0].message).toContain('the first 20 events');
  });

  it('refuses a held checkpoint served with another hash, even with new ones after it (rewriting)', () => {
    const rewritten = checkpoint(20, key, hash(2000));
    const result = reconcileWitness([c1, c2], [c1, rewritten, c3], pinned);
    expect(result.added).toEqual([]);
    expect(result.refusals).toEqual([expect.objectContaining({ kind: 'CHECKPOINT_REWRITTEN' })]);
  });

  it('refuses a new checkpoint behind the newest held one (rollback)', () => {
    const behind = checkpoint(15);
    expect(reconcileWitness([c1, c2], [c1, behind, c2], pinned).refusals).toEqual([
      expect.objectContaining({ kind: 'CHECKPOINT_BEHIND' }),
    ]);
  });

  it('refuses checkpoints signed by another key, or with a bad signature', () => {
    expect(reconcileWitness([], [checkpoint(10, other)], pinned).refusals).toEqual([
      expect.objectContaining({ kind: 'UNKNOWN_KEY' }),
    ]);
    expect(reconcileWitness([], [{ ...c1, globalHash: hash(11) }], pinned).refusals).toEqual([
      expect.objectContaining({ kind: 'BAD_SIGNATURE' }),
    ]);
  });

  it('after a key rotation, accepts the checkpoints of both keys once the new key is pinned too', () => {
    const rotated = [c1, c2, checkpoint(30, other)];
    expect(reconcileWitness([c1, c2], rotated, pinned).refusals).toEqual([
      expect.objectContaining({ kind: 'UNKNOWN_KEY' }),
    ]);
    const both = new Map([...pinned, [other.keyId, other.publicKey]]);
    expect(reconcileWitness([c1, c2], rotated, both)).toEqual({
      added: [rotated[2]],
      refusals: [],
    });
  });
});
