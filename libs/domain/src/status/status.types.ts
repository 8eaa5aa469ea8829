import type { CalendarDate, Instant } from '../calendar';
import type { Direction, MetricKind } from '../commitment';
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
  /** An unmet item with no new value for longer than this (in days) is at risk; 0 disables. */
  readonly staleDays: number;
  /** An unmet item whose trend reaches the target after the deadline (or never) is at risk. */
  readonly trajectory: boolean;
}

export const DEFAULT_RULES: StatusRules = { warningDays: 30, staleDays: 30, trajectory: true };

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
  readonly state: ItemState;
  readonly deadline: CalendarDate;
  readonly originalDeadline: CalendarDate;
  readonly deadlineWording?: string;
  readonly extensions: number;
  readonly target: number;
  readonly direction: Direction;
  readonly kind: MetricKind;
  readonly unit?: string;
  readonly latestValue: number | null;
  readonly latestOn: CalendarDate | null;
  readonly metOn?: CalendarDate;
  /** For met items: days after the deadline (0 when on time); for overdue: days past it. */
  readonly daysLate?: number;
  /** The trend of the reported values (baseline included), when there are two dated values. */
  readonly forecast?: Forecast;
  readonly reasons: readonly Reason[];
}
