import { randomUUID } from 'node:crypto';
import { EsdbEventStore, type RecordedEvent } from '@cosinum/event-store';
import { EsdbGrpcDouble, newEvent } from '@cosinum/event-store/testing';
import { ProjectionRunner, type Projection } from './projection-runner';

/** Folds events into a list; starts from whatever checkpoint it is given. */
const listing = (checkpoint: number): Projection & { readonly seen: RecordedEvent[] } => {
  const seen: RecordedEvent[] = [];
  let position = checkpoint;
  return {
    name: 'listing',
    seen,
    apply(event) {
      seen.push(event);
      position = event.position;
    },
    get position() {
      return position;
    },
  };
};

describe('ProjectionRunner on EventStoreDB, from a checkpoint the server refuses', () => {
  it('stops and says it is unhealthy (what /health reports), instead of resubscribing forever', async () => {
    const double = await EsdbGrpcDouble.start();
    const store = new EsdbEventStore({
      connectionString: double.connectionString,
      resubscribe: { minDelayMs: 20, maxDelayMs: 200 },
    });
    const errors: string[] = [];
    try {
      const s = `commitment-${randomUUID()}`;
      await store.appendToStream(s, [newEvent('A'), newEvent('B')], {
        expectedRevision: 'no_stream',
      });
      const [, b] = await store.readAll();
      // Not a position the store gave out: one byte before an event's own.
      const runner = new ProjectionRunner(store, [listing(b.position - 1)], {
        log: () => undefined,
        error: (message, context) => void errors.push(`${message} ${String(context?.error)}`),
      });
      await expect(runner.start()).rejects.toThrow('Trying to read from an invalid position.');
      expect(runner.healthy).toBe(false);
      expect(errors).toEqual([expect.stringContaining('Projection subscription stopped')]);
      expect(double.subscriptionCount).toBe(1);
      await runner.stop();
    } finally {
      await store.close();
      await double.stop();
    }
  });
});
