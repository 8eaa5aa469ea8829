import type { CalendarDate } from '../calendar/calendar-date';
import { dateOfDay, dayOf } from '../calendar/day-numbers';
import type { Direction } from '../commitment/commitment.events';

export interface Point {
  readonly on: CalendarDate;
  readonly value: number;
}

export interface Forecast {
  /** Trend of the values, in points per (30-day) month: positive when the value rises. */
  readonly ratePerMonth: number;
  /** When the trend line reaches the target; null when it never will (flat or wrong way). */
  readonly reachOn: CalendarDate | null;
  /** Number of dated values the trend was fitted on (the baseline included). */
  readonly points: number;
}

const DAYS_PER_MONTH = 30;
/** Beyond this horizon a date is meaningless: the trend is as good as flat. */
const HORIZON_DAYS = 365 * 50;

/**
 * Least-squares line through the dated values (the baseline included, when it is given), read
 * where it crosses the target. Needs at least two distinct dates. Returns null otherwise.
 */
export const forecast = (
  points: readonly Point[],
  target: number,
  direction: Direction,
  /** The day of evaluation: a forecast never lands before it. */
  notBefore?: CalendarDate,
): Forecast | null => {
  const byDay = new Map<CalendarDate, number>();
  for (const p of points) byDay.set(p.on, p.value); // the latest value of a day wins
  if (byDay.size < 2) return null;
  const dates = [...byDay.keys()].sort();
  const days = dates.map(dayOf);
  const values = dates.map((d) => byDay.get(d) as number);
  return fitLine(
    days,
    values,
    days.length,
    target,
    direction,
    notBefore === undefined ? undefined : dayOf(notBefore),
  );
};

/**
 * The same fit on `n` distinct days in increasing order (days since 1970-01-01) and their
 * values: what the board calls with its columns, without an object per point. Same arithmetic,
 * in the same order, as `forecast`, so both give the same result to the last bit.
 */
export const fitLine = (
  days: ArrayLike<number>,
  values: ArrayLike<number>,
  n: number,
  target: number,
  direction: Direction,
  notBeforeDay?: number,
): Forecast | null => {
  if (n < 2) return null;
  const origin = days[0];
  let sumX = 0;
  let sumY = 0;
  for (let i = 0; i < n; i++) {
    sumX += days[i] - origin;
    sumY += values[i];
  }
  const meanX = sumX / n;
  const meanY = sumY / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = days[i] - origin - meanX;
    sxx += dx ** 2;
    sxy += dx * (values[i] - meanY);
  }
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  const ratePerMonth = slope * DAYS_PER_MONTH;
  const towardsTarget = direction === 'increase' ? slope > 0 : slope < 0;
  if (!towardsTarget) return { ratePerMonth, reachOn: null, points: n };
  // The small epsilon keeps floating-point noise (110.00000000000001) from adding a whole day.
  const day = Math.ceil((target - intercept) / slope - 1e-9);
  if (day > HORIZON_DAYS) return { ratePerMonth, reachOn: null, points: n };
  // A trend already past the target (but the latest value is not) reaches it "now": never before
  // the last value, nor before the day of evaluation.
  const reachDay = Math.max(
    day,
    days[n - 1] - origin,
    notBeforeDay !== undefined ? notBeforeDay - origin : 0,
  );
  return { ratePerMonth, reachOn: dateOfDay(origin + reachDay), points: n };
};
