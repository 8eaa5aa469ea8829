import { createHash } from 'node:crypto';
import type {
  AllStreamRecordedEvent,
  AppendExpectedRevision,
  Position,
  RecordedEvent as ClientRecordedEvent,
  UnknownError,
} from '@eventstore/db-client';
import { dbClient } from './esdb-client';
import { EventStoreUnavailableError } from '../event-store.errors';
import type { EventMetadata, ExpectedRevision, RecordedEvent } from '../event-store.port';

/**
 * Streams that hold one claim per event id (see `EsdbEventStore`). No `$` prefix: system streams
 * need admin rights on a secured cluster, and the adapter only needs its own user's.
 */
export const EVENT_ID_CLAIM_PREFIX = 'cosinum_event_id-';

/**
 * Every gRPC append writes implicit transactions, for which ESDB gives each event
 * `commit === prepare` (its own log position): one number is the whole position. Only legacy TCP
 * explicit transactions differ, and this product never writes them.
 */
export const toPosition = (position: number): Position => ({
  commit: BigInt(position),
  prepare: BigInt(position),
});

export const fromPosition = (position: Position | undefined): number => {
  if (!position) throw new Error('EventStoreDB returned an event without a position');
  const value = Number(position.commit);
  if (!Number.isSafeInteger(value)) throw new Error(`Position ${position.commit} is too large`);
  return value;
};

export const toExpectedRevision = (expected: ExpectedRevision): AppendExpectedRevision => {
  switch (expected) {
    case 'no_stream':
      return dbClient().NO_STREAM;
    case 'stream_exists':
      return dbClient().STREAM_EXISTS;
    case 'any':
      return dbClient().ANY;
    default:
      return BigInt(expected);
  }
};

/** Events of the server itself: `$`-typed (links `$>`, tombstones…) or in `$` streams. */
const isSystemEvent = (event: ClientRecordedEvent | AllStreamRecordedEvent): boolean =>
  event.type.startsWith('$') || event.streamId.startsWith('$');

/**
 * What the port delivers: JSON events of application streams. System events (`$epoch-information`,
 * `$stats-…`, `$$` metadata, `$>` links, tombstones), id claims, and events another writer stored
 * in another content type stay inside the adapter.
 */
export const isApplicationEvent = (event: ClientRecordedEvent | AllStreamRecordedEvent): boolean =>
  event.isJson && !isSystemEvent(event) && !event.streamId.startsWith(EVENT_ID_CLAIM_PREFIX);

export interface ForeignEventsLogger {
  warn(message: string, context?: Record<string, unknown>): void;
}

/**
 * Counts the events of application streams that this product did not write (not JSON: another
 * client's), which the adapter skips, and says so once: the read models go on without them.
 */
export class ForeignEvents {
  private count = 0;
  constructor(private readonly logger: ForeignEventsLogger) {}

  get skipped(): number {
    return this.count;
  }

  /** True when the event is for the port; otherwise counts it if it is foreign, and false. */
  admit(event: ClientRecordedEvent | AllStreamRecordedEvent): boolean {
    if (isApplicationEvent(event)) return true;
    if (!event.isJson && !isSystemEvent(event)) {
      if (this.count++ === 0)
        this.logger.warn(
          'EventStoreDB holds events not written by this product (not JSON): skipped, and counted',
          { streamName: event.streamId, type: event.type },
        );
    }
    return false;
  }
}

/**
 * Servers from 22.x on send no `$all` position with events read from a stream (the fields hold
 * -1, which the client reads as 2^64 - 1); older ones send the event's own. `-1` then stands for
 * "unknown": only stream reads can produce it, `$all` reads and subscriptions always know.
 */
export const UNKNOWN_POSITION = -1;

const streamReadPosition = (position: Position | undefined): number =>
  position && position.commit < 2n ** 63n ? fromPosition(position) : UNKNOWN_POSITION;

/** An application event (see `isApplicationEvent`) as the port's. */
export const toRecorded = (event: ClientRecordedEvent | AllStreamRecordedEvent): RecordedEvent => {
  return {
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata as EventMetadata,
    streamName: event.streamId,
    streamRevision: Number(event.revision),
    position: streamReadPosition(event.position),
  };
};

/**
 * KurrentDB's own connection-string schemes, for the client 6.2.1, which knows only `esdb://` and
 * `esdb+discover://` (`dist/Client/parseConnectionString.js`, parseProtocol: anything else throws
 * a ParseError). They are the same string with another name: the successor client
 * `@kurrent/kurrentdb-client` parses `esdb`, `kurrentdb`, `kdb` and `kurrent` in one branch (and
 * each `+discover` form in another), with the same hosts and options, and the KurrentDB
 * documentation ("Connection string") describes `kurrentdb://` as the single-node scheme and
 * `kurrentdb+discover://` as the gossip one; the server speaks the same gRPC protocol to both
 * clients. So only the scheme is renamed; the rest of the string is passed as written.
 */
