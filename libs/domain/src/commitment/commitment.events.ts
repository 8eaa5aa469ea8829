import type { CalendarDate } from '../calendar';
import type { Milestone, Reporting } from './reporting';

/** Events are published facts: once released, a shape never changes (add a type or an upcaster). */
export type Event<Type extends string, Data> = Readonly<{ type: Type; data: Readonly<Data> }>;

export type MetricKind = 'percentage' | 'count' | 'boolean' | 'score';
export type Direction = 'increase' | 'decrease';

export interface Metric {
  kind: MetricKind;
  unit?: string;
  direction: Direction;
  target: number;
  baseline?: { value: number; on: CalendarDate };
}

/** How precisely the source dates its decision: `decidedOn` is then a day of that period. */
export type DatePrecision = 'day' | 'month' | 'quarter' | 'half-year' | 'year';

export interface SourceReference {
  document: string;
  section?: string;
  decidedOn: CalendarDate;
  /** Absent: `day`. A coarser precision says the source only names the month, quarter… */
  decidedOnPrecision?: DatePrecision;
}

export type CommitmentDecided = Event<
  'CommitmentDecided',
  {
    commitmentId: string;
    externalId?: string;
    title: string;
    description: string;
    source: SourceReference;
    mission?: string;
    metric: Metric;
    deadline: CalendarDate;
    /** The deadline as the source words it ("2nd semestre 2020"), when it is not a plain date. */
    deadlineWording?: string;
    /** Present when the source gives no deadline: why this one was chosen (a neighbouring sentence…). */
    deadlineInferredFrom?: string;
    /** Resolved list of assignees, even when the decision said "every ministry". */
    ministries: string[];
    allMinistries: boolean;
    /** Absent on commitments decided before cadences existed: `defaultReporting(metric.kind)`. */
    reporting?: Reporting;
    /** Dated intermediate targets, in date order. */
    milestones?: readonly Milestone[];
  }
>;

/** A value a ministry reached on a day: what it declares, and what is recorded. */
export interface ProgressData {
  commitmentId: string;
  ministry: string;
  value: number;
  on: CalendarDate;
  note?: string;
  /** A link to what attests the value (a report, a dashboard): an http(s) address. */
  evidence?: string;
}

export type ProgressReported = Event<'ProgressReported', ProgressData>;

export type DeadlineExtended = Event<
  'DeadlineExtended',
  {
    commitmentId: string;
    /** Absent: the extension applies to every assigned ministry. */
    ministry?: string;
    previousDeadline: CalendarDate;
    deadline: CalendarDate;
    reason: string;
    decisionRef?: string;
    /** The business date from which the extension applies. */
    on: CalendarDate;
  }
>;

export type TargetRevised = Event<
  'TargetRevised',
  {
    commitmentId: string;
    previousTarget: number;
    target: number;
    reason: string;
    decisionRef?: string;
    on: CalendarDate;
  }
>;

export type MinistryExempted = Event<
  'MinistryExempted',
  { commitmentId: string; ministry: string; reason: string; decisionRef?: string; on: CalendarDate }
>;

export type CommitmentWithdrawn = Event<
  'CommitmentWithdrawn',
  { commitmentId: string; reason: string; decisionRef?: string; on: CalendarDate }
>;

/** The cadence at which a value is expected changed, from business date `on`. */
export type ReportingChanged = Event<
  'ReportingChanged',
  {
    commitmentId: string;
    previousReporting: Reporting;
    reporting: Reporting;
    reason?: string;
    decisionRef?: string;
    on: CalendarDate;
  }
>;

/** An intermediate target was added to the path, decided on business date `on`. */
export type MilestoneAdded = Event<
  'MilestoneAdded',
  {
    commitmentId: string;
    milestone: Milestone;
    reason?: string;
    decisionRef?: string;
    on: CalendarDate;
  }
>;

export type CommitmentEvent =
  | CommitmentDecided
  | ReportingChanged
  | MilestoneAdded
  | ProgressReported
  | DeadlineExtended
  | TargetRevised
  | MinistryExempted
  | CommitmentWithdrawn;

export type CommitmentEventType = CommitmentEvent['type'];

export const COMMITMENT_EVENT_TYPES: readonly CommitmentEventType[] = [
  'CommitmentDecided',
  'ProgressReported',
  'DeadlineExtended',
  'TargetRevised',
  'MinistryExempted',
  'CommitmentWithdrawn',
  'ReportingChanged',
  'MilestoneAdded',
];

/** Compared one by one, the most frequent first: cheaper than hashing a freshly parsed string. */
export const isCommitmentEvent = (event: { type: string }): event is CommitmentEvent => {
  const { type } = event;
  return (
    type === 'ProgressReported' ||
    type === 'DeadlineExtended' ||
    type === 'CommitmentDecided' ||
    type === 'TargetRevised' ||
    type === 'MinistryExempted' ||
    type === 'CommitmentWithdrawn' ||
    type === 'ReportingChanged' ||
    type === 'MilestoneAdded'
  );
};

/** Streams are named `commitment-<uuid>`: the dash gives EventStoreDB its category stream. */
export const COMMITMENT_STREAM_PREFIX = 'commitment-';
export const commitmentStream = (commitmentId: string): string =>
  `${COMMITMENT_STREAM_PREFIX}${commitmentId}`;
