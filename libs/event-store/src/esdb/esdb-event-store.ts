import type {
  AppendResult as ClientAppendResult,
  EventStoreDBClient,
  JSONType,
  ReadPosition,
} from '@eventstore/db-client';
import { dbClient } from './esdb-client';
import type { ForeignEventsLogger } from './esdb-mapping';
import {
  DuplicateEventIdError,
  StreamDeletedError,
  WrongExpectedRevisionError,
} from '../event-store.errors';
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
} from '../event-store.port';
import {
  EVENT_ID_CLAIM_PREFIX,
  ForeignEvents,
  UNKNOWN_POSITION,
  claimEventId,
  fromPosition,
  isDiscoveryFailure,
  isTransient,
  sleep,
  toExpectedRevision,
  toPortError,
  toPosition,
  toClientConnectionString,
  toRecorded,
} from './esdb-mapping';
import { pagesOfReadAll } from '../read-all-pages';
import { resilientSubscription, type ResubscribePolicy } from './esdb-subscription';

/**
 * How long a request keeps trying through transient errors. The default outlasts a leader
 * election: KurrentDB declares a leader dead after its gossip timeout (2.5 s by default, gossip
 * every 2 s), then elects within the election timeout (1 s), and the client needs up to ten
 * rounds of discovery 100 ms apart to find the new leader; under load that takes several seconds.
 * Backoff doubles from `minDelayMs` to `maxDelayMs`, with jitter so that many writers spread out;
 * the last failure is reported (as `EventStoreUnavailableError`) once `budgetMs` would be passed.
 */
export interface RetryPolicy {
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
  readonly budgetMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { minDelayMs: 50, maxDelayMs: 2000, budgetMs: 20_000 };

/**
 * Every read asks for the leader (`requires-leader`): after a leader change the client may still
 * be connected to a node that now follows and lags behind, and a command must read what it just
 * wrote. A follower then answers "not leader" with the leader's endpoint, the client reconnects
 * there and the retry reads from it (KurrentDB v24.10.0, ClusterVNodeController.cs L679-689).
 * Appends need no flag: a follower forwards them to the leader (L819-828).
 */
const FROM_LEADER = { requiresLeader: true } as const;

export interface EsdbEventStoreOptions {
  /**
   * e.g. `esdb://node1:2113,node2:2113,node3:2113?tls=true` or `esdb://127.0.0.1:2113?tls=false`;
   * KurrentDB's `kurrentdb://` and `kurrentdb+discover://` are the same strings (see
   * `toClientConnectionString`).
   */
  readonly connectionString: string;
  readonly resubscribe?: Partial<ResubscribePolicy>;
  /** Retries of a read or an append that meets a transient error (both are safe to repeat). */
  readonly retry?: Partial<RetryPolicy>;
  /** Page size of `$all` reads. */
  readonly pageSize?: number;
  /** Told once when events this product did not write (not JSON) are skipped (console). */
  readonly logger?: ForeignEventsLogger;
}

/**
 * The event-store port on an EventStoreDB node or cluster, through `@eventstore/db-client`. Every
 * use of the client lives in this folder, so moving to `@kurrent/kurrentdb-client` stays local.
 *
 * Event ids go to the server as they are, so repeating an append is the server's idempotence.
 * ESDB checks ids only within a stream, though: the same id appended to another stream is stored
 * again. The port calls that a `DuplicateEventIdError`, so before each append the adapter claims
 * every id with one tiny event in the stream `cosinum_event_id-<id>`, appended with `no_stream`
 * and an id derived from (event id, target stream). Claiming again for the same stream is an
 * idempotent repeat; a claim for another stream finds the stream taken and is refused. Claims run
 * in parallel, cost one small write per event, are never read back, and are hidden from
 * `readAll`, `headPosition` and subscriptions. A claim written for an append that then fails
 * (wrong revision) stays: the id remains bound to that stream, which is where a retry sends it.
 */
export class EsdbEventStore implements EventStore {
  private client: EventStoreDBClient;
  private readonly connectionString: string;
  private readonly subscriptions = new Set<Subscription>();
  private readonly policy: ResubscribePolicy;
  private readonly retry: RetryPolicy;
  private readonly pageSize: number;
  private readonly foreign: ForeignEvents;
  private closed = false;

