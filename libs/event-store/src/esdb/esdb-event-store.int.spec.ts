import { randomUUID } from 'node:crypto';
import { EventStoreDBClient } from '@eventstore/db-client';
import {
  EsdbGrpcDouble,
  eventStoreContract,
  newEvent,
  waitUntil,
  type EsdbGrpcDoubleOptions,
} from '../../testing';
import {
  DuplicateEventIdError,
  EventStoreUnavailableError,
  StreamDeletedError,
  WrongExpectedRevisionError,
} from '../event-store.errors';
import type { RecordedEvent } from '../event-store.port';
import { EsdbEventStore, type EsdbEventStoreOptions } from './esdb-event-store';

interface Target {
  readonly name: string;
  readonly start: () => Promise<{ connectionString: string; stop: () => Promise<void> }>;
}

// Short retries: a node that is down is reported in about a second, not after an election's budget.
const fast = {
  resubscribe: { minDelayMs: 20, maxDelayMs: 200 },
  retry: { budgetMs: 1000 },
};

const targets: Target[] = [
  {
    name: 'in-process gRPC double of EventStoreDB',
    start: async () => {
      const double = await EsdbGrpcDouble.start();
      return { connectionString: double.connectionString, stop: () => double.stop() };
    },
  },
];
const url = process.env.EVENTSTORE_URL;
if (url) {
  targets.push({
    name: `EventStoreDB at ${url}`,
    start: async () => ({ connectionString: url, stop: async () => undefined }),
  });
}

describe.each(targets)('EventStoreDB adapter on $name', (target) => {
  eventStoreContract(`EventStoreDB (${target.name})`, async () => {
    const server = await target.start();
    const store = new EsdbEventStore({ connectionString: server.connectionString, ...fast });
    return {
      store,
      dispose: async () => {
        await store.close();
        await server.stop();
      },
    };
  });
});

describe('EventStoreDB adapter on a node that fails', () => {
  let double: EsdbGrpcDouble;
  let store: EsdbEventStore;

  beforeEach(async () => {
    double = await EsdbGrpcDouble.start();
    store = new EsdbEventStore({ connectionString: double.connectionString, ...fast });
  });
  afterEach(async () => {
    await store.close();
    await double.stop();
  });

  it('resubscribes after a node restart and delivers every event once, in order', async () => {
    const stream = `commitment-${randomUUID()}`;
    const types = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => `E${from + i}`);
    for (const type of types(0, 30)) {
      await store.appendToStream(stream, [newEvent(type)], { expectedRevision: 'any' });
    }
    const seen: RecordedEvent[] = [];
    const errors: unknown[] = [];
    const subscription = store.subscribeToAll({
      after: 0,
      // Slow enough that the restart lands in the middle of the catch-up.
      onEvent: async (e) => {
        await new Promise((r) => setTimeout(r, 3));
        seen.push(e);
      },
      onError: (e) => errors.push(e),
    });
    try {
      await waitUntil(() => seen.length >= 10);
      expect(seen.length).toBeLessThan(30);
      await double.restart();
      await waitUntil(() => seen.length >= 30);
      expect(double.subscriptionCount).toBe(2);
      for (const type of types(30, 40)) {
        await store.appendToStream(stream, [newEvent(type)], { expectedRevision: 'any' });
      }
      // While live, with the last events possibly still in flight.
      await double.restart();
      await store.appendToStream(
        stream,
        types(40, 45).map((t) => newEvent(t)),
        { expectedRevision: 39 },
      );
      await waitUntil(() => double.subscriptionCount === 3);
      await waitUntil(() => seen.length >= 45);
      await new Promise((r) => setTimeout(r, 100));
      expect(errors).toEqual([]);
      expect(double.subscriptionCount).toBe(3);
      expect(seen.map((e) => e.type)).toEqual(types(0, 45));
      const positions = seen.map((e) => e.position);
      expect(new Set(positions).size).toBe(45);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    } finally {
      await subscription.stop();
    }
  });

  it('keeps a live subscription across a restart with nothing in flight', async () => {
    const stream = `commitment-${randomUUID()}`;
    const seen: string[] = [];
    let caughtUp = 0;
    const subscription = store.subscribeToAll({
      after: await store.headPosition(),
      onEvent: (e) => void seen.push(e.type),
      onCaughtUp: () => void caughtUp++,
    });
    try {
      await waitUntil(() => caughtUp === 1);
      await store.appendToStream(stream, [newEvent('Before')], { expectedRevision: 'no_stream' });
      await waitUntil(() => seen.length === 1);
      await double.stop();
      await new Promise((r) => setTimeout(r, 100));
      await double.restart();
      // The client's channel reconnects with its own backoff, which a loaded machine can make
      // longer than the adapter's three attempts: the same event (same id, so at most once) is
      // sent again until the node answers. What is under test is the subscription.
      const after = newEvent('After');
      for (let tries = 1; ; tries++) {
        try {
          await store.appendToStream(stream, [after], { expectedRevision: 0 });
          break;
        } catch (error) {
          if (!(error instanceof EventStoreUnavailableError) || tries >= 20) throw error;
        }
      }
      await waitUntil(() => seen.length === 2);
      await waitUntil(() => caughtUp === 2);
      expect(seen).toEqual(['Before', 'After']);
      expect(double.subscriptionCount).toBe(2);
    } finally {
      await subscription.stop();
    }
  });

  it('reports the node down after the request attempts, as the port error', async () => {
    await double.stop();
    await expect(store.readStream(`commitment-${randomUUID()}`)).rejects.toMatchObject({
      code: 'EVENT_STORE.UNAVAILABLE',
    });
    await double.restart();
    await expect(store.readStream(`commitment-${randomUUID()}`)).resolves.toEqual([]);
  });

  it('hides the id claims and system events from the global log, and keeps their count low', async () => {
    const before = double.eventCount;
    const s = `commitment-${randomUUID()}`;
    await store.appendToStream(s, [newEvent('A'), newEvent('B')], {
      expectedRevision: 'no_stream',
    });
    expect(double.eventCount - before).toBe(4);
    expect((await store.readAll()).map((e) => e.type)).toEqual(['A', 'B']);
  });
});

