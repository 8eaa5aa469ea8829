import { addDays, isCalendarDate, type CalendarDate } from '../calendar/calendar-date';
import { dayOf } from '../calendar/day-numbers';
import type { MetricKind } from './commitment.events';

/**
 * How often a value is expected of each ministry, as DITP's PILOTE reads an indicator's
 * periodicity: one value per calendar period (weeks run Monday to Sunday, quarters and half-years
 * are the civil ones), available `delayDays` after the period ends. `none`: nobody reports on a
 * schedule (a yes/no action is declared done once), so the item is never stale.
 */
export type Cadence = 'week' | 'month' | 'quarter' | 'half-year' | 'year' | 'none';

export const CADENCES: readonly Cadence[] = [
  'week',
  'month',
  'quarter',
  'half-year',
  'year',
  'none',
];

export interface Reporting {
  readonly every: Cadence;
  /** Days after a period ends before its value is due; absent: the rule set's `staleDelayDays`. */
  readonly delayDays?: number;
}

/** A dated intermediate target, on the way to the commitment's own target and deadline. */
export interface Milestone {
  readonly on: CalendarDate;
  readonly target: number;
  readonly label?: string;
}

export const MAX_DELAY_DAYS = 366;

/**
 * The cadence of a commitment decided without one (and of every commitment decided before
 * cadences existed): a yes/no action is declared once, a measured one monthly.
 */
export const defaultReporting = (kind: MetricKind): Reporting =>
  kind === 'boolean' ? { every: 'none' } : { every: 'month' };

/** Why a reporting object is wrong, naming the field under `path`; undefined when it is right. */
export const reportingProblem = (
  reporting: Reporting,
  path = 'reporting',
): { field: string; message: string } | undefined => {
  if (!CADENCES.includes(reporting.every))
    return {
      field: `${path}.every`,
      message: `${path}.every must be one of ${CADENCES.join(', ')}`,
    };
  const { delayDays } = reporting;
  if (
    delayDays !== undefined &&
    (!Number.isInteger(delayDays) || delayDays < 0 || delayDays > MAX_DELAY_DAYS)
  )
    return {
      field: `${path}.delayDays`,
      message: `${path}.delayDays must be a whole number of days from 0 to ${MAX_DELAY_DAYS}`,
    };
  if (reporting.every === 'none' && delayDays !== undefined)
    return {
      field: `${path}.delayDays`,
      message: `${path}.delayDays has no meaning when nothing is expected (every: none)`,
    };
  return undefined;
};

export const sameReporting = (a: Reporting, b: Reporting): boolean =>
  a.every === b.every && a.delayDays === b.delayDays;

const MONTHS_PER: Record<Exclude<Cadence, 'none' | 'week'>, number> = {
  month: 1,
  quarter: 3,
  'half-year': 6,
  year: 12,
};

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
const isoOf = (y: number, m: number, d: number): CalendarDate => `${y}-${pad2(m)}-${pad2(d)}`;

/** The civil period of a cadence that holds `date`, as its first and last days (inclusive). */
export const periodOf = (
  every: Exclude<Cadence, 'none'>,
  date: CalendarDate,
): { start: CalendarDate; end: CalendarDate } => {
  if (every === 'week') {
    // 1970-01-05 was a Monday; day numbers are days since 1970-01-01 (a Thursday).
    const day = dayOf(date);
    const offset = (((day - 4) % 7) + 7) % 7;
    const start = addDays(date, -offset);
    return { start, end: addDays(start, 6) };
  }
  const [y, m] = date.split('-').map(Number);
  const span = MONTHS_PER[every];
  const firstMonth = Math.floor((m - 1) / span) * span + 1;
  const lastMonth = firstMonth + span - 1;
  // The day before the first of the following month.
  const end = addDays(lastMonth === 12 ? isoOf(y + 1, 1, 1) : isoOf(y, lastMonth + 1, 1), -1);
  return { start: isoOf(y, firstMonth, 1), end };
};

/** The period after the one that holds `date`. */
export const nextPeriod = (
  every: Exclude<Cadence, 'none'>,
  date: CalendarDate,
): { start: CalendarDate; end: CalendarDate } =>
  periodOf(every, addDays(periodOf(every, date).end, 1));

