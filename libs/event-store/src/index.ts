// The public surface of @cosinum/event-store: what the other libraries, the apps, the tests and the
// benchmarks import. Anything else is internal to the library (imported there from its own file).
export { EsdbEventStore } from './esdb/esdb-event-store';
export { SCHEMA_VERSION, type EventContext } from './event-metadata';
export {
  DuplicateEventIdError,
  EventStoreUnavailableError,
  StreamDeletedError,
  WrongExpectedRevisionError,
} from './event-store.errors';
export {
  EVENT_STORE,
  type Actor,
  type AppendResult,
  type EventMetadata,
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
} from './event-store.port';
export {
  ConcurrencyConflictError,
  appendDecidedAtomically,
  handleCommand,
  type CommandHandled,
  type Decider,
} from './handle-command';
export { SqliteEventStore } from './sqlite/sqlite-event-store';
