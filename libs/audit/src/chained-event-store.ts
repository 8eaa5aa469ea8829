import {
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '@cosinum/event-store';
import { GENESIS_HASH, eventHash } from './event-hash';

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
  constructor(
    private readonly inner: EventStore,
    private readonly maxAttempts = 20,
  ) {}

  /** The store underneath, for tools that need its specifics (e.g. SQLite bulk reads). */
  get unwrapped(): EventStore {
    return this.inner;
  }

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
        return await this.inner.appendToStream(streamName, chained, { expectedRevision: revision });
      } catch (error) {
        if (exact || !(error instanceof WrongExpectedRevisionError) || attempt >= this.maxAttempts)
          throw error;
      }
    }
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

  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.inner.readStream(streamName, options);
  }
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.inner.readAll(options);
  }
  headPosition(): Promise<number> {
    return this.inner.headPosition();
  }
  subscribeToAll(options: SubscribeOptions): Subscription {
    return this.inner.subscribeToAll(options);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
