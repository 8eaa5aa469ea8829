import {
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadAllPagesOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamAppend,
  type SubscribeOptions,
  type Subscription,
} from '@cosinum/event-store';
import { GENESIS_HASH, eventHash } from './event-hash';

const MAX_LINKS = 20_000;

/**
 * A decorator of the event-store port that chains every appended event to the previous event of
 * its stream: `metadata.previousHash` and `metadata.hash` (see event-hash.ts). Because the chain
 * lives in the metadata, every adapter stores it and `cosinum migrate` carries it over unchanged.
 *
 * The previous hash is read at the expected revision, so the optimistic-concurrency check of the
 * append also guarantees the chain: had another writer appended meanwhile, the append fails.
 * `any` and `stream_exists` are turned into the exact revision read (and retried on conflict).
 */
export class ChainedEventStore implements EventStore {
  /**
   * The last link seen per stream (its revision and hash), from this store's own appends and
   * reads, so that an append at a known revision need not read that event back. A link never
   * changes once written; one at another revision is simply not used. Bounded (oldest first out).
   * The subscriptions feed it too (the read models' catch-up sees every event): there an entry is
   * updated in place, with no reordering per event.
   */
  private readonly links = new Map<string, { revision: number; hash: string }>();

  constructor(
    private readonly inner: EventStore,
    private readonly maxAttempts = 20,
  ) {}

  async appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    const exact =
      typeof options.expectedRevision === 'number' || options.expectedRevision === 'no_stream';
    for (let attempt = 1; ; attempt++) {
      const { revision, hash } = exact
        ? await this.linkAt(streamName, options.expectedRevision as number | 'no_stream')
        : await this.lastLink(streamName);
      if (options.expectedRevision === 'stream_exists' && revision === 'no_stream') {
        throw new WrongExpectedRevisionError(streamName, 'stream_exists', 'no_stream');
      }
      const chained = this.chain(streamName, events, revision, hash);
      try {
        const result = await this.inner.appendToStream(streamName, chained, {
          expectedRevision: revision,
        });
        this.remember(
          streamName,
          result.nextExpectedRevision,
          chained[chained.length - 1].metadata.hash as string,
        );
        return result;
      } catch (error) {
        if (exact || !(error instanceof WrongExpectedRevisionError) || attempt >= this.maxAttempts)
          throw error;
      }
    }
  }

  /**
   * Chains each stream's events at its exact expected revision, then hands them all to the store's
   * atomic multi-stream append; without one (EventStoreDB), appends stream by stream, in order.
   */
  async appendAtomically(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    if (!this.inner.appendAtomically) {
      const results: AppendResult[] = [];
      for (const a of appends)
        results.push(
          await this.appendToStream(a.streamName, a.events, {
            expectedRevision: a.expectedRevision,
          }),
        );
      return results;
    }
    const chained: StreamAppend[] = [];
    for (const a of appends) {
      if (typeof a.expectedRevision !== 'number' && a.expectedRevision !== 'no_stream')
        throw new Error('appendAtomically needs an exact expected revision for every stream');
      const { hash } = await this.linkAt(a.streamName, a.expectedRevision);
      chained.push({ ...a, events: this.chain(a.streamName, a.events, a.expectedRevision, hash) });
    }
    const results = await this.inner.appendAtomically(chained);
    chained.forEach((a, i) =>
      this.remember(
        a.streamName,
        results[i].nextExpectedRevision,
        a.events[a.events.length - 1].metadata.hash as string,
      ),
    );
    return results;
  }

  private chain(
    streamName: string,
    events: readonly NewEvent[],
    revision: number | 'no_stream',
    previous: string,
  ): NewEvent[] {
    let previousHash = previous;
    let streamRevision = revision === 'no_stream' ? -1 : revision;
    return events.map((event) => {
      streamRevision++;
      const metadata = { ...event.metadata, previousHash };
      const { hash: _stale, ...clean } = metadata as typeof metadata & { hash?: string };
      const hash = eventHash({
        streamName,
        streamRevision,
        id: event.id,
        type: event.type,
        data: event.data,
        metadata: clean,
      });
      previousHash = hash;
      return { ...event, metadata: { ...clean, hash } };
    });
  }

  /** The hash of the event at `revision` (when it exists: otherwise the append will fail anyway). */
  private async linkAt(
    streamName: string,
    revision: number | 'no_stream',
  ): Promise<{ revision: number | 'no_stream'; hash: string }> {
    if (revision === 'no_stream') return { revision, hash: GENESIS_HASH };
    const known = this.links.get(streamName);
    if (known?.revision === revision) return known;
    const [event] = await this.inner.readStream(streamName, {
      fromRevision: revision,
      maxCount: 1,
    });
    return { revision, hash: (event?.metadata.hash as string | undefined) ?? GENESIS_HASH };
  }

  private async lastLink(
    streamName: string,
  ): Promise<{ revision: number | 'no_stream'; hash: string }> {
    const events = await this.inner.readStream(streamName);
    const last = events[events.length - 1];
    return last
      ? {
          revision: last.streamRevision,
          hash: (last.metadata.hash as string | undefined) ?? GENESIS_HASH,
        }
      : { revision: 'no_stream', hash: GENESIS_HASH };
  }

  async readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    const events = await this.inner.readStream(streamName, options);
    const last = events[events.length - 1];
    if (last && typeof last.metadata.hash === 'string')
      this.remember(streamName, last.streamRevision, last.metadata.hash);
    return events;
  }

  private remember(streamName: string, revision: number, hash: string): void {
    const known = this.links.get(streamName);
    if (known && known.revision >= revision) return;
    this.links.delete(streamName);
    this.links.set(streamName, { revision, hash });
    if (this.links.size > MAX_LINKS) this.links.delete(this.links.keys().next().value as string);
  }
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.inner.readAll(options);
  }
  readAllPages(options?: ReadAllPagesOptions): AsyncIterable<RecordedEvent[]> {
    return this.inner.readAllPages(options);
  }
  headPosition(): Promise<number> {
    return this.inner.headPosition();
  }
  readLastEvent(): Promise<RecordedEvent | null> {
    return this.inner.readLastEvent();
  }
  /** Remembers each delivered event's link on the way: a later append need not read it back. */
  subscribeToAll(options: SubscribeOptions): Subscription {
    return this.inner.subscribeToAll({
      ...options,
      onEvent: (event) => {
        const hash = event.metadata.hash;
        if (typeof hash === 'string') {
          const known = this.links.get(event.streamName);
          if (known === undefined) this.remember(event.streamName, event.streamRevision, hash);
          else if (known.revision < event.streamRevision) {
            known.revision = event.streamRevision;
            known.hash = hash;
          }
        }
        return options.onEvent(event);
      },
    });
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