describe('EventStoreDB adapter on a server without BatchAppend (the Append RPC)', () => {
  let double: EsdbGrpcDouble;
  let store: EsdbEventStore;

  beforeEach(async () => {
    double = await EsdbGrpcDouble.start({ batchAppend: false, serverVersion: '21.6.0' });
    store = new EsdbEventStore({ connectionString: double.connectionString, ...fast });
  });
  afterEach(async () => {
    await store.close();
    await double.stop();
  });

  it('appends, repeats idempotently, refuses stale revisions and reused ids', async () => {
    const s = `commitment-${randomUUID()}`;
    const events = [newEvent('A'), newEvent('B')];
    const first = await store.appendToStream(s, events, { expectedRevision: 'no_stream' });
    await expect(
      store.appendToStream(s, events, { expectedRevision: 'no_stream' }),
    ).resolves.toEqual(first);
    const stale = await store
      .appendToStream(s, [newEvent()], { expectedRevision: 0 })
      .catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(WrongExpectedRevisionError);
    expect((stale as WrongExpectedRevisionError).actual).toBe(1);
    const missing = await store
      .appendToStream(`commitment-${randomUUID()}`, [newEvent()], { expectedRevision: 3 })
      .catch((e: unknown) => e);
    expect((missing as WrongExpectedRevisionError).actual).toBe('no_stream');
    await expect(
      store.appendToStream(`commitment-${randomUUID()}`, [events[0]], {
        expectedRevision: 'no_stream',
      }),
    ).rejects.toBeInstanceOf(DuplicateEventIdError);
    expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A', 'B']);
  });
});

describe('EventStoreDB adapter on a server that gives no positions on stream reads (≥ 22.x)', () => {
  it('still returns append positions, and marks stream-read positions unknown (-1)', async () => {
    const double = await EsdbGrpcDouble.start({ streamReadPositions: false });
    const store = new EsdbEventStore({ connectionString: double.connectionString, ...fast });
    try {
      const s = `commitment-${randomUUID()}`;
      const one = await store.appendToStream(s, [newEvent('A')], { expectedRevision: 'no_stream' });
      const two = await store.appendToStream(s, [newEvent('B'), newEvent('C')], {
        expectedRevision: 0,
      });
      const all = await store.readAll();
      expect(all.map((e) => e.position)).toEqual([one.position, expect.any(Number), two.position]);
      expect((await store.readStream(s)).map((e) => e.position)).toEqual([-1, -1, -1]);
    } finally {
      await store.close();
      await double.stop();
    }
  });
});

/**
 * A fresh node and a store on it for one test (and the raw client, for what the port does not
 * do: reading system events, deleting); everything is closed afterwards.
 */
const onDouble = async (
  body: (t: {
    double: EsdbGrpcDouble;
    store: EsdbEventStore;
    client: EventStoreDBClient;
  }) => Promise<void>,
  options: EsdbGrpcDoubleOptions = {},
  storeOptions: Partial<EsdbEventStoreOptions> = {},
): Promise<void> => {
  const double = await EsdbGrpcDouble.start(options);
  const store = new EsdbEventStore({
    connectionString: double.connectionString,
    ...fast,
    ...storeOptions,
  });
  const client = EventStoreDBClient.connectionString(double.connectionString);
  try {
    await body({ double, store, client });
  } finally {
    await client.dispose();
    await store.close();
    await double.stop();
  }
};

