import { addDays, daysBetween, type CalendarDate } from '../calendar';
import type { Direction } from '../commitment';

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
  const origin = dates[0];
  const xs = dates.map((d) => daysBetween(origin, d));
  const ys = dates.map((d) => byDay.get(d) as number);
  const n = xs.length;
  const meanX = xs.reduce((a, b) => a + b, 0) / n;
  const meanY = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i] - meanX) ** 2;
    sxy += (xs[i] - meanX) * (ys[i] - meanY);
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
  const reachDay = Math.max(day, xs[n - 1], notBefore ? daysBetween(origin, notBefore) : 0);
  return { ratePerMonth, reachOn: addDays(origin, reachDay), points: n };
};
