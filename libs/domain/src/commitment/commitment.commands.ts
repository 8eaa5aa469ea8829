import type { CalendarDate, Instant } from '../calendar';
import type { Metric, ProgressData, SourceReference } from './commitment.events';
import type { Milestone, Reporting } from './reporting';

/** Every command carries the moment it is decided at, from an injected clock: no `new Date()` here. */
export type Command<Type extends string, Data> = Readonly<{
  type: Type;
  data: Readonly<Data>;
  metadata: Readonly<{
    now: Instant;
    /**
     * The organisation codes a command may name, when the caller knows more than the static list
     * (codes created through the organisation chart): supplied by the application, so that the
     * decider stays pure. Absent: the static list of ministries/ministries.ts.
     */
    organisations?: ReadonlySet<string>;
  }>;
}>;

export type DecideCommitment = Command<
  'DecideCommitment',
  {
    commitmentId: string;
    externalId?: string;
    title: string;
    description: string;
    source: SourceReference;
    mission?: string;
    metric: Metric;
    deadline: CalendarDate;
    deadlineWording?: string;
    /** Present when the source gives no deadline: why this one was chosen. */
    deadlineInferredFrom?: string;
    /** A list of organisation codes, or `all` for every ministry. */
    ministries: readonly string[] | 'all';
    /** Absent: `defaultReporting(metric.kind)`. */
    reporting?: Reporting;
    milestones?: readonly Milestone[];
  }
>;

export type ChangeReporting = Command<
  'ChangeReporting',
  {
    commitmentId: string;
    reporting: Reporting;
    reason?: string;
    decisionRef?: string;
    on?: CalendarDate;
  }
>;

export type AddMilestone = Command<
  'AddMilestone',
  {
    commitmentId: string;
    milestone: Milestone;
    reason?: string;
    decisionRef?: string;
    on?: CalendarDate;
  }
>;

export type ReportProgress = Command<'ReportProgress', ProgressData>;

export type ExtendDeadline = Command<
  'ExtendDeadline',
  {
    commitmentId: string;
    ministry?: string;
    deadline: CalendarDate;
    reason: string;
    decisionRef?: string;
    on?: CalendarDate;
  }
>;

export type ReviseTarget = Command<
  'ReviseTarget',
  { commitmentId: string; target: number; reason: string; decisionRef?: string; on?: CalendarDate }
>;

export type ExemptMinistry = Command<
  'ExemptMinistry',
  {
    commitmentId: string;
    ministry: string;
    reason: string;
    decisionRef?: string;
    on?: CalendarDate;
  }
>;

export type WithdrawCommitment = Command<
  'WithdrawCommitment',
  { commitmentId: string; reason: string; decisionRef?: string; on?: CalendarDate }
>;

export type CommitmentCommand =
  | DecideCommitment
  | ReportProgress
  | ExtendDeadline
  | ReviseTarget
  | ExemptMinistry
  | WithdrawCommitment
  | ChangeReporting
  | AddMilestone;
