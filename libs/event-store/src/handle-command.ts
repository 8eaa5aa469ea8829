import { toNewEvents, type EventContext } from './event-metadata';
import { WrongExpectedRevisionError } from './event-store.errors';
import type { EventStore, NewEvent, RecordedEvent } from './event-store.port';

/**
 * A stream's decider: what a command may do, given the state folded from the stream's events.
 * `Folded` is what `evolve` reads of a recorded event (the domain event, and sometimes its
 * metadata or revision); it defaults to the decided event type.
 */
export interface Decider<Command, State, Event extends DecidedEvent, Folded = Event> {
  readonly decide: (command: Command, state: State) => readonly Event[];
  readonly evolve: (state: State, event: Folded) => State;
  readonly initialState: () => State;
}

export interface DecidedEvent {
  readonly type: string;
  readonly data: unknown;
}

/** A state already folded up to a known stream revision (-1: nothing folded yet). */
export interface StartingPoint<State> {
  readonly state: State;
  readonly revision: number;
}

export interface HandleCommandOptions<State> {
  readonly streamName: string;
  readonly context: EventContext;
  /** The recording instant, read once the events are decided (an injected clock). */
  readonly now: () => string;
  /** Tries in all when other writers keep appending first; each reads the stream again. */
  readonly maxAttempts: number;
  /**
   * A state to start from instead of the stream's first event: a read model's (called on every
   * try, so it may have moved on). The first try decides on it alone and lets the append's
   * revision check say whether it was current; only after a conflict, or a refusal (which a stale
   * state could cause), are the events after its revision read. A command then costs the same on
   * a stream of 3,000 events as on one of 3.
   */
  readonly startFrom?: () => StartingPoint<State> | undefined;
}

export interface CommandHandled<Event> {
  /** What `decide` returned; nothing was appended when it is empty. */
  readonly events: readonly Event[];
  /** The same events as stored, with their ids and metadata (for causation ids). */
  readonly recorded: readonly NewEvent[];
  /** Global position of the last event appended, for read-your-writes (undefined: none). */
  readonly position: number | undefined;
  /** The stream's revision after the command (-1: the stream does not exist). */
  readonly streamRevision: number;
}

export class ConcurrencyConflictError extends Error {
  readonly code = 'CONCURRENCY.CONFLICT';
  constructor(
    readonly streamName: string,
    readonly attempts: number,
  ) {
    super(`Stream ${streamName} kept changing: gave up after ${attempts} attempts`);
    this.name = 'ConcurrencyConflictError';
  }
}

/**
 * The one command path: fold the stream (or start from a known state), decide, append with the
 * revision the decision was made on. When another writer got there first, start again from a
 * fresh read, at most `maxAttempts` times, with jittered backoff so that writers spread out.
 * `decide`'s refusals are thrown as they are; running out of tries throws
 * {@link ConcurrencyConflictError}. Every append outside the store adapters goes through here.
 */
export const handleCommand = async <Command, State, Event extends DecidedEvent, Folded = Event>(
  store: EventStore,
  decider: Decider<Command, State, Event, Folded>,
  command: Command,
  options: HandleCommandOptions<State>,
): Promise<CommandHandled<Event>> => {
  const { streamName } = options;
  let read = options.startFrom === undefined;
  for (let attempt = 1; ;) {
    const start = options.startFrom?.();
    const optimistic = start !== undefined && !read;
    const events = optimistic
      ? []
      : await store.readStream(streamName, start ? { fromRevision: start.revision + 1 } : {});
    let state = start?.state ?? decider.initialState();
    let revision = start?.revision ?? -1;
    for (const e of events) {
      if (e.streamRevision <= revision) continue;
      state = decider.evolve(state, e as RecordedEvent as unknown as Folded);
      revision = e.streamRevision;
    }
    let decided: readonly Event[];
    try {
      decided = decider.decide(command, state);
    } catch (error) {
      if (!optimistic) throw error;
      read = true; // perhaps refused on a stale state: the same try again, reading
      continue;
    }
    if (decided.length === 0)
      return { events: decided, recorded: [], position: undefined, streamRevision: revision };
    const recorded = toNewEvents(decided, options.context, options.now());
    try {
      const result = await store.appendToStream(streamName, recorded, {
        expectedRevision: revision < 0 ? 'no_stream' : revision,
      });
      return {
        events: decided,
        recorded,
        position: result.position,
        streamRevision: result.nextExpectedRevision,
      };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      if (optimistic) {
        read = true; // the starting state was behind, not another writer ahead: read, at once
        continue;
      }
      if (attempt >= options.maxAttempts) throw new ConcurrencyConflictError(streamName, attempt);
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(100, 2 ** attempt)));
      attempt++;
    }
  }
};

/** Events already decided for one stream, on the state at `revision` (-1: no stream yet). */
export interface DecidedAppend {
  readonly streamName: string;
  readonly events: readonly DecidedEvent[];
  readonly revision: number;
}

/**
 * Several streams' decided events in one transaction, each at the revision it was decided on,
 * where the store can (SQLite): a bulk import is then all or nothing across streams. Answers
 * `false` when the store cannot, or when another writer changed one of the streams meanwhile
 * (nothing is written then): the caller goes on stream by stream through {@link handleCommand}.
 */
export const appendDecidedAtomically = async (
  store: EventStore,
  appends: readonly DecidedAppend[],
  context: EventContext,
  now: () => string,
): Promise<boolean> => {
  if (!store.appendAtomically || appends.length === 0) return false;
  const recordedAt = now();
  try {
    await store.appendAtomically(
      appends.map((a) => ({
        streamName: a.streamName,
        events: toNewEvents(a.events, context, recordedAt),
        expectedRevision: a.revision < 0 ? 'no_stream' : a.revision,
      })),
    );
    return true;
  } catch (error) {
    if (error instanceof WrongExpectedRevisionError) return false;
    throw error;
  }
};