const commitment = () => `commitment-${randomUUID()}`;

describe('EventStoreDB positions: only the start of a record is one', () => {
  it('reads $all after a record position, and refuses one in the middle of a record', () =>
    onDouble(async ({ store }) => {
      await store.appendToStream(commitment(), [newEvent('A'), newEvent('B'), newEvent('C')], {
        expectedRevision: 'no_stream',
      });
      const [a, b] = await store.readAll();
      expect((await store.readAll({ after: a.position })).map((e) => e.type)).toEqual(['B', 'C']);
      await expect(store.readAll({ after: b.position - 1 })).rejects.toThrow(
        'Unexpected ReadAllResult: InvalidPosition',
      );
      await expect(store.readLastEvent()).resolves.toMatchObject({ type: 'C' });
    }));
});

describe('EventStoreDB errors the server will repeat are reported, not retried', () => {
  it('a subscription from a position inside a record fails once, with the server error', () =>
    onDouble(async ({ double, store }) => {
      await store.appendToStream(commitment(), [newEvent('A'), newEvent('B')], {
        expectedRevision: 'no_stream',
      });
      const [, b] = await store.readAll();
      const errors: unknown[] = [];
      const seen: string[] = [];
      const subscription = store.subscribeToAll({
        after: b.position - 1,
        onEvent: (e) => void seen.push(e.type),
        onError: (e) => errors.push(e),
      });
      await waitUntil(() => errors.length > 0, 3000);
      await new Promise((r) => setTimeout(r, 300));
      await subscription.stop();
      expect(errors).toHaveLength(1);
      expect((errors[0] as Error).message).toContain('Trying to read from an invalid position.');
      expect(double.subscriptionCount).toBe(1);
      expect(seen).toEqual([]);
    }));
});

describe('EventStoreDB connection strings', () => {
  it('accepts the KurrentDB schemes, which name the same connection string', () =>
    onDouble(async ({ double, store }) => {
      const address = `127.0.0.1:${double.port}?tls=false`;
      const others = [`kurrentdb://${address}`, `KurrentDB://${address}`, `kdb://${address}`].map(
        (connectionString) => new EsdbEventStore({ connectionString, ...fast }),
      );
      try {
        const s = commitment();
        await others[0].appendToStream(s, [newEvent('A')], { expectedRevision: 'no_stream' });
        for (const other of [...others, store]) {
          expect((await other.readStream(s)).map((e) => e.type)).toEqual(['A']);
        }
      } finally {
        await Promise.all(others.map((other) => other.close()));
      }
    }));
});

describe('EventStoreDB append size limit (MaxAppendSize, 1 MiB by default)', () => {
  it.each([
    ['BatchAppend', { batchAppend: true }],
    ['Append', { batchAppend: false, serverVersion: '21.6.0' }],
  ])('refuses an append over the limit whole, through %s', (_rpc, options) =>
    onDouble(async ({ store }) => {
      const s = commitment();
      const big = () => newEvent('Big', { text: 'x'.repeat(600 * 1024) });
      await expect(
        store.appendToStream(s, [big(), big()], { expectedRevision: 'no_stream' }),
      ).rejects.toThrow(
        `Stream ${s}: an append of 2 events exceeds the server's maximum append size (1048576 bytes)`,
      );
      expect(await store.readStream(s)).toEqual([]);
      await store.appendToStream(s, [big()], { expectedRevision: 'no_stream' });
      expect(await store.readStream(s)).toHaveLength(1);
    }, options),
  );
});

