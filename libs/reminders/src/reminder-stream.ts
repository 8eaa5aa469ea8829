import { DateTime } from 'luxon';
import type { Instant } from '@cosinum/domain';
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

export const foldReminder = (events: readonly ReminderRecord[]): ReminderState => {
  let state: ReminderState = { status: 'unclaimed', revision: 'no_stream' };
  events.forEach((record, revision) => {
    const event = record as unknown as ReminderEvent;
    if (state.status === 'sent') {
      state = { ...state, revision };
      return;
    }
    switch (event.type) {
      case 'ReminderClaimed':
        state =
          state.status === 'unclaimed'
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
        return;
      case 'ReminderFailed':
        if (state.status === 'unclaimed') return;
        state = {
          ...state,
          status: 'failed',
          revision,
          failures: state.failures + 1,
          lastFailure: event.data,
        };
        return;
      case 'ReminderSent':
        state = { status: 'sent', revision, sent: event.data };
        return;
      default: {
        const unknown: never = event;
        void unknown;
      }
    }
  });
  return state;
};

export type ReminderStep =
  | { readonly kind: 'claim' }
  /** A failed attempt, or a claim whose holder has not answered within the lease: try again. */
  | { readonly kind: 'retry'; readonly attempt: number; readonly takeOver: boolean }
  | { readonly kind: 'in_flight'; readonly leaseEndsAt: Instant }
  | { readonly kind: 'sent' }
  | { readonly kind: 'gave_up'; readonly attempts: number };

export interface StepPolicy {
  readonly maxAttempts: number;
  readonly leaseMs: number;
}

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
      if (state.attempts >= policy.maxAttempts)
        return { kind: 'gave_up', attempts: state.attempts };
      return {
        kind: 'retry',
        attempt: state.attempts + 1,
        takeOver: state.status === 'in_flight',
      };
    }
  }
};