  constructor(options: EsdbEventStoreOptions) {
    this.connectionString = toClientConnectionString(options.connectionString);
    this.client = dbClient().EventStoreDBClient.connectionString(this.connectionString);
    this.policy = {
      minDelayMs: options.resubscribe?.minDelayMs ?? 100,
      maxDelayMs: options.resubscribe?.maxDelayMs ?? 5000,
      maxAttempts: options.resubscribe?.maxAttempts ?? Number.POSITIVE_INFINITY,
    };
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.pageSize = options.pageSize ?? 500;
    this.foreign = new ForeignEvents(
      options.logger ?? { warn: (message, context) => console.warn(message, context) },
    );
  }

  /** Events of application streams skipped because this product did not write them (not JSON). */
  get skippedForeignEvents(): number {
    return this.foreign.skipped;
  }

  async appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    this.assertOpen();
    if (events.length === 0) throw new Error('appendToStream needs at least one event');
    const repeated = events.find((e, i) => events.findIndex((o) => o.id === e.id) !== i);
    if (repeated) throw new DuplicateEventIdError(repeated.id);
    await Promise.all(events.map((event) => this.claimId(event.id, streamName)));
    const result = await this.request(async () => {
      try {
        return await this.client.appendToStream(
          streamName,
          events.map((e) =>
            dbClient().jsonEvent({
              id: e.id,
              type: e.type,
              data: e.data as JSONType,
              metadata: e.metadata,
            }),
          ),
          { expectedRevision: toExpectedRevision(options.expectedRevision) },
        );
      } catch (error) {
        if (error instanceof dbClient().StreamDeletedError)
          throw new StreamDeletedError(streamName);
        if (error instanceof dbClient().MaxAppendSizeExceededError) {
          // The client leaves the message empty when the error comes from BatchAppend.
          throw new Error(
            `Stream ${streamName}: an append of ${events.length} events exceeds the server's maximum append size (${error.maxAppendSize} bytes)`,
            { cause: error },
          );
        }
        if (error instanceof dbClient().WrongExpectedVersionError) {
          const actual = error.actualVersion;
          throw new WrongExpectedRevisionError(
            streamName,
            String(options.expectedRevision),
            typeof actual === 'bigint' ? Number(actual) : 'no_stream',
          );
        }
        throw error;
      }
    });
    const nextExpectedRevision = Number(result.nextExpectedRevision);
    return {
      nextExpectedRevision,
      position: await this.lastPosition(streamName, result, events.length === 1),
    };
  }

  /**
   * A single event's position is the append's own (commit === prepare). For a batch the server
   * may report the transaction's start, and for an idempotent repeat nothing: the last event is
   * read back, and if the server does not give positions on stream reads (≥ 22.x), the reported
   * commit position is the best left.
   */
  private async lastPosition(
    streamName: string,
    result: ClientAppendResult,
    single: boolean,
  ): Promise<number> {
    const reported = result.position;
    if (reported && reported.commit === reported.prepare && single) {
      return fromPosition(reported);
    }
    const [last] = await this.readStream(streamName, {
      fromRevision: Number(result.nextExpectedRevision),
      maxCount: 1,
    });
    if (last && last.position !== UNKNOWN_POSITION) return last.position;
    if (reported) return fromPosition(reported);
    throw new Error(
      `Stream ${streamName}: position of revision ${result.nextExpectedRevision} unknown`,
    );
  }

