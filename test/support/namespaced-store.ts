import { createHash, randomBytes } from 'node:crypto';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadAllPagesOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '@cosinum/event-store';

/**
 * One test's share of an EventStoreDB server that other tests (and earlier runs) also write to
 * (`npm run test:eventstore`). Every app of a test sees the store as if it were new: its streams
 * are stored under a prefix of its own, the ids of its events are made unique to it (the app
 * derives some from business keys, which would collide across tests), and reads of the global
 * log (`$all`) keep only its own events, with their names and ids as the app wrote them.
 * Positions stay the server's: opaque and increasing, with gaps (other tests' events) as on any
 * EventStoreDB log. The real adapter and the real server do everything else.
 */
export class Namespace {
  readonly prefix = `e2e${randomBytes(4).toString('hex')}.`;
  /** The position of the last event appended under this namespace (0: none yet). */
  head = 0;
  private readonly originalIds = new Map<string, string>();
  private start: Promise<number> | undefined;

  /**
   * The server's head when the namespace was first used: nothing of it lies before, so its reads
   * of the global log start there instead of scanning every earlier test's events.
   */
  startOn(inner: EventStore): Promise<number> {
    this.start ??= inner.headPosition();
    return this.start;
  }

  storedId(id: string): string {
    const hash = createHash('sha1').update(`${this.prefix}${id}`).digest();
    hash[6] = (hash[6] & 0x0f) | 0x50;
    hash[8] = (hash[8] & 0x3f) | 0x80;
    const hex = hash.subarray(0, 16).toString('hex');
    const stored = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    this.originalIds.set(stored, id);
    return stored;
  }

  owns(event: RecordedEvent): boolean {
    return event.streamName.startsWith(this.prefix);
  }

  asWritten(event: RecordedEvent): RecordedEvent {
    return {
      ...event,
      id: this.originalIds.get(event.id) ?? event.id,
      streamName: event.streamName.slice(this.prefix.length),
    };
  }
}

export class NamespacedEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly ns: Namespace,
  ) {}

  async appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    const stored = events.map((e) => ({ ...e, id: this.ns.storedId(e.id) }));
    const result = await this.inner.appendToStream(this.ns.prefix + streamName, stored, options);
    this.ns.head = Math.max(this.ns.head, result.position);
    return result;
  }

  async readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    const events = await this.inner.readStream(this.ns.prefix + streamName, options);
    return events.map((e) => this.ns.asWritten(e));
  }

  /** Pages of the server's log until `maxCount` of this namespace's events, or its end. */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.maxCount ?? Number.POSITIVE_INFINITY;
    const found: RecordedEvent[] = [];
    let after = Math.max(options.after ?? 0, await this.ns.startOn(this.inner));
    const pageSize = 500;
    while (found.length < limit) {
      const page = await this.inner.readAll({ after, maxCount: pageSize });
      for (const e of page) {
        if (this.ns.owns(e)) found.push(this.ns.asWritten(e));
        if (found.length >= limit) break;
      }
      if (page.length < pageSize) break;
      after = page[page.length - 1].position;
    }
    return found;
  }

  async *readAllPages(options: ReadAllPagesOptions = {}): AsyncIterable<RecordedEvent[]> {
    const pageSize = options.pageSize ?? 500;
    let after = options.after ?? 0;
    for (;;) {
      const page = await this.readAll({ after, maxCount: pageSize });
      if (page.length === 0) return;
      yield page;
      if (page.length < pageSize) return;
      after = page[page.length - 1].position;
    }
  }

  async headPosition(): Promise<number> {
    return this.ns.head;
  }

  async readLastEvent(): Promise<RecordedEvent | null> {
    return (await this.readAll()).at(-1) ?? null;
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    let subscription: Subscription | undefined;
    let stopped = false;
    const started = this.ns.startOn(this.inner).then((start) => {
      if (stopped) return;
      subscription = this.inner.subscribeToAll({
        after: Math.max(options.after, start),
        onEvent: (e) => (this.ns.owns(e) ? options.onEvent(this.ns.asWritten(e)) : undefined),
        onError: options.onError,
        // Caught up with the server's log is caught up with this namespace's head.
        onCaughtUp: options.onCaughtUp && (() => options.onCaughtUp!(this.ns.head)),
      });
    }, options.onError);
    return {
      stop: async () => {
        stopped = true;
        await started;
        await subscription?.stop();
      },
    };
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
