import { DateTime } from 'luxon';

/** The zone in which every COSINUM deadline is read. */
export const PARIS = 'Europe/Paris';

/** A calendar date, `YYYY-MM-DD`, with no time of day and no zone. */
export type CalendarDate = string;

/** An instant, ISO-8601 in UTC (`2021-03-31T21:59:59.999Z`). */
export type Instant = string;

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date in `YYYY-MM-DD` form (rejects `2021-02-30`). */
export const isCalendarDate = (value: unknown): value is CalendarDate =>
  typeof value === 'string' &&
  CALENDAR_DATE.test(value) &&
  DateTime.fromISO(value, { zone: PARIS }).isValid;

/** True for an ISO-8601 instant that names its offset (or `Z`). */
export const isInstant = (value: unknown): value is Instant =>
  typeof value === 'string' &&
  /T.*(Z|[+-]\d{2}:?\d{2})$/.test(value) &&
  DateTime.fromISO(value, { setZone: true }).isValid;

/** The Paris calendar date on which an instant falls. */
export const parisDateOf = (instant: Instant): CalendarDate =>
  DateTime.fromISO(instant, { zone: 'utc' }).setZone(PARIS).toISODate() as CalendarDate;

/**
 * The last instant of a Paris calendar day. A deadline is met if reached by the end of its day,
 * so "overdue" starts strictly after this instant. Luxon resolves the day's real length, which is
 * 23 or 25 hours on daylight-saving changes.
 */
export const endOfParisDay = (date: CalendarDate): Instant =>
  DateTime.fromISO(date, { zone: PARIS }).endOf('day').toUTC().toISO() as Instant;

/** The first instant of a Paris calendar day. */
export const startOfParisDay = (date: CalendarDate): Instant =>
  DateTime.fromISO(date, { zone: PARIS }).startOf('day').toUTC().toISO() as Instant;

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a calendar date: plain integer arithmetic (hot path of every board). */
const dayNumber = (date: CalendarDate): number =>
  Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) /
  DAY_MS;

/** Whole days from `from` to `to` (positive when `to` is later). */
export const daysBetween = (from: CalendarDate, to: CalendarDate): number =>
  dayNumber(to) - dayNumber(from);

export const addDays = (date: CalendarDate, days: number): CalendarDate =>
  DateTime.fromMillis((dayNumber(date) + days) * DAY_MS, {
    zone: 'utc',
  }).toISODate() as CalendarDate;

/** `31/03/2021`, the way French readers write dates. */
export const frenchDate = (date: CalendarDate): string => {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
};

/** Normalises an instant to UTC ISO with milliseconds, so that instants compare as strings. */
export const toUtcInstant = (instant: Instant): Instant =>
  DateTime.fromISO(instant, { setZone: true }).toUTC().toISO() as Instant;

/**
 * Reads a user-supplied `asOf`/`knownAt`: a calendar date means the end of that Paris day (the
 * board "on 1 April" includes everything that happened on 1 April); an instant is taken as is.
 */
export const parseMoment = (value: string): Instant | null => {
  if (isCalendarDate(value)) return endOfParisDay(value);
  if (isInstant(value)) return toUtcInstant(value);
  return null;
};
