import { DateTime } from 'luxon';
import { dateOfDay, dayOf, msOf } from './day-numbers';

/** The zone in which every COSINUM deadline is read. */
export const PARIS = 'Europe/Paris';

/** A calendar date, `YYYY-MM-DD`, with no time of day and no zone. */
export type CalendarDate = string;

/** An instant, ISO-8601 in UTC (`2021-03-31T21:59:59.999Z`). */
export type Instant = string;

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date in `YYYY-MM-DD` form (rejects `2021-02-30`). */
export const isCalendarDate = (value: unknown): value is CalendarDate =>
  typeof value === 'string' && CALENDAR_DATE.test(value) && !Number.isNaN(dayOf(value));

/** True for an ISO-8601 instant that names its offset (or `Z`). */
export const isInstant = (value: unknown): value is Instant =>
  typeof value === 'string' &&
  /T.*(Z|[+-]\d{2}:?\d{2})$/.test(value) &&
  DateTime.fromISO(value, { setZone: true }).isValid;

/**
 * The Paris day last asked for, as the half-open interval of UTC milliseconds it spans: a board
 * or a run of commands asks about the same day again and again, and the zone conversion is the
 * costly part (the time-zone database stays the only source of offsets).
 */
let parisDay = { from: NaN, to: NaN, date: '' };

/** The Paris calendar date on which an instant falls. */
export const parisDateOf = (instant: Instant): CalendarDate => {
  const ms = msOf(instant);
  if (ms >= parisDay.from && ms < parisDay.to) return parisDay.date;
  const local = DateTime.fromISO(instant, { zone: 'utc' }).setZone(PARIS);
  const date = local.toISODate() as CalendarDate;
  if (!Number.isNaN(ms))
    parisDay = {
      from: local.startOf('day').toMillis(),
      to: local.endOf('day').toMillis() + 1,
      date,
    };
  return date;
};

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

/** Whole days from `from` to `to` (positive when `to` is later). */
export const daysBetween = (from: CalendarDate, to: CalendarDate): number =>
  dayOf(to) - dayOf(from);

export const addDays = (date: CalendarDate, days: number): CalendarDate =>
  dateOfDay(dayOf(date) + days);

/** No dash in a 10-character text but at positions 4 and 7. */
const NOT_DASHES = [0, 1, 2, 3, 5, 6, 8, 9];
const onlyTwoDashes = (date: string): boolean => {
  for (let k = 0; k < NOT_DASHES.length; k++)
    if (date.charCodeAt(NOT_DASHES[k]) === 45) return false;
  return true;
};

/** `31/03/2021`, the way French readers write dates. */
export const frenchDate = (date: CalendarDate): string => {
  // The shape every stored date has, read without splitting (a board writes thousands of them);
  // anything else as before.
  if (
    date.length === 10 &&
    date.charCodeAt(4) === 45 &&
    date.charCodeAt(7) === 45 &&
    onlyTwoDashes(date)
  )
    return `${date.slice(8)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
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
  const known = moments.get(value);
  if (known !== undefined) return known;
  const parsed = isCalendarDate(value)
    ? endOfParisDay(value)
    : isInstant(value)
      ? toUtcInstant(value)
      : null;
  // Analysts ask about the same few dates again and again; the zone arithmetic is the cost.
  if (moments.size >= 1024) moments.clear();
  moments.set(value, parsed);
  return parsed;
};

const moments = new Map<string, Instant | null>();
