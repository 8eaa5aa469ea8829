import {
  evolveHistory,
  initialHistory,
  type CalendarDate,
  type CommitmentEvent,
  type CommitmentHistory,
  type ItemState,
  type StatusItem,
} from '../src';
import type { Recorded } from './commitment.fixtures';

export type Stored = Recorded<CommitmentEvent>;

/** Folds stored events the way a projection does; the first one must be the decision. */
export const foldDecided = (events: readonly Stored[]): CommitmentHistory => {
  const state = events.reduce(evolveHistory, initialHistory());
  if (state.status === 'initial') throw new Error('the events hold no decision');
  return state;
};

/**
 * What status specs compare, in full. The forecast is kept to what is exact (its date and number
 * of points): its rate is a float, asserted through the French message that rounds it.
 */
export interface StatusSummary {
  state: ItemState;
  deadline: CalendarDate;
  originalDeadline: CalendarDate;
  extensions: number;
  target: number;
  latestValue: number | null;
  latestOn: CalendarDate | null;
  metOn: CalendarDate | undefined;
  daysLate: number | undefined;
  forecast: { reachOn: CalendarDate | null; points: number } | undefined;
  reasons: string[];
}

export const summarise = (item: StatusItem): StatusSummary => ({
  state: item.state,
  deadline: item.deadline,
  originalDeadline: item.originalDeadline,
  extensions: item.extensions,
  target: item.target,
  latestValue: item.latestValue,
  latestOn: item.latestOn,
  metOn: item.metOn,
  daysLate: item.daysLate,
  forecast: item.forecast && { reachOn: item.forecast.reachOn, points: item.forecast.points },
  reasons: item.reasons.map((r) => r.code),
});
