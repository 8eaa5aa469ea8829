import { randomUUID } from 'node:crypto';
import {
  DuplicateEventIdError,
  WrongExpectedRevisionError,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from '../src';

export interface ContractSubject {
  readonly store: EventStore;
  readonly dispose: () => Promise<void>;
}

let clock = Date.parse('2021-01-01T00:00:00Z');

export const newEvent = (type = 'SomethingHappened', data: unknown = { n: 1 }): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: {
    actor: { subject: 'contract-test', role: 'analyst' },
    correlationId: randomUUID(),
    causationId: null,
    recordedAt: new Date((clock += 1000)).toISOString(),
    schemaVersion: 1,
  },
});

const waitUntil = async (condition: () => boolean, timeoutMs = 5000): Promise<void> => {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

/**
 * The behaviour every adapter of the event-store port must have. The EventStoreDB adapter runs
 * this same suite unchanged.
 */
export const eventStoreContract = (name: string, create: () => Promise<ContractSubject>): void => {
  describe(`event store contract: ${name}`, () => {
    let subject: ContractSubject;
    let store: EventStore;
    const stream = (category = 'test') => `${category}-${randomUUID()}`;

    beforeEach(async () => {
      subject = await create();
      store = subject.store;
    });
    afterEach(async () => {
      await subject.dispose();
    });

    it('reads a missing stream as empty', async () => {
      await expect(store.readStream(stream())).resolves.toEqual([]);
    });

    it('appends to a new stream with no_stream and reads events back with their metadata', async () => {
      const s = stream();
      const events = [newEvent('A', { a: 1, text: 'été à 100 %' }), newEvent('B', { b: [1, 2] })];
      const result = await store.appendToStream(s, events, { expectedRevision: 'no_stream' });
      expect(result.nextExpectedRevision).toBe(1);
      const read = await store.readStream(s);
      expect(read.map((e) => [e.id, e.type, e.data, e.streamRevision, e.streamName])).toEqual([
        [events[0].id, 'A', { a: 1, text: 'été à 100 %' }, 0, s],
        [events[1].id, 'B', { b: [1, 2] }, 1, s],
      ]);
      // Adapters and decorators may add fields (the integrity chain does); none may change one.
      expect(read[0].metadata).toMatchObject(events[0].metadata);
      expect(read[1].position).toBeGreaterThan(read[0].position);
      expect(result.position).toBe(read[1].position);
    });

    it('rejects no_stream on an existing stream', async () => {
      const s = stream();
      await store.appendToStream(s, [newEvent()], { expectedRevision: 'no_stream' });
      await expect(
        store.appendToStream(s, [newEvent()], { expectedRevision: 'no_stream' }),
      ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    });

    it('appends with the exact expected revision and rejects a stale one', async () => {
      const s = stream();
      await store.appendToStream(s, [newEvent()], { expectedRevision: 'no_stream' });
      const second = await store.appendToStream(s, [newEvent()], { expectedRevision: 0 });
      expect(second.nextExpectedRevision).toBe(1);
      const error = await store
        .appendToStream(s, [newEvent()], { expectedRevision: 0 })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect((error as WrongExpectedRevisionError).actual).toBe(1);
      expect(await store.readStream(s)).toHaveLength(2);
    });

    it('rejects a numeric expected revision on a missing stream', async () => {
      await expect(
        store.appendToStream(stream(), [newEvent()], { expectedRevision: 0 }),
      ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    });

    it('honours stream_exists and any', async () => {
      const s = stream();
      await expect(
        store.appendToStream(s, [newEvent()], { expectedRevision: 'stream_exists' }),
      ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await store.appendToStream(s, [newEvent()], { expectedRevision: 'any' });
      await store.appendToStream(s, [newEvent()], { expectedRevision: 'stream_exists' });
      expect(await store.readStream(s)).toHaveLength(2);
    });

    it('is idempotent on event ids: the same append twice writes once', async () => {
      const s = stream();
      const events = [newEvent(), newEvent()];
      const first = await store.appendToStream(s, events, { expectedRevision: 'no_stream' });
      const again = await store.appendToStream(s, events, { expectedRevision: 'no_stream' });
      expect(again).toEqual(first);
      expect(await store.readStream(s)).toHaveLength(2);
    });

    // Only the repeat at the same expected revision is guaranteed by every store: EventStoreDB
    // recognises a repeat with `any` or `stream_exists` only while its bounded, in-memory cache
    // of recent ids holds them (see the gRPC double), SQLite always (its own spec says so).
    it('is idempotent on a repeat at the same expected revision, after the stream moved on', async () => {
      const s = stream();
      const first = [newEvent(), newEvent()];
      const second = [newEvent()];
      const one = await store.appendToStream(s, first, { expectedRevision: 'no_stream' });
      const two = await store.appendToStream(s, second, { expectedRevision: 1 });
      await store.appendToStream(s, [newEvent()], { expectedRevision: 2 });
      const head = await store.headPosition();
      expect(await store.appendToStream(s, first, { expectedRevision: 'no_stream' })).toEqual(one);
      expect(await store.appendToStream(s, second, { expectedRevision: 1 })).toEqual(two);
      expect(await store.headPosition()).toBe(head);
      expect(await store.readStream(s)).toHaveLength(4);
    });

    it('refuses an event id reused in another stream', async () => {
      const event = newEvent();
      await store.appendToStream(stream(), [event], { expectedRevision: 'no_stream' });
      await expect(
        store.appendToStream(stream(), [event], { expectedRevision: 'no_stream' }),
      ).rejects.toBeInstanceOf(DuplicateEventIdError);
    });

    it('writes nothing of a batch that fails', async () => {
      const s = stream();
      await store.appendToStream(s, [newEvent()], { expectedRevision: 'no_stream' });
      const head = await store.headPosition();
      await expect(
        store.appendToStream(s, [newEvent(), newEvent()], { expectedRevision: 5 }),
      ).rejects.toThrow();
      expect(await store.headPosition()).toBe(head);
    });

    it('reads a stream from a revision, with a maximum count', async () => {
      const s = stream();
      await store.appendToStream(s, [newEvent(), newEvent(), newEvent(), newEvent()], {
        expectedRevision: 'no_stream',
      });
      const read = await store.readStream(s, { fromRevision: 1, maxCount: 2 });
      expect(read.map((e) => e.streamRevision)).toEqual([1, 2]);
    });

    it('reads the global log in commit order, after a position', async () => {
      const before = await store.headPosition();
      const s1 = stream();
      const s2 = stream();
      await store.appendToStream(s1, [newEvent('One')], { expectedRevision: 'no_stream' });
      await store.appendToStream(s2, [newEvent('Two')], { expectedRevision: 'no_stream' });
      await store.appendToStream(s1, [newEvent('Three')], { expectedRevision: 0 });
      const all = await store.readAll({ after: before });
      expect(all.map((e) => e.type)).toEqual(['One', 'Two', 'Three']);
      const positions = all.map((e) => e.position);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      expect(new Set(positions).size).toBe(3);
      expect(
        (await store.readAll({ after: all[0].position, maxCount: 1 })).map((e) => e.type),
      ).toEqual(['Two']);
      expect(await store.headPosition()).toBe(all[2].position);
    });

    it('reads the last event of the global log, the one at the head position', async () => {
      const before = await store.headPosition();
      const s1 = stream();
      const s2 = stream();
      await store.appendToStream(s1, [newEvent('First')], { expectedRevision: 'no_stream' });
      const [a, b] = [newEvent('Second'), newEvent('Third')];
      const appended = await store.appendToStream(s2, [a, b], { expectedRevision: 'no_stream' });
      const last = await store.readLastEvent();
      expect(last).toMatchObject({ id: b.id, type: 'Third', streamName: s2, streamRevision: 1 });
      expect(last!.position).toBe(appended.position);
      expect(last!.position).toBe(await store.headPosition());
      expect((await store.readAll({ after: before })).at(-1)).toEqual(last);
    });

    it('reads the global log in pages: in order, each page non-empty and at most pageSize, after a position', async () => {
      const before = await store.headPosition();
      const s1 = stream();
      const s2 = stream();
      await store.appendToStream(s1, [newEvent('P0'), newEvent('P1'), newEvent('P2')], {
        expectedRevision: 'no_stream',
      });
      await store.appendToStream(s2, [newEvent('P3'), newEvent('P4')], {
        expectedRevision: 'no_stream',
      });
      await store.appendToStream(s1, [newEvent('P5'), newEvent('P6')], { expectedRevision: 2 });
      const expected = await store.readAll({ after: before });
      expect(expected.map((e) => e.type)).toEqual(['P0', 'P1', 'P2', 'P3', 'P4', 'P5', 'P6']);

      const pages: RecordedEvent[][] = [];
      for await (const page of store.readAllPages({ after: before, pageSize: 3 })) pages.push(page);
      expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
      expect(pages.flat()).toEqual(expected);

      // A page size that divides the count: the end is found without an empty page.
      const even: number[] = [];
      for await (const page of store.readAllPages({ after: expected[0].position, pageSize: 2 }))
        even.push(page.length);
      expect(even).toEqual([2, 2, 2]);

      // From the start, with the adapter's own page size: the whole log, once.
      const all: RecordedEvent[] = [];
      for await (const page of store.readAllPages()) {
        expect(page.length).toBeGreaterThan(0);
        all.push(...page);
      }
      expect(all).toEqual(await store.readAll());

      // Nothing after the head.
      const after: RecordedEvent[][] = [];
      for await (const page of store.readAllPages({ after: await store.headPosition() }))
        after.push(page);
      expect(after).toEqual([]);
    });

    it('records every concurrent append to one stream exactly once when callers retry on conflict', async () => {
      const s = stream();
      await store.appendToStream(s, [newEvent('Start', { n: -1 })], {
        expectedRevision: 'no_stream',
      });
      const appendWithRetry = async (n: number) => {
        const event = newEvent('Report', { n });
        for (let attempt = 0; attempt < 50; attempt++) {
          const current = await store.readStream(s);
          try {
            await store.appendToStream(s, [event], { expectedRevision: current.length - 1 });
            return;
          } catch (error) {
            if (!(error instanceof WrongExpectedRevisionError)) throw error;
            await new Promise((r) => setTimeout(r, Math.random() * 5));
          }
        }
        throw new Error('too many conflicts');
      };
      await Promise.all(Array.from({ length: 20 }, (_, n) => appendWithRetry(n)));
      const read = await store.readStream(s);
      expect(read).toHaveLength(21);
      expect(new Set(read.map((e) => (e.data as { n?: number }).n)).size).toBe(21);
    });

    it('subscribes from a checkpoint: catches up, then receives new events, in order, once', async () => {
      const start = await store.headPosition();
      const s = stream();
      await store.appendToStream(s, [newEvent('Old1'), newEvent('Old2')], {
        expectedRevision: 'no_stream',
      });
      const received: RecordedEvent[] = [];
      let caughtUp = false;
      const subscription = store.subscribeToAll({
        after: start,
        onEvent: (e) => {
          if (e.streamName === s) received.push(e);
        },
        onCaughtUp: () => {
          caughtUp = true;
        },
      });
      try {
        await waitUntil(() => caughtUp && received.length === 2);
        await store.appendToStream(s, [newEvent('New1')], { expectedRevision: 1 });
        await store.appendToStream(s, [newEvent('New2')], { expectedRevision: 2 });
        await waitUntil(() => received.length === 4);
        await new Promise((r) => setTimeout(r, 100));
        expect(received.map((e) => e.type)).toEqual(['Old1', 'Old2', 'New1', 'New2']);
      } finally {
        await subscription.stop();
      }
    });

    it('resumes a subscription from the checkpoint it reached, without gap or duplicate', async () => {
      const start = await store.headPosition();
      const s = stream();
      await store.appendToStream(s, [newEvent('E0'), newEvent('E1')], {
        expectedRevision: 'no_stream',
      });
      let checkpoint = start;
      const seen: string[] = [];
      const first = store.subscribeToAll({
        after: checkpoint,
        onEvent: (e) => {
          if (e.streamName === s) seen.push(e.type);
          checkpoint = e.position;
        },
      });
      await waitUntil(() => seen.length === 2);
      await first.stop();
      await store.appendToStream(s, [newEvent('E2')], { expectedRevision: 1 });
      const second = store.subscribeToAll({
        after: checkpoint,
        onEvent: (e) => {
          if (e.streamName === s) seen.push(e.type);
        },
      });
      try {
        await waitUntil(() => seen.length === 3);
        await new Promise((r) => setTimeout(r, 100));
        expect(seen).toEqual(['E0', 'E1', 'E2']);
      } finally {
        await second.stop();
      }
    });

    it('waits for an async handler before delivering the next event', async () => {
      const start = await store.headPosition();
      const s = stream();
      await store.appendToStream(s, [newEvent('A'), newEvent('B')], {
        expectedRevision: 'no_stream',
      });
      const log: string[] = [];
      const subscription = store.subscribeToAll({
        after: start,
        onEvent: async (e) => {
          if (e.streamName !== s) return;
          log.push(`start ${e.type}`);
          await new Promise((r) => setTimeout(r, 20));
          log.push(`end ${e.type}`);
        },
      });
      try {
        await waitUntil(() => log.length === 4);
        expect(log).toEqual(['start A', 'end A', 'start B', 'end B']);
      } finally {
        await subscription.stop();
      }
    });

    it('reports a handler failure and stops delivering', async () => {
      const start = await store.headPosition();
      const s = stream();
      await store.appendToStream(s, [newEvent('A'), newEvent('B')], {
        expectedRevision: 'no_stream',
      });
      const seen: string[] = [];
      let failure: unknown;
      const subscription = store.subscribeToAll({
        after: start,
        onEvent: (e) => {
          if (e.streamName !== s) return;
          seen.push(e.type);
          throw new Error('projection bug');
        },
        onError: (error) => {
          failure = error;
        },
      });
      await waitUntil(() => failure !== undefined);
      await subscription.stop();
      expect(seen).toEqual(['A']);
      expect((failure as Error).message).toBe('projection bug');
    });
  });
};
