export class WrongExpectedRevisionError extends Error {
  readonly code = 'CONCURRENCY.CONFLICT';
  constructor(
    readonly streamName: string,
    readonly expected: string,
    readonly actual: number | 'no_stream',
  ) {
    super(`Stream ${streamName}: expected revision ${expected}, actual ${actual}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** An event id reused for a different event: never an idempotent repeat. */
export class DuplicateEventIdError extends Error {
  readonly code = 'EVENT.DUPLICATE_ID';
  constructor(readonly eventId: string) {
    super(`Event id ${eventId} is already stored for a different event or position`);
    this.name = 'DuplicateEventIdError';
  }
}

/** A stream deleted for good (an EventStoreDB tombstone): it can be neither read nor written. */
export class StreamDeletedError extends Error {
  readonly code = 'EVENT_STORE.STREAM_DELETED';
  constructor(readonly streamName: string) {
    super(`Stream ${streamName} is deleted`);
    this.name = 'StreamDeletedError';
  }
}

export class EventStoreUnavailableError extends Error {
  readonly code = 'EVENT_STORE.UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventStoreUnavailableError';
  }
}
