import { randomUUID } from 'node:crypto';
import { EsdbGrpcClusterDouble, newEvent, waitUntil } from '../../testing';
import type { RecordedEvent } from '../event-store.port';
import { EsdbEventStore } from './esdb-event-store';

/**
 * The adapter on a three-node cluster double whose leader crashes or resigns. The election lasts
 * 3 s, as a real one after a crash: the survivors notice the leader gone after the gossip timeout
 * (2.5 s by default) and then elect. That is longer than the client's own discovery (ten rounds
 * of gossip 100 ms apart). The store is created with its defaults, as the api, the worker and
 * migrate create it.
 */
const ELECTION_MS = 3000;

describe('EventStoreDB adapter across a leader change', () => {
  let cluster: EsdbGrpcClusterDouble;
  let store: EsdbEventStore;

  beforeEach(async () => {
    cluster = await EsdbGrpcClusterDouble.start(3);
    store = new EsdbEventStore({
      connectionString: cluster.connectionString,
      resubscribe: { minDelayMs: 20, maxDelayMs: 200 },
    });
  });
  afterEach(async () => {
    await store.close();
    await cluster.stop();
  });

  it('keeps appending through a leader crash and the election: every event once, in order', async () => {
    const stream = `commitment-${randomUUID()}`;
    const types = Array.from({ length: 30 }, (_, i) => `E${i}`);
    const old = cluster.leader!;
    let election: Promise<void> | undefined;
    for (const [i, type] of types.entries()) {
      if (i === 10) election = cluster.crashLeader({ electionMs: ELECTION_MS });
      await store.appendToStream(stream, [newEvent(type)], {
        expectedRevision: i === 0 ? 'no_stream' : i - 1,
      });
    }
    await election;
    expect(cluster.leader).not.toBe(old);
    expect((await store.readStream(stream)).map((e) => e.type)).toEqual(types);
    const all = (await store.readAll()).filter((e) => e.streamName === stream);
    expect(all.map((e) => e.type)).toEqual(types);
  });

  it('reads its own writes from the leader when it is left connected to a lagging follower', async () => {
    const stream = `commitment-${randomUUID()}`;
    await store.appendToStream(stream, [newEvent('Before')], { expectedRevision: 'no_stream' });
    const old = cluster.leader!;
    const [, next] = cluster.nodes;
    // The old leader stays up and follows; the client's connection to it stays open.
    await cluster.resignLeader({ electionMs: 300, next });
    cluster.lag(old);
    // A follower forwards the append to the leader, and has not received it back yet.
    await store.appendToStream(stream, [newEvent('After')], { expectedRevision: 0 });
    expect(old.eventCount).toBeLessThan(next.eventCount);
    expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['Before', 'After']);
    expect((await store.readAll()).filter((e) => e.streamName === stream)).toHaveLength(2);
    cluster.catchUp(old);
  });

  it('keeps its subscription through a leader crash: each event delivered once, no error', async () => {
    const stream = `commitment-${randomUUID()}`;
    const seen: RecordedEvent[] = [];
    const errors: unknown[] = [];
    const subscription = store.subscribeToAll({
      after: 0,
      onEvent: (e) => void (e.streamName === stream && seen.push(e)),
      onError: (e) => errors.push(e),
    });
    try {
      for (let i = 0; i < 5; i++) {
        await store.appendToStream(stream, [newEvent(`E${i}`)], {
          expectedRevision: i - 1 < 0 ? 'no_stream' : i - 1,
        });
      }
      await waitUntil(() => seen.length === 5);
      const election = cluster.crashLeader({ electionMs: ELECTION_MS });
      for (let i = 5; i < 10; i++) {
        await store.appendToStream(stream, [newEvent(`E${i}`)], { expectedRevision: i - 1 });
      }
      await election;
      await waitUntil(() => seen.length >= 10 || errors.length > 0, 15_000);
      await new Promise((r) => setTimeout(r, 100));
      expect(errors).toEqual([]);
      expect(seen.map((e) => e.type)).toEqual(Array.from({ length: 10 }, (_, i) => `E${i}`));
    } finally {
      await subscription.stop();
    }
  });

  it('follows a second leader change back to a restarted node', async () => {
    const stream = `commitment-${randomUUID()}`;
    const first = cluster.leader!;
    await store.appendToStream(stream, [newEvent('A')], { expectedRevision: 'no_stream' });
    await cluster.crashLeader({ electionMs: ELECTION_MS });
    await store.appendToStream(stream, [newEvent('B')], { expectedRevision: 0 });
    // Back as a follower, it receives B, which it missed while down; then it leads again.
    await cluster.restart(first);
    await cluster.crashLeader({ electionMs: ELECTION_MS, next: first });
    await store.appendToStream(stream, [newEvent('C')], { expectedRevision: 1 });
    expect(cluster.leader).toBe(first);
    expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
  });
});
