import type { CalendarDate, Instant } from '../calendar';
import type { Direction, MetricKind } from '../commitment';
import type { Reporting } from '../commitment/reporting';
import type { Forecast } from './forecast';

export type ItemState = 'met' | 'overdue' | 'at_risk' | 'on_track' | 'exempt' | 'withdrawn';

export const ITEM_STATES: readonly ItemState[] = [
  'overdue',
  'at_risk',
  'on_track',
  'met',
  'exempt',
  'withdrawn',
];

export interface Reason {
  /** Stable, for machines: `DEADLINE_PASSED`, `DEADLINE_CLOSE`, … */
  readonly code: string;
  /** French, for people. */
  readonly message: string;
}

export interface StatusRules {
  /** An unmet item whose deadline is this close (in days) is at risk. */
  readonly warningDays: number;
  /**
   * Days after a reporting period ends before its value is due, for commitments whose cadence
   * names no delay of its own. An unmet item whose expected value is past due is at risk.
   */
  readonly staleDelayDays: number;
  /** An unmet item whose trend reaches the target after the deadline (or never) is at risk. */
  readonly trajectory: boolean;
  /** An unmet item whose latest past milestone was missed (and is still not reached) is at risk. */
  readonly milestones: boolean;
}

export const DEFAULT_RULES: StatusRules = {
  warningDays: 30,
  staleDelayDays: 15,
  trajectory: true,
  milestones: true,
};

/** A milestone as a board item shows it. */
export interface MilestoneStatus {
  readonly on: CalendarDate;
  readonly target: number;
  readonly label?: string;
  /** `met`: reached on or before its day; `missed`: its day is over and it was not; else `upcoming`. */
  readonly state: 'met' | 'missed' | 'upcoming';
  /** For a met milestone, the day of the first value that reached it. */
  readonly metOn?: CalendarDate;
}

/** The two time axes: when the board is evaluated, and what had been recorded by then. */
export interface Moment {
  readonly asOf: Instant;
  readonly knownAt: Instant;
}

export interface StatusItem {
  readonly commitmentId: string;
  readonly externalId?: string;
  readonly title: string;
  readonly ministry: string;
  /** When the item passed to `ministry` from an organisation merged or split into it: that one. */
  readonly takenOverFrom?: string;
  readonly state: ItemState;
  readonly deadline: CalendarDate;
  readonly originalDeadline: CalendarDate;
  readonly deadlineWording?: string;
  /** Present when the source gives no deadline: why this one was chosen. */
  readonly deadlineInferredFrom?: string;
  readonly extensions: number;
  readonly target: number;
  readonly direction: Direction;
  readonly kind: MetricKind;
  readonly unit?: string;
  readonly latestValue: number | null;
  readonly latestOn: CalendarDate | null;
  /**
   * 0–100, direction-aware: 100·(latest − initial)/(target − initial), the initial value being the
   * baseline, or else the first value; null before any value.
   */
  readonly progressRate: number | null;
  /**
   * The cadence in force on the commitment (without `delayDays`, the rule set's
   * `staleDelayDays` applies: `nextReportDue` says the resolved day).
   */
  readonly reporting: Reporting;
  /** False when the value the cadence expects is past due. */
  readonly upToDate: boolean;
  /** When a value is expected (and the item is still open): the day it falls due. */
  readonly nextReportDue?: CalendarDate;
  readonly milestones: readonly MilestoneStatus[];
  readonly metOn?: CalendarDate;
  /** For met items: days after the deadline (0 when on time); for overdue: days past it. */
  readonly daysLate?: number;
  /** The trend of the reported values (baseline included), when there are two dated values. */
  readonly forecast?: Forecast;
  readonly reasons: readonly Reason[];
}
