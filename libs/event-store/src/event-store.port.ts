/**
 * The event-store port. Every adapter (embedded SQLite, EventStoreDB) passes the same contract
 * suite (`libs/event-store/testing`). Streams are named `<category>-<id>`; revisions start at 0;
 * global positions strictly increase in commit order but need not be contiguous.
 */
export interface Actor {
  /** Who: a person's subject, an API key name, or `system:<component>`. */
  readonly subject: string;
  readonly role?: string;
  readonly ministry?: string;
  /** A ministry key acting for its ministry's successor (after a merger): the code it names. */
  readonly onBehalfOf?: string;
}

export interface EventMetadata {
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string | null;
  /** When the application recorded the event (ISO-8601 UTC); the `knownAt` time axis. */
  readonly recordedAt: string;
  readonly schemaVersion: number;
  readonly [extra: string]: unknown;
}

export interface NewEvent<Type extends string = string, Data = unknown> {
  /**
   * A UUID. Appending the same events again at the same expected revision (or `no_stream`) is a
   * no-op (idempotence) on every store, however long after. With `any` or `stream_exists` it is
   * one only while the store remembers the ids: always on SQLite, on EventStoreDB while they are
   * in its bounded in-memory cache of recent ids (not after a restart). Decide at an exact
   * revision (as `handleCommand` does) to be safe everywhere.
   */
  readonly id: string;
  readonly type: Type;
  readonly data: Data;
  readonly metadata: EventMetadata;
}

export interface RecordedEvent<Type extends string = string, Data = unknown> extends NewEvent<
  Type,
  Data
> {
  readonly streamName: string;
  readonly streamRevision: number;
  readonly position: number;
}

/** `no_stream`: the stream must not exist; a number: the revision of its last event. */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | number;

export interface AppendResult {
  /** Revision of the stream's last event after the append. */
  readonly nextExpectedRevision: number;
  /** Global position of the last event appended (or found, on an idempotent repeat). */
  readonly position: number;
}

export interface ReadStreamOptions {
  readonly fromRevision?: number;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: read events strictly after this position (0 or absent: from the start). */
  readonly after?: number;
  readonly maxCount?: number;
}

export interface ReadAllPagesOptions {
  /** Exclusive: read events strictly after this position (0 or absent: from the start). */
  readonly after?: number;
  /** Most events in one page (the adapter's own default when absent). */
  readonly pageSize?: number;
}

export interface SubscribeOptions {
  /** Exclusive checkpoint: deliver events strictly after this position. */
  readonly after: number;
  /** Called in global order, one event at a time; the next waits for the returned promise. */
  readonly onEvent: (event: RecordedEvent) => void | Promise<void>;
  /** Called when the subscription stops on an error it cannot recover from. */
  readonly onError?: (error: unknown) => void;
  /** Called each time the subscription has delivered everything stored so far. */
  readonly onCaughtUp?: (position: number) => void;
}

export interface Subscription {
  /** Stops delivering; resolves once the event being handled (if any) is done. */
  stop(): Promise<void>;
}

/** One stream's part of an atomic multi-stream append. */
export interface StreamAppend {
  readonly streamName: string;
  readonly events: readonly NewEvent[];
  readonly expectedRevision: ExpectedRevision;
}

export interface EventStore {
  appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult>;
  /**
   * Optional: several streams' appends, all or nothing (every revision checked, then everything
   * written, in one transaction). Only stores that can (the embedded SQLite store); callers fall
   * back to one `appendToStream` per stream otherwise.
   */
  appendAtomically?(appends: readonly StreamAppend[]): Promise<AppendResult[]>;
  /** Events of a stream in revision order; an empty array when the stream does not exist. */
  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Events of every stream in global order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * The whole log from `after` on, in global order, one page at a time: for tools that go through
   * every event (folds, exports, audits) on any adapter. Each page is non-empty and holds at most
   * `pageSize` events; the pages end with the last event stored when the read began or later.
   */
  readAllPages(options?: ReadAllPagesOptions): AsyncIterable<RecordedEvent[]>;
  /** Position of the last event stored (0 when empty). */
  headPosition(): Promise<number>;
  /**
   * The last event stored (the one at `headPosition()`), or null when the log is empty. Positions
   * are opaque outside the adapter (on EventStoreDB only the start of a record is one): this, not
   * arithmetic on a position, is how to look at the end of the log.
   */
  readLastEvent(): Promise<RecordedEvent | null>;
  /** Catch up from a checkpoint, then keep delivering new events as they are stored. */
  subscribeToAll(options: SubscribeOptions): Subscription;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');
