import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCHEMA_VERSION, SqliteEventStore } from '@cosinum/event-store';
import { newEvent } from '@cosinum/event-store/testing';
import { ChainedEventStore } from './chained-event-store';
import {
  CHECKPOINT_EVENT,
  CHECKPOINT_STREAM,
  checkpointDecider,
  claimText,
  writeCheckpoint,
} from './checkpoint';
import { GlobalHashProjection } from './global-hash.projection';
import { loadOrCreateSigningKey, verifyText, type SigningKey } from './signing-key';
import { verifyLog } from './verify-log';

describe('signed checkpoints, written through the one command path', () => {
  let dir: string;
  let key: SigningKey;
  let store: ChainedEventStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cosinum-checkpoint-'));
    key = loadOrCreateSigningKey(join(dir, 'audit-signing-key.pem')).key;
    store = new ChainedEventStore(new SqliteEventStore({ filename: join(dir, 'events.sqlite') }));
    await store.appendToStream('commitment-a', [newEvent('CommitmentDecided')], {
      expectedRevision: 'no_stream',
    });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const head = async () => {
    const projection = new GlobalHashProjection();
    for (const e of await store.readAll()) projection.apply(e);
    return projection.head;
  };

  it('decides one signed checkpoint of the head, whatever the stream holds', () => {
    const command = {
      key,
      head: { position: 7, eventCount: 7, globalHash: 'ab'.repeat(32) },
      signedAt: '2021-01-04T08:00:00.000Z',
    };
    const [event, ...rest] = checkpointDecider.decide(command, checkpointDecider.initialState());
    expect(rest).toEqual([]);
    expect(event.type).toBe(CHECKPOINT_EVENT);
    expect(event.data).toMatchObject({
      ...command.head,
      signedAt: command.signedAt,
      keyId: key.keyId,
    });
    expect(verifyText(key.publicKey, claimText(event.data), event.data.signature)).toBe(true);
  });

  it('records the checkpoint with the common metadata envelope, signed and recorded at one instant', async () => {
    const now = '2021-01-04T09:00:00.000Z';
    const data = await writeCheckpoint(store, key, await head(), now, {
      subject: 'system:cli',
      role: 'system',
    });
    const [recorded] = await store.readStream(CHECKPOINT_STREAM);
    expect(recorded.type).toBe(CHECKPOINT_EVENT);
    expect(recorded.data).toEqual(data);
    expect(recorded.metadata).toMatchObject({
      actor: { subject: 'system:cli', role: 'system' },
      causationId: null,
      recordedAt: now,
      schemaVersion: SCHEMA_VERSION,
    });
    expect(typeof recorded.metadata.correlationId).toBe('string');
    expect(data).toMatchObject({ position: 1, eventCount: 1, signedAt: now });
  });

  it('appends after the checkpoints already there, also when two writers sign at once', async () => {
    await writeCheckpoint(store, key, await head(), '2021-01-04T09:00:00.000Z');
    const second = new ChainedEventStore(
      new SqliteEventStore({ filename: join(dir, 'events.sqlite') }),
    );
    try {
      const h = await head();
      await Promise.all([
        writeCheckpoint(store, key, h, '2021-01-04T10:00:00.000Z'),
        writeCheckpoint(second, key, h, '2021-01-04T10:00:00.000Z'),
      ]);
    } finally {
      await second.close();
    }
    const checkpoints = await store.readStream(CHECKPOINT_STREAM);
    expect(checkpoints.map((e) => e.streamRevision)).toEqual([0, 1, 2]);
    const report = await verifyLog(store, new Map([[key.keyId, key.publicKey]]));
    expect(report.problems).toEqual([]);
    expect(report.checkpointsVerified).toBe(3);
  });
});