const HALF_PERIOD_DAYS: Record<Exclude<Cadence, 'none'>, number> = {
  week: 3,
  month: 15,
  quarter: 45,
  'half-year': 91,
  year: 182,
};

type Period = { readonly start: CalendarDate; readonly end: CalendarDate };

/**
 * Periods already computed, by cadence and date (a board asks for the same ones for every item of
 * a commitment and every week's report date): the first period a decision asks for, and the period
 * after a date's. By cadence, then by date: the date strings a board passes are mostly the same
 * objects, whose hash the engine keeps, where a joined key would be a new string to hash each
 * time. Bounded: cleared when full.
 */
const FIRST = new Map<Cadence, Map<CalendarDate, Period>>();
const NEXT = new Map<Cadence, Map<CalendarDate, Period>>();
const remembered = (
  periods: Map<Cadence, Map<CalendarDate, Period>>,
  every: Cadence,
  date: CalendarDate,
  compute: () => Period,
): Period => {
  let byDate = periods.get(every);
  if (byDate === undefined) periods.set(every, (byDate = new Map()));
  let period = byDate.get(date);
  if (period === undefined) {
    period = compute();
    if (byDate.size >= 20_000) byDate.clear();
    byDate.set(date, period);
  }
  return period;
};

/**
 * The period whose value is the next one expected, and the day it falls due: the period after
 * the latest value's (a value covers its own period and every earlier one), never one before the
 * first period the decision asks for (below). Null with `none`.
 */
export const nextReport = (
  every: Cadence,
  delayDays: number,
  latestOn: CalendarDate | null,
  decidedOn: CalendarDate,
): { start: CalendarDate; end: CalendarDate; due: CalendarDate } | null => {
  if (every === 'none') return null;
  // The first value expected is that of the period holding the day half a period after the
  // decision: a ministry always has at least half a period to measure before its first value is
  // owed (decided on 28 May, a monthly value is first owed for June, not for the last 3 days of May).
  const first = remembered(FIRST, every, decidedOn, () =>
    periodOf(every, addDays(decidedOn, HALF_PERIOD_DAYS[every])),
  );
  const after =
    latestOn === null
      ? first
      : remembered(NEXT, every, latestOn, () => nextPeriod(every, latestOn));
  // A value from before the decision (a historic one) covers nothing the decision asks for.
  const period = after.start < first.start ? first : after;
  return { ...period, due: addDays(period.end, delayDays) };
};

/** The French name of a period: « le 1er trimestre 2021 », « l'année 2020 », « mars 2021 ». */
export const frenchPeriod = (every: Exclude<Cadence, 'none'>, start: CalendarDate): string => {
  const [y, m, d] = start.split('-').map(Number);
  switch (every) {
    case 'week':
      return `la semaine du ${d === 1 ? '1er' : d} ${MONTH_NAMES[m - 1]} ${y}`;
    case 'month':
      return `${MONTH_NAMES[m - 1]} ${y}`;
    case 'quarter': {
      const q = (m - 1) / 3 + 1;
      return `le ${q === 1 ? '1er' : `${q}e`} trimestre ${y}`;
    }
    case 'half-year':
      return `le ${m === 1 ? '1er' : '2nd'} semestre ${y}`;
    case 'year':
      return `l'année ${y}`;
  }
};

/** « chaque mois », « chaque trimestre »… as the reason for staleness words it. */
export const frenchCadence = (every: Cadence): string =>
  ({
    week: 'chaque semaine',
    month: 'chaque mois',
    quarter: 'chaque trimestre',
    'half-year': 'chaque semestre',
    year: 'chaque année',
    none: 'sans périodicité',
  })[every];

const MONTH_NAMES = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

/** Why a milestone is wrong for a metric of this kind (field under `path`), or undefined. */
export const milestoneDateProblem = (
  milestone: Milestone,
  path: string,
): { field: string; message: string } | undefined =>
  isCalendarDate(milestone.on)
    ? undefined
    : { field: `${path}.on`, message: `${path}.on must be a real calendar date YYYY-MM-DD` };
