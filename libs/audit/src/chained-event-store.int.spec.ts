import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@cosinum/event-store';
import { eventStoreContract, newEvent } from '@cosinum/event-store/testing';
import { ChainedEventStore } from './chained-event-store';
import { GENESIS_HASH, eventHash } from './event-hash';

// The decorator keeps every promise of the port.
eventStoreContract('SQLite file behind the integrity chain', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cosinum-chained-'));
  const store = new ChainedEventStore(
    new SqliteEventStore({ filename: join(dir, 'events.sqlite'), pollIntervalMs: 20 }),
  );
  return {
    store,
    dispose: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('ChainedEventStore', () => {
  it('chains appends made with any and stream_exists to the real last event', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cosinum-chained-'));
    const store = new ChainedEventStore(
      new SqliteEventStore({ filename: join(dir, 'events.sqlite') }),
    );
    try {
      await store.appendToStream('audit-x', [newEvent('A')], { expectedRevision: 'any' });
      await store.appendToStream('audit-x', [newEvent('B'), newEvent('C')], {
        expectedRevision: 'stream_exists',
      });
      const events = await store.readStream('audit-x');
      expect(events.map((e) => e.metadata.previousHash)).toEqual([
        GENESIS_HASH,
        events[0].metadata.hash,
        events[1].metadata.hash,
      ]);
      for (const e of events) expect(e.metadata.hash).toBe(eventHash(e));
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
