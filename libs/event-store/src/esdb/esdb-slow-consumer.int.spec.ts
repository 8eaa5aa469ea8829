import { randomUUID } from 'node:crypto';
import { EsdbGrpcDouble, newEvent, waitUntil } from '../../testing';
import { EsdbEventStore } from './esdb-event-store';

/**
 * A consumer slower than the writers. KurrentDB v24.10 never drops such a catch-up subscription:
 * it stops reading ahead while the client does not read, drops the oldest of the live events it
 * holds beyond 32, then says "fell behind" and catches up from the log (see
 * libs/event-store/testing/esdb-subscription-feed.ts). The adapter must hand over every event
 * once, in order, across those switches.
 */

describe('EventStoreDB adapter with a slow consumer', () => {
  it('delivers every event once, in order, when the node makes it fall behind and catch up', async () => {
    const double = await EsdbGrpcDouble.start();
    const store = new EsdbEventStore({
      connectionString: double.connectionString,
      resubscribe: { minDelayMs: 20, maxDelayMs: 200 },
    });
    const stream = `commitment-${randomUUID()}`;
    const seen: string[] = [];
    const errors: unknown[] = [];
    let caughtUp = 0;
    const subscription = store.subscribeToAll({
      after: await store.headPosition(),
      onEvent: async (e) => {
        await new Promise((r) => setTimeout(r, 1));
        seen.push(e.type);
      },
      onError: (e) => errors.push(e),
      onCaughtUp: () => void caughtUp++,
    });
    try {
      await waitUntil(() => caughtUp === 1);
      // Large events, quickly: more than HTTP/2's window and the live buffer hold.
      const types = Array.from({ length: 300 }, (_, i) => `E${i}`);
      for (let i = 0; i < types.length; i += 50) {
        await store.appendToStream(
          stream,
          types.slice(i, i + 50).map((t) => ({ ...newEvent(t), data: { text: 'x'.repeat(8000) } })),
          { expectedRevision: i === 0 ? 'no_stream' : i - 1 },
        );
      }
      await waitUntil(() => seen.length >= types.length || errors.length > 0, 25_000);
      await new Promise((r) => setTimeout(r, 100));
      expect(errors).toEqual([]);
      expect(seen).toEqual(types);
      expect(double.subscriptionsFellBehind).toBeGreaterThan(0);
      // Never dropped: the one subscription lived throughout.
      expect(double.subscriptionCount).toBe(1);
    } finally {
      await subscription.stop();
      await store.close();
      await double.stop();
    }
  });
});
