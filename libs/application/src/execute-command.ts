import { randomUUID } from 'node:crypto';
import {
  commitmentStream,
  decide,
  evolve,
  initialState,
  type CommitmentCommand,
  type CommitmentEvent,
  type CommitmentState,
  type DecidedCommitment,
  type FoldableEvent,
} from '@cosinum/domain';
import {
  WrongExpectedRevisionError,
  type Actor,
  type EventStore,
  type NewEvent,
} from '@cosinum/event-store';
import type { Clock } from './clock';

export const SCHEMA_VERSION = 1;

export interface CommandContext {
  readonly actor: Actor;
  readonly correlationId?: string;
  readonly causationId?: string | null;
}

export interface CommandOutcome {
  readonly commitmentId: string;
  readonly events: readonly CommitmentEvent[];
  /** Global position of the last event written, for read-your-writes. */
  readonly position: number;
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

export type CommandInput = Omit<CommitmentCommand, 'metadata'> & { metadata?: never };

/**
 * Where a command may start from instead of the first event of its stream: the read model's
 * state of the commitment at a known revision (CommitmentsReadModel implements it). Only a
 * shortcut: the events after that revision are still read, and the append still checks it.
 */
export interface CommitmentStateSource {
  snapshotOf(commitmentId: string): { state: DecidedCommitment; revision: number } | undefined;
}

export interface ExecuteOptions {
  readonly maxAttempts: number;
  readonly states?: CommitmentStateSource;
}

/**
 * Read the stream, fold it, decide, append with the revision that was read. When another writer
 * got there first, start again from a fresh read, a bounded number of times, with jittered
 * backoff so that concurrent writers spread out.
 *
 * With `states`, the fold starts from the read model's state at its revision: a command then costs
 * the same on a stream of 3,000 events as on one of 3, and reads nothing when the model is
 * current (the append's expected revision is the model's).
 */
export const executeCommitmentCommand = async (
  store: EventStore,
  clock: Clock,
  input: CommandInput,
  context: CommandContext,
  options: ExecuteOptions,
): Promise<CommandOutcome> => {
  const now = clock.now();
  const command = { ...input, metadata: { now } } as CommitmentCommand;
  const streamName = commitmentStream(command.data.commitmentId);
  const correlationId = context.correlationId ?? randomUUID();
  // With a read model, the first try decides on its state alone and lets the append's revision
  // check say whether it was current; only after a conflict, or a refusal (which a stale state
  // could cause), are the events after its revision read.
  let readAfterSnapshot = options.states === undefined;
  for (let attempt = 1; ; attempt++) {
    const start = options.states?.snapshotOf(command.data.commitmentId);
    const optimistic = start !== undefined && !readAfterSnapshot;
    const recorded = optimistic
      ? []
      : await store.readStream(streamName, start ? { fromRevision: start.revision + 1 } : {});
    let state: CommitmentState = start?.state ?? initialState();
    for (const e of recorded)
      if (!start || e.streamRevision > start.revision)
        state = evolve(state, e as unknown as FoldableEvent);
    let events: CommitmentEvent[];
    try {
      events = decide(command, state);
    } catch (error) {
      if (!optimistic) throw error;
      readAfterSnapshot = true;
      attempt--; // not a conflict: the same try again, on the whole stream
      continue;
    }
    const newEvents = toNewEvents(events, { ...context, correlationId }, clock.now());
    const lastRevision =
      recorded.length > 0 ? recorded[recorded.length - 1].streamRevision : (start?.revision ?? -1);
    const expectedRevision = lastRevision < 0 ? 'no_stream' : lastRevision;
    try {
      const result = await store.appendToStream(streamName, newEvents, { expectedRevision });
      return {
        commitmentId: command.data.commitmentId,
        events,
        position: result.position,
        streamRevision: result.nextExpectedRevision,
      };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      if (optimistic) {
        // The read model was behind, not another writer ahead: try again at once, reading.
        readAfterSnapshot = true;
        attempt--;
        continue;
      }
      if (attempt >= options.maxAttempts) throw new ConcurrencyConflictError(streamName, attempt);
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(100, 2 ** attempt)));
    }
  }
};

/** Decided events as the store takes them: a fresh id each, the actor and the recording time. */
export const toNewEvents = (
  events: readonly CommitmentEvent[],
  context: CommandContext & { readonly correlationId: string },
  recordedAt: string,
): NewEvent[] =>
  events.map((event) => ({
    id: randomUUID(),
    type: event.type,
    data: stripUndefined(event.data),
    metadata: {
      actor: context.actor,
      correlationId: context.correlationId,
      causationId: context.causationId ?? null,
      recordedAt,
      schemaVersion: SCHEMA_VERSION,
    },
  }));

/** Events are stored as JSON: drop undefined optional fields rather than rely on the encoder. */
const stripUndefined = <T extends object>(data: T): T => asJson(data) as T;

/**
 * What `JSON.parse(JSON.stringify(value))` gives, without the text in between: undefined members
 * dropped, undefined (and functions) in arrays as null, non-finite numbers as null.
 */
export const asJson = (value: unknown): unknown => {
  if (value === null) return null;
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? value + 0 : null; // -0 + 0 is 0, as JSON writes it
    case 'string':
    case 'boolean':
      return value;
    case 'object': {
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
        return JSON.parse(JSON.stringify(value)) as unknown;
      if (Array.isArray(value)) {
        const out = new Array<unknown>(value.length);
        for (let i = 0; i < value.length; i++) {
          const item = asJson(value[i]);
          out[i] = item === undefined ? null : item;
        }
        return out;
      }
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        const item = asJson((value as Record<string, unknown>)[key]);
        if (item === undefined) continue;
        // An own "__proto__" member stays a member (as JSON.parse makes it), never the prototype.
        if (key === '__proto__')
          Object.defineProperty(out, key, {
            value: item,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        else out[key] = item;
      }
      return out;
    }
    default:
      return undefined; // undefined, functions, symbols: dropped, as JSON does
  }
};
