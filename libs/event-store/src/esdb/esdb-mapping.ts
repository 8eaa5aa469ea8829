import { createHash } from 'node:crypto';
import {
  ANY,
  CancelledError,
  DeadlineExceededError,
  NO_STREAM,
  NotLeaderError,
  STREAM_EXISTS,
  TimeoutError,
  UnavailableError,
  UnknownError,
  type AllStreamRecordedEvent,
  type AppendExpectedRevision,
  type Position,
  type RecordedEvent as ClientRecordedEvent,
} from '@eventstore/db-client';
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
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      return BigInt(expected);
  }
};

/** System events (`$`-typed, `$`-streams: stats, metadata, links) and id claims stay inside. */
export const isApplicationEvent = (event: ClientRecordedEvent | AllStreamRecordedEvent): boolean =>
  !event.type.startsWith('$') &&
  !event.streamId.startsWith('$') &&
  !event.streamId.startsWith(EVENT_ID_CLAIM_PREFIX);

/**
 * Servers from 22.x on send no `$all` position with events read from a stream (the fields hold
 * -1, which the client reads as 2^64 - 1); older ones send the event's own. `-1` then stands for
 * "unknown": only stream reads can produce it, `$all` reads and subscriptions always know.
 */
export const UNKNOWN_POSITION = -1;

const streamReadPosition = (position: Position | undefined): number =>
  position && position.commit < 2n ** 63n ? fromPosition(position) : UNKNOWN_POSITION;

export const toRecorded = (event: ClientRecordedEvent | AllStreamRecordedEvent): RecordedEvent => {
  if (!event.isJson) {
    throw new Error(
      `Event ${event.id} in ${event.streamId} is not JSON: not written by this product`,
    );
  }
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
 * The client's discovery found no leader among the gossip seeds (an election under way): a plain
 * `Error` thrown by `@eventstore/db-client` 6.2.1, `dist/Client/discovery.js` L45.
 */
export const isDiscoveryFailure = (error: unknown): boolean =>
  error instanceof Error && /^Failed to discover after \d+ attempts\.$/.test(error.message);

/**
 * A node in an election answers BatchAppend "Server Is Not Ready" inside the stream, with no code
 * (KurrentDB v24.10.0, Streams.BatchAppend.cs L222-233), which the client 6.2.1 cannot unpack and
 * reports as `UnknownError("Could not recognize Server Is Not Ready")`
 * (`dist/streams/appendToStream/unpackError.js` L10-51); "Server Is Busy" likewise.
 */
const isNodeNotReady = (error: unknown): boolean =>
  error instanceof UnknownError &&
  /^Could not recognize Server Is (Not Ready|Busy)$/.test(error.message);

/**
 * The first append on a new connection asks for the server's features, and client 6.2.1 passes a
 * failure of that request on as the raw gRPC error (`dist/Client/ServerFeatures.js` L53-59): a
 * node down then answers a bare `UNAVAILABLE` (code 14) instead of an `UnavailableError`.
 */
const GRPC_UNAVAILABLE = 14;
const isRawUnavailable = (error: unknown): boolean =>
  error instanceof Error &&
  (error as { code?: unknown }).code === GRPC_UNAVAILABLE &&
  'metadata' in error;

/** Errors after which the same request can succeed: a node restarting, an election, a timeout. */
export const isTransient = (error: unknown): boolean =>
  isDiscoveryFailure(error) ||
  isNodeNotReady(error) ||
  isRawUnavailable(error) ||
  error instanceof UnavailableError ||
  error instanceof NotLeaderError ||
  error instanceof CancelledError ||
  error instanceof DeadlineExceededError ||
  error instanceof TimeoutError ||
  // grpc-js reports a connection dropped mid-call as INTERNAL, which the client calls unknown.
  error instanceof UnknownError;

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
