import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { eventStoreContract, newEvent } from '../../testing';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '../event-store.errors';
import { SqliteEventStore } from './sqlite-event-store';

const tempStore = () => {
  const dir = mkdtempSync(join(tmpdir(), 'cosinum-store-'));
  const filename = join(dir, 'events.sqlite');
  return { dir, filename };
};

eventStoreContract('SQLite file', async () => {
  const { dir, filename } = tempStore();
  const store = new SqliteEventStore({ filename, pollIntervalMs: 20 });
  return {
    store,
    dispose: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SQLite event store specifics', () => {
  it('is idempotent on a repeat with any or stream_exists too, however old (stronger than the contract)', async () => {
    const { dir, filename } = tempStore();
    const store = new SqliteEventStore({ filename });
    try {
      const s = `test-${dir.slice(-6)}`;
      const events = [newEvent(), newEvent()];
      const first = await store.appendToStream(s, events, { expectedRevision: 'no_stream' });
      await store.appendToStream(s, [newEvent()], { expectedRevision: 1 });
      const head = await store.headPosition();
      expect(await store.appendToStream(s, events, { expectedRevision: 'any' })).toEqual(first);
      expect(await store.appendToStream(s, events, { expectedRevision: 'stream_exists' })).toEqual(
        first,
      );
      expect(await store.headPosition()).toBe(head);
      expect(await store.readStream(s)).toHaveLength(3);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('appends to several streams atomically: all of them, or none when one revision is stale', async () => {
    const { dir, filename } = tempStore();
    const store = new SqliteEventStore({ filename });
    try {
      await store.appendToStream('commitment-a', [newEvent('A1')], {
        expectedRevision: 'no_stream',
      });
      const head = await store.headPosition();
      await expect(
        store.appendAtomically([
          { streamName: 'commitment-a', events: [newEvent('A2')], expectedRevision: 0 },
          { streamName: 'commitment-b', events: [newEvent('B1')], expectedRevision: 3 },
        ]),
      ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect(await store.headPosition()).toBe(head);
      const results = await store.appendAtomically([
        {
          streamName: 'commitment-a',
          events: [newEvent('A2'), newEvent('A3')],
          expectedRevision: 0,
        },
        { streamName: 'commitment-b', events: [newEvent('B1')], expectedRevision: 'no_stream' },
      ]);
      expect(results.map((r) => r.nextExpectedRevision)).toEqual([2, 0]);
      expect((await store.readStream('commitment-a')).map((e) => e.type)).toEqual([
        'A1',
        'A2',
        'A3',
      ]);
      expect((await store.readAll()).map((e) => e.type)).toEqual(['A1', 'A2', 'A3', 'B1']);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // Stronger than the port's contract (EventStoreDB, like the server it models, writes such a
  // repeat again): a repeat is recognised by its ids even when its expected revision is current.
  it('writes a repeat once even when its expected revision is the current one, and refuses half a repeat', async () => {
    const { dir, filename } = tempStore();
    const store = new SqliteEventStore({ filename });
    try {
      const events = [newEvent('A'), newEvent('B')];
      const first = await store.appendToStream('commitment-1', events, {
        expectedRevision: 'no_stream',
      });
      expect(await store.appendToStream('commitment-1', events, { expectedRevision: 1 })).toEqual(
        first,
      );
      // Half a repeat (a new event, then one already stored) is refused whole.
      await expect(
        store.appendToStream('commitment-1', [newEvent('C'), events[0]], { expectedRevision: 1 }),
      ).rejects.toBeInstanceOf(DuplicateEventIdError);
      expect(await store.readStream('commitment-1')).toHaveLength(2);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps every event across a close and reopen of the file', async () => {
    const { dir, filename } = tempStore();
    const first = new SqliteEventStore({ filename });
    await first.appendToStream('commitment-1', [newEvent('A'), newEvent('B')], {
      expectedRevision: 'no_stream',
    });
    await first.close();
    const second = new SqliteEventStore({ filename });
    expect((await second.readStream('commitment-1')).map((e) => e.type)).toEqual(['A', 'B']);
    await second.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uses WAL and delivers to a subscriber the events another connection writes to the same file', async () => {
    const { dir, filename } = tempStore();
    const server = new SqliteEventStore({ filename, pollIntervalMs: 20 });
    expect(server.connection.pragma('journal_mode', { simple: true })).toBe('wal');
    const seen: string[] = [];
    const subscription = server.subscribeToAll({
      after: 0,
      onEvent: (e) => void seen.push(e.type),
    });
    const cli = new SqliteEventStore({ filename });
    await cli.appendToStream('commitment-2', [newEvent('FromAnotherProcess')], {
      expectedRevision: 'no_stream',
    });
    await cli.close();
    const started = Date.now();
    while (seen.length === 0 && Date.now() - started < 5000)
      await new Promise((r) => setTimeout(r, 10));
    await subscription.stop();
    await server.close();
    expect(seen).toEqual(['FromAnotherProcess']);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a concurrent writer that checked an old revision, across connections', async () => {
    const { dir, filename } = tempStore();
    const a = new SqliteEventStore({ filename });
    const b = new SqliteEventStore({ filename });
    await a.appendToStream('commitment-3', [newEvent()], { expectedRevision: 'no_stream' });
    await a.appendToStream('commitment-3', [newEvent()], { expectedRevision: 0 });
    await expect(
      b.appendToStream('commitment-3', [newEvent()], { expectedRevision: 0 }),
    ).rejects.toThrow(/expected revision 0, actual 1/);
    await a.close();
    await b.close();
    const raw = new Database(filename, { readonly: true });
    expect(raw.prepare('SELECT COUNT(*) AS n FROM events').get()).toEqual({ n: 2 });
    raw.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
