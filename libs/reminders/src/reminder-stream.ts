import { DateTime } from 'luxon';
import type { Instant } from '@cosinum/domain';
import type { Decider } from '@cosinum/event-store';
import type { OpenReminder, RemindersIndex } from '@cosinum/projections';
import type {
  ReminderClaimedData,
  ReminderEvent,
  ReminderFailedData,
  ReminderSentData,
} from './reminder.events';

/** A recorded reminder event, as much of it as the fold needs. */
export interface ReminderRecord {
  readonly type: string;
  readonly data: unknown;
  readonly metadata: { readonly recordedAt: string };
}

/**
 * Where one (ministry, week) digest stands. `first` is the first claim: its board instant and
 * recipients are reused by every later attempt, so that a re-send is the same message.
 */
export type ReminderState =
  | { readonly status: 'unclaimed'; readonly revision: 'no_stream' }
  | {
      readonly status: 'in_flight' | 'failed';
      readonly revision: number;
      readonly first: ReminderClaimedData;
      /** Claims so far: one per attempt, whether it ended in a failure or in nothing (a crash). */
      readonly attempts: number;
      readonly failures: number;
      readonly lastClaimedAt: Instant;
      readonly lastFailure?: ReminderFailedData;
    }
  | { readonly status: 'sent'; readonly revision: number; readonly sent: ReminderSentData };

/** One stored event folded in at its stream revision. */
export const evolveReminder = (
  state: ReminderState,
  record: ReminderRecord,
  revision: number,
): ReminderState => {
  const event = record as unknown as ReminderEvent;
  if (state.status === 'sent') return { ...state, revision };
  switch (event.type) {
    case 'ReminderClaimed':
      return state.status === 'unclaimed'
        ? {
            status: 'in_flight',
            revision,
            first: event.data,
            attempts: 1,
            failures: 0,
            lastClaimedAt: record.metadata.recordedAt,
          }
        : {
            ...state,
            status: 'in_flight',
            revision,
            attempts: state.attempts + 1,
            lastClaimedAt: record.metadata.recordedAt,
          };
    case 'ReminderFailed':
      if (state.status === 'unclaimed') return state;
      return {
        ...state,
        status: 'failed',
        revision,
        failures: state.failures + 1,
        lastFailure: event.data,
      };
    case 'ReminderSent':
      return { status: 'sent', revision, sent: event.data };
    default: {
      const unknown: never = event;
      void unknown;
      return state;
    }
  }
};

export const foldReminder = (events: readonly ReminderRecord[]): ReminderState =>
  events.reduce<ReminderState>(
    (state, record, revision) => evolveReminder(state, record, revision),
    {
      status: 'unclaimed',
      revision: 'no_stream',
    },
  );

export type ReminderCommand =
  | { readonly type: 'ClaimReminder'; readonly data: ReminderClaimedData }
  | { readonly type: 'RecordReminderFailure'; readonly data: ReminderFailedData }
  | { readonly type: 'RecordReminderSent'; readonly data: ReminderSentData };

/** Another runner claimed this attempt (or sent the digest) since the stream was read. */
export class ReminderClaimedElsewhereError extends Error {
  readonly code = 'REMINDER.CLAIMED_ELSEWHERE';
  constructor(readonly attempt: number) {
    super(`Attempt ${attempt} of this reminder is no longer the next one`);
    this.name = 'ReminderClaimedElsewhereError';
  }
}

/**
 * A claim is the next attempt or nothing: two runners that read the same state cannot both
 * claim it. An outcome is recorded once: a failure only while its own claim is the latest
 * (a runner that took the stream over meanwhile has the attempt that counts), a sending once.
 */
export const decideReminder = (command: ReminderCommand, state: ReminderState): ReminderEvent[] => {
  switch (command.type) {
    case 'ClaimReminder': {
      const next =
        state.status === 'unclaimed' ? 1 : state.status === 'sent' ? -1 : state.attempts + 1;
      if (command.data.attempt !== next)
        throw new ReminderClaimedElsewhereError(command.data.attempt);
      return [{ type: 'ReminderClaimed', data: command.data }];
    }
    case 'RecordReminderFailure':
      return state.status === 'in_flight' && state.attempts === command.data.attempt
        ? [{ type: 'ReminderFailed', data: command.data }]
        : [];
    case 'RecordReminderSent':
      return state.status === 'sent' ? [] : [{ type: 'ReminderSent', data: command.data }];
  }
};

