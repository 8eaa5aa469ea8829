import type { Instant } from '@cosinum/domain';
import type { RemindersIndex, ReminderSummary } from '@cosinum/projections';
import { hasGivenUp, type StepPolicy } from './reminder-stream';

/**
 * Where a claimed weekly reminder ended up: `sent`; `failed` (its latest attempt failed, another
 * will follow); `given_up` (no runner will try again: refused for good, or every attempt spent);
 * `in_progress` (claimed, no outcome yet: being sent, or to be taken over once its lease ends).
 */
export type ReminderOutcomeKind = 'sent' | 'failed' | 'given_up' | 'in_progress';

/** One ministry's reminder of one ISO week, with its outcome (what `GET /api/reminders` lists). */
export interface ListedReminder {
  readonly ministry: string;
  readonly isoWeek: string;
  readonly outcome: ReminderOutcomeKind;
  /** Claims so far (one per attempt). */
  readonly attempts: number;
  /** Where it went, or goes: the first claim's recipients. */
  readonly recipients: readonly string[];
  readonly firstClaimedAt: Instant;
  readonly lastClaimedAt: Instant;
  /** When `ReminderSent` was recorded. */
  readonly sentAt?: Instant;
  /** Of the recipients, those the mail server refused (sent only). */
  readonly refused?: readonly string[];
  readonly subject?: string;
  /** How many commitments the e-mail listed (sent only). */
  readonly commitmentCount?: number;
  /** The latest failure's error, when an attempt failed (also on one sent at a later attempt). */
  readonly lastError?: string;
  /** The latest failure was an SMTP 5xx: not retried. */
  readonly permanent?: boolean;
  /** When the next attempt may run (failed only). */
  readonly retryAt?: Instant;
}

/** The outcome of a claimed reminder at `now`, by the same rule as the runs ({@link hasGivenUp}). */
export const outcomeOf = (
  r: ReminderSummary,
  now: Instant,
  policy: StepPolicy,
): ReminderOutcomeKind => {
  if (r.sent) return 'sent';
  if (hasGivenUp(r, now, policy)) return 'given_up';
  return r.failed ? 'failed' : 'in_progress';
};

export interface ReminderListFilter {
  readonly ministry?: string;
  /** ISO weeks, inclusive. */
  readonly from?: string;
  readonly to?: string;
}

/** Every reminder claimed (of one ministry, or all), newest week first, with its outcome at `now`. */
export const listReminders = (
  index: Pick<RemindersIndex, 'reminders'>,
  filter: ReminderListFilter,
  now: Instant,
  policy: StepPolicy,
): ListedReminder[] =>
  index.reminders(filter).map((r) => {
    const outcome = outcomeOf(r, now, policy);
    const failure = r.lastFailure;
    return {
      ministry: r.ministry,
      isoWeek: r.isoWeek,
      outcome,
      attempts: r.attempts,
      recipients: r.recipients,
      firstClaimedAt: r.firstClaimedAt as Instant,
      lastClaimedAt: r.lastClaimedAt as Instant,
      ...(r.sent && {
        sentAt: r.sent.at as Instant,
        refused: r.sent.refused,
        subject: r.sent.subject,
        commitmentCount: r.sent.commitmentCount,
      }),
      ...(failure && { lastError: failure.error, permanent: failure.permanent }),
      ...(outcome === 'failed' &&
        failure?.retryAt !== undefined && { retryAt: failure.retryAt as Instant }),
    };
  });