export const toClientConnectionString = (connectionString: string): string =>
  connectionString.replace(/^\s*(?:kurrentdb|kurrent|kdb)(\+discover)?:\/\//i, (_, discover) =>
    discover ? 'esdb+discover://' : 'esdb://',
  );

/** gRPC status codes (grpc/status.proto), which the client keeps in `UnknownError.code`. */
const GRPC_UNKNOWN = 2;
const GRPC_INTERNAL = 13;

/**
 * Client 6.2.1 (`dist/utils/CommandError.js`, `convertToCommandError`) has a class for a few
 * status codes and for the server's `exception` metadata; every other status — UNKNOWN,
 * INVALID_ARGUMENT, INTERNAL, RESOURCE_EXHAUSTED… — becomes an `UnknownError` that keeps the
 * gRPC code. Only two of those can go away by asking again:
 * - INTERNAL: grpc-js reports a connection dropped in the middle of a call so;
 * - UNKNOWN "No leader info available in response": a node that is not (or no longer) the leader
 *   while no leader is known, i.e. an election (KurrentDB v24.10.0 RpcExceptions.cs l. 23-24).
 * The others are the server refusing the request itself, e.g. a `$all` read or subscription from a
 * position that is not a record's start (UNKNOWN "Unexpected ReadAllResult: InvalidPosition",
 * INVALID_ARGUMENT "Trying to read from an invalid position.", RpcExceptions.cs l. 52-53, 250-251):
 * asked again, it is refused again, so it is reported, never retried.
 */
const isTransientUnknown = (error: UnknownError): boolean =>
  error.code === GRPC_INTERNAL ||
  (error.code === GRPC_UNKNOWN && error.message.includes('No leader info available'));

/**
 * The client's discovery found no leader among the gossip seeds (an election under way): a plain
 * `Error` thrown by `@eventstore/db-client` 6.2.1, `dist/Client/discovery.js` L45.
 */
export const isDiscoveryFailure = (error: unknown): boolean =>
  error instanceof Error && /^Failed to discover after \d+ attempts\.$/.test(error.message);

/**
 * A node in an election answers BatchAppend "Server Is Not Ready" inside the stream, with no code
 * (KurrentDB v24.10.0, Streams.BatchAppend.cs L222-233), which the client 6.2.1 cannot unpack and
 * reports as `UnknownError("Could not recognize Server Is Not Ready")` with no gRPC code
 * (`dist/streams/appendToStream/unpackError.js` L10-51); "Server Is Busy" likewise.
 */
const isNodeNotReady = (error: unknown): boolean =>
  error instanceof dbClient().UnknownError &&
  /^Could not recognize Server Is (Not Ready|Busy)$/.test(error.message);

/**
 * Errors after which the same request can succeed: a node restarting, an election, a timeout.
 * Some paths of the client (fetching the server's capabilities after a reconnection) reject with
 * the raw gRPC error: it is classified as the client would have.
 */
export const isTransient = (raw: unknown): boolean => {
  const client = dbClient();
  const error = raw instanceof Error ? client.convertToCommandError(raw) : raw;
  return (
    isDiscoveryFailure(error) ||
    isNodeNotReady(error) ||
    error instanceof client.UnavailableError ||
    error instanceof client.NotLeaderError ||
    error instanceof client.CancelledError ||
    error instanceof client.DeadlineExceededError ||
    error instanceof client.TimeoutError ||
    (error instanceof client.UnknownError && isTransientUnknown(error))
  );
};

export const toPortError = (error: unknown): unknown =>
  isTransient(error)
    ? new EventStoreUnavailableError(
        // grpc-js appends an empty "Resolution note: " to connection failures: not for people.
        `EventStoreDB unavailable: ${(error as Error).message.replace(/\s*Resolution note:\s*$/, '')}`,
        {
          cause: error,
        },
      )
    : error;

/**
 * The id of the claim event: the same for the same (event id, stream), so a retried append
 * re-claims idempotently, and different for another stream, so a reuse conflicts. A name-based
 * UUID (version 5 layout) over both.
 */
export const claimEventId = (eventId: string, streamName: string): string => {
  const hash = createHash('sha1').update(`${eventId}\u0000${streamName}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

export const sleep = (ms: number, signal?: { wake?: () => void }): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    if (signal) {
      signal.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    }
  });