describe('EventStoreDB $all as a server holds it: system, link and foreign events', () => {
  const binary = (data: number[]) => ({
    streamName: `legacy-${randomUUID()}`,
    type: 'LegacyBlob',
    data: Uint8Array.from(data),
    contentType: 'application/octet-stream',
  });
  const warnings: unknown[] = [];

  it('delivers the application events only, skips the others without stopping, and says so once', () =>
    onDouble(
      async ({ double, store }) => {
        const seen: string[] = [];
        const errors: unknown[] = [];
        const s = commitment();
        await store.appendToStream(s, [newEvent('A')], { expectedRevision: 'no_stream' });
        const subscription = store.subscribeToAll({
          after: 0,
          onEvent: (e) => void seen.push(e.type),
          onError: (e) => errors.push(e),
        });
        try {
          await waitUntil(() => seen.length === 1);
          // What a server with stats in a stream and the standard projections writes, and
          // another client's binary event in a stream of its own.
          const stats = `$stats-127.0.0.1:${double.port}`;
          double.writeEvent({
            streamName: `$$${stats}`,
            type: '$metadata',
            data: '{"$maxAge":864000}',
          });
          double.writeEvent({ streamName: stats, type: '$statsCollected', data: '{"proc-id":1}' });
          double.writeEvent({
            streamName: '$ce-commitment',
            type: '$>',
            data: `0@${s}`,
            contentType: 'application/octet-stream',
          });
          double.writeEvent(binary([0xca, 0xfe]));
          await store.appendToStream(s, [newEvent('B')], { expectedRevision: 0 });
          await waitUntil(() => seen.length === 2);
        } finally {
          await subscription.stop();
        }
        expect(seen).toEqual(['A', 'B']);
        expect(errors).toEqual([]);
        expect((await store.readAll()).map((e) => e.type)).toEqual(['A', 'B']);
        double.writeEvent(binary([0xbe, 0xef]));
        await expect(store.readLastEvent()).resolves.toMatchObject({ type: 'B' });
        expect(store.skippedForeignEvents).toBeGreaterThanOrEqual(3);
        expect(warnings).toEqual([
          [expect.stringContaining('not written by this product'), expect.any(Object)],
        ]);
      },
      {},
      { logger: { warn: (message, context) => void warnings.push([message, context]) } },
    ));

  it('writes an $epoch-information event at each start of the node, which readers step over', () =>
    onDouble(async ({ double, store, client }) => {
      const system = async () => {
        const types: string[] = [];
        for await (const r of client.readAll({ maxCount: 100 })) types.push(r.event!.type);
        return types;
      };
      expect(await system()).toEqual(['$epoch-information']);
      await double.restart();
      await store.appendToStream(commitment(), [newEvent('A')], { expectedRevision: 'no_stream' });
      expect((await system()).filter((t) => t === '$epoch-information')).toHaveLength(2);
      expect((await store.readAll()).map((e) => e.type)).toEqual(['A']);
    }));
});

describe('EventStoreDB deleted streams', () => {
  it('reads a soft-deleted stream as missing, and a tombstoned one as deleted (the port error)', () =>
    onDouble(async ({ store, client }) => {
      const [soft, hard] = [commitment(), commitment()];
      await store.appendToStream(soft, [newEvent('S')], { expectedRevision: 'no_stream' });
      await store.appendToStream(hard, [newEvent('H')], { expectedRevision: 'no_stream' });
      await client.deleteStream(soft);
      await client.tombstoneStream(hard);
      await expect(store.readStream(soft)).resolves.toEqual([]);
      await expect(store.readStream(hard)).rejects.toBeInstanceOf(StreamDeletedError);
      await expect(
        store.appendToStream(hard, [newEvent('Again')], { expectedRevision: 'any' }),
      ).rejects.toMatchObject({ code: 'EVENT_STORE.STREAM_DELETED', streamName: hard });
      // The events stay in $all until a scavenge; the metadata and the tombstone are not shown.
      expect((await store.readAll()).map((e) => e.type)).toEqual(['S', 'H']);
      await expect(store.readLastEvent()).resolves.toMatchObject({ type: 'H' });
    }));
});

describe('EventStoreDB idempotence: recent ids only for any, for ever at an exact revision', () => {
  it('recognises a repeat at its revision after a restart, but not a repeat with any', () =>
    onDouble(
      async ({ double, store }) => {
        const s = commitment();
        const events = [newEvent('A'), newEvent('B')];
        const first = await store.appendToStream(s, events, { expectedRevision: 'no_stream' });
        await expect(store.appendToStream(s, events, { expectedRevision: 'any' })).resolves.toEqual(
          first,
        );
        await double.restart();
        await expect(
          store.appendToStream(s, events, { expectedRevision: 'no_stream' }),
        ).resolves.toEqual(first);
        expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A', 'B']);
        // The server forgot the ids: the same events with `any` are stored a second time.
        await store.appendToStream(s, events, { expectedRevision: 'any' });
        expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A', 'B', 'A', 'B']);
      },
      {},
      // Long enough for the client to reconnect to the restarted node (the default budget).
      { retry: { budgetMs: 20_000 } },
    ));

  it('forgets the oldest ids when its cache is full', () =>
    onDouble(
      async ({ store }) => {
        const s = commitment();
        const old = newEvent('Old');
        await store.appendToStream(s, [old], { expectedRevision: 'no_stream' });
        // Each append also claims its id (one more event in the cache).
        await store.appendToStream(s, [newEvent('N1'), newEvent('N2')], { expectedRevision: 0 });
        await store.appendToStream(s, [old], { expectedRevision: 'any' });
        expect((await store.readStream(s)).map((e) => e.type)).toEqual(['Old', 'N1', 'N2', 'Old']);
      },
      { recentIdsLimit: 4 },
    ));
});
