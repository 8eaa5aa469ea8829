import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, WrongExpectedRevisionError } from '@cosinum/event-store';
import { eventStoreContract, newEvent } from '@cosinum/event-store/testing';
import { ChainedEventStore } from './chained-event-store';
import { GENESIS_HASH, eventHash } from './event-hash';
import { verifyLog } from './verify-log';

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

  it('keeps the chain whole when another process appends after a link it remembers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cosinum-chained-'));
    const filename = join(dir, 'events.sqlite');
    const mine = new ChainedEventStore(new SqliteEventStore({ filename }));
    const theirs = new ChainedEventStore(new SqliteEventStore({ filename }));
    try {
      await mine.appendToStream('audit-x', [newEvent('A')], { expectedRevision: 'no_stream' });
      await mine.readStream('audit-x'); // remembers the link at revision 0
      await theirs.appendToStream('audit-x', [newEvent('B')], { expectedRevision: 0 });
      // The remembered link is at 0, the stream is at 1: the append at 0 is refused, not chained.
      await expect(
        mine.appendToStream('audit-x', [newEvent('C')], { expectedRevision: 0 }),
      ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await mine.appendToStream('audit-x', [newEvent('C')], { expectedRevision: 1 });
      await theirs.appendToStream('audit-x', [newEvent('D')], { expectedRevision: 'any' });
      await mine.appendToStream('audit-x', [newEvent('E')], { expectedRevision: 3 });
      const events = await mine.readStream('audit-x');
      expect(events.map((e) => e.type)).toEqual(['A', 'B', 'C', 'D', 'E']);
      expect(events.map((e) => e.metadata.previousHash)).toEqual([
        GENESIS_HASH,
        ...events.slice(0, -1).map((e) => e.metadata.hash),
      ]);
      for (const e of events) expect(e.metadata.hash).toBe(eventHash(e));
      expect((await verifyLog(mine, new Map())).ok).toBe(true);
    } finally {
      await theirs.close();
      await mine.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes the links its subscriptions deliver, so an append at a known revision reads nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cosinum-chained-'));
    const filename = join(dir, 'events.sqlite');
    const writer = new ChainedEventStore(new SqliteEventStore({ filename }));
    const sqlite = new SqliteEventStore({ filename, pollIntervalMs: 20 });
    let reads = 0;
    const counting = new Proxy(sqlite, {
      get(target, key, receiver) {
        if (key !== 'readStream') return Reflect.get(target, key, receiver);
        return (...args: Parameters<SqliteEventStore['readStream']>) => {
          reads++;
          return target.readStream(...args);
        };
      },
    });
    const reader = new ChainedEventStore(counting);
    try {
      await writer.appendToStream('audit-y', [newEvent('A'), newEvent('B')], {
        expectedRevision: 'no_stream',
      });
      const seen: number[] = [];
      const subscription = reader.subscribeToAll({
        after: 0,
        onEvent: (e) => {
          seen.push(e.streamRevision);
        },
      });
      while (seen.length < 2) await new Promise((r) => setTimeout(r, 10));
      await subscription.stop();
      await reader.appendToStream('audit-y', [newEvent('C')], { expectedRevision: 1 });
      expect(reads).toBe(0);
      const events = await writer.readStream('audit-y');
      expect(events[2].metadata.previousHash).toBe(events[1].metadata.hash);
      expect((await verifyLog(writer, new Map())).ok).toBe(true);
    } finally {
      await reader.close();
      await writer.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['in one transaction (SQLite)', (s: SqliteEventStore) => s],
    [
      'stream by stream on a store without atomic appends',
      (s: SqliteEventStore) =>
        new Proxy(s, {
          get: (target, key, receiver) =>
            key === 'appendAtomically' ? undefined : Reflect.get(target, key, receiver),
        }),
    ],
  ])('chains a multi-stream append %s', async (_how, wrap) => {
    const dir = mkdtempSync(join(tmpdir(), 'cosinum-chained-'));
    const store = new ChainedEventStore(
      wrap(new SqliteEventStore({ filename: join(dir, 'e.sqlite') })),
    );
    try {
      await store.appendToStream('audit-m', [newEvent('M0')], { expectedRevision: 'no_stream' });
      const results = await store.appendAtomically([
        { streamName: 'audit-m', events: [newEvent('M1'), newEvent('M2')], expectedRevision: 0 },
        { streamName: 'audit-n', events: [newEvent('N0')], expectedRevision: 'no_stream' },
      ]);
      expect(results.map((r) => r.nextExpectedRevision)).toEqual([2, 0]);
      const m = await store.readStream('audit-m');
      expect(m.map((e) => e.metadata.previousHash)).toEqual([
        GENESIS_HASH,
        m[0].metadata.hash,
        m[1].metadata.hash,
      ]);
      for (const e of [...m, ...(await store.readStream('audit-n'))])
        expect(e.metadata.hash).toBe(eventHash(e));
      expect((await verifyLog(store, new Map())).ok).toBe(true);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