  private async claimId(eventId: string, streamName: string): Promise<void> {
    try {
      await this.request(() =>
        this.client.appendToStream(
          `${EVENT_ID_CLAIM_PREFIX}${eventId}`,
          dbClient().jsonEvent({
            id: claimEventId(eventId, streamName),
            type: 'EventIdClaimed',
            data: { streamName },
          }),
          { expectedRevision: dbClient().NO_STREAM },
        ),
      );
    } catch (error) {
      if (error instanceof dbClient().WrongExpectedVersionError)
        throw new DuplicateEventIdError(eventId);
      throw error;
    }
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    if (options.maxCount === 0) return [];
    return this.request(async () => {
      const events: RecordedEvent[] = [];
      try {
        for await (const resolved of this.client.readStream(streamName, {
          fromRevision: options.fromRevision ? BigInt(options.fromRevision) : dbClient().START,
          maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
          ...FROM_LEADER,
        })) {
          if (resolved.event && this.foreign.admit(resolved.event))
            events.push(toRecorded(resolved.event));
        }
      } catch (error) {
        if (error instanceof dbClient().StreamNotFoundError) return [];
        if (error instanceof dbClient().StreamDeletedError)
          throw new StreamDeletedError(streamName);
        throw error;
      }
      return events;
    });
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const limit = options.maxCount ?? Number.POSITIVE_INFINITY;
    const events: RecordedEvent[] = [];
    let after = options.after ?? 0;
    while (events.length < limit) {
      // Forward reads of $all include the event at the position given: it is skipped below.
      const from: ReadPosition = after > 0 ? toPosition(after) : dbClient().START;
      const page = await this.request(async () => {
        const read = [];
        for await (const r of this.client.readAll({
          fromPosition: from,
          maxCount: this.pageSize,
          ...FROM_LEADER,
        })) {
          if (r.event) read.push(r.event);
        }
        return read;
      });
      let progressed = false;
      for (const event of page) {
        const position = fromPosition(event.position);
        if (position <= after) continue;
        after = position;
        progressed = true;
        if (!this.foreign.admit(event)) continue;
        events.push(toRecorded(event));
        if (events.length >= limit) break;
      }
      if (page.length < this.pageSize || !progressed) break;
    }
    return events;
  }

  /** Pages of application events (id claims left out, as in `readAll`). */
  readAllPages(options: ReadAllPagesOptions = {}): AsyncIterable<RecordedEvent[]> {
    this.assertOpen();
    return pagesOfReadAll((o) => this.readAll(o), options, this.pageSize);
  }

  async headPosition(): Promise<number> {
    return (await this.readLastEvent())?.position ?? 0;
  }

  /** Backwards from the end, page by page, to the last application event. */
  async readLastEvent(): Promise<RecordedEvent | null> {
    this.assertOpen();
    let from: ReadPosition = 'end';
    for (;;) {
      const page = await this.request(async () => {
        const read = [];
        for await (const r of this.client.readAll({
          direction: 'backwards',
          fromPosition: from,
          maxCount: this.pageSize,
          ...FROM_LEADER,
        })) {
          if (r.event) read.push(r.event);
        }
        return read;
      });
      const last = page.find((event) => this.foreign.admit(event));
      if (last) return toRecorded(last);
      if (page.length < this.pageSize) return null;
      from = toPosition(fromPosition(page[page.length - 1].position));
    }
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    this.assertOpen();
    const subscription = resilientSubscription(
      () => this.client,
      options,
      this.policy,
      this.foreign,
    );
    this.subscriptions.add(subscription);
    return {
      stop: async () => {
        this.subscriptions.delete(subscription);
        await subscription.stop();
      },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    this.closed = true;
    await this.client.dispose();
  }

  /**
   * Runs a request, again after a transient failure (a node restarting, a leader election), for
   * as long as the retry policy allows: reads are safe to repeat, and so are appends, which the
   * server recognises by their event ids at the expected revision.
   */
  private async request<T>(action: () => Promise<T>): Promise<T> {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      const client = this.client;
      try {
        return await action();
      } catch (error) {
        if (!isTransient(error)) throw error;
        if (isDiscoveryFailure(error)) this.renewClient(client);
        const ceiling = Math.min(this.retry.maxDelayMs, this.retry.minDelayMs * 2 ** (attempt - 1));
        const delay = ceiling / 2 + Math.random() * (ceiling / 2);
        if (this.closed || Date.now() - started + delay > this.retry.budgetMs) {
          throw toPortError(error);
        }
        await sleep(delay);
      }
    }
  }

  /**
   * A client whose discovery failed once (no leader during an election) fails every later append
   * with that same error: client 6.2.1 caches the server-features request of its first append
   * (`dist/Client/index.js` L353-359), rejected too, and only forgets it when a call on a live
   * channel fails (L221-242), which never happens without a channel. So that client is replaced;
   * subscriptions read the current one on each resubscription.
   */
  private renewClient(failed: EventStoreDBClient): void {
    if (this.client !== failed || this.closed) return;
    this.client = dbClient().EventStoreDBClient.connectionString(this.connectionString);
    void failed.dispose().catch(() => undefined);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('The event store is closed');
  }
}