export const reminderDecider: Decider<
  ReminderCommand,
  ReminderState,
  ReminderEvent,
  ReminderRecord & { readonly streamRevision: number }
> = {
  decide: decideReminder,
  evolve: (state, record) => evolveReminder(state, record, record.streamRevision),
  initialState: () => ({ status: 'unclaimed', revision: 'no_stream' }),
};

/** Where the command path starts from: a state the dispatcher has just read. */
export const startingPoint = (state: ReminderState) => ({
  state,
  revision: state.revision === 'no_stream' ? -1 : state.revision,
});

export type ReminderStep =
  | { readonly kind: 'claim' }
  /** A failed attempt, or a claim whose holder has not answered within the lease: try again. */
  | { readonly kind: 'retry'; readonly attempt: number; readonly takeOver: boolean }
  | { readonly kind: 'in_flight'; readonly leaseEndsAt: Instant }
  | { readonly kind: 'sent' }
  /** A failed attempt whose backoff has not run out: nothing before `retryAt`. */
  | { readonly kind: 'waiting'; readonly retryAt: Instant }
  | { readonly kind: 'gave_up'; readonly attempts: number; readonly permanent?: true };

export interface StepPolicy {
  readonly maxAttempts: number;
  readonly leaseMs: number;
}

/**
 * Whether no runner will try a reminder again, once no attempt is in flight: refused for good, or
 * every attempt spent. The one rule for the runs ({@link nextStep}) and for what `/health` and the
 * dashboard show ({@link hasGivenUp}).
 */
const givenUp = (
  r: { readonly permanent: boolean; readonly attempts: number },
  policy: Pick<StepPolicy, 'maxAttempts'>,
): boolean => r.permanent || r.attempts >= policy.maxAttempts;

/** {@link givenUp} for an open reminder as the read side keeps it, at `now`. */
export const hasGivenUp = (
  r: {
    readonly failed: boolean;
    readonly attempts: number;
    readonly lastClaimedAt: Instant;
    readonly lastFailure?: { readonly permanent: boolean };
  },
  now: Instant,
  policy: StepPolicy,
): boolean => {
  const inFlight = !r.failed && Date.parse(r.lastClaimedAt) + policy.leaseMs > Date.parse(now);
  return (
    !inFlight &&
    givenUp(
      { permanent: r.failed && r.lastFailure?.permanent === true, attempts: r.attempts },
      policy,
    )
  );
};

/** What a run should do with a stream, given its fold and the run's instant. */
export const nextStep = (state: ReminderState, now: Instant, policy: StepPolicy): ReminderStep => {
  switch (state.status) {
    case 'unclaimed':
      return { kind: 'claim' };
    case 'sent':
      return { kind: 'sent' };
    case 'failed':
    case 'in_flight': {
      if (state.status === 'in_flight') {
        const leaseEnds = DateTime.fromISO(state.lastClaimedAt, { zone: 'utc' }).plus({
          milliseconds: policy.leaseMs,
        });
        if (DateTime.fromISO(now, { zone: 'utc' }) < leaseEnds) {
          return { kind: 'in_flight', leaseEndsAt: leaseEnds.toISO() as Instant };
        }
      }
      const permanent = state.status === 'failed' && state.lastFailure?.permanent === true;
      if (givenUp({ permanent, attempts: state.attempts }, policy))
        return { kind: 'gave_up', attempts: state.attempts, ...(permanent && { permanent }) };
      const retryAt = state.status === 'failed' ? state.lastFailure?.retryAt : undefined;
      if (retryAt !== undefined && Date.parse(now) < Date.parse(retryAt))
        return { kind: 'waiting', retryAt };
      return {
        kind: 'retry',
        attempt: state.attempts + 1,
        takeOver: state.status === 'in_flight',
      };
    }
  }
};

/** The open reminders no runner will try again, oldest week first: what an operator must look at. */
export const givenUpReminders = (
  index: Pick<RemindersIndex, 'openReminders'>,
  now: Instant,
  policy: StepPolicy,
): OpenReminder[] => index.openReminders().filter((r) => hasGivenUp(r, now, policy));
