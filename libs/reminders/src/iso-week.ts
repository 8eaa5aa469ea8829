import { CronTime } from 'cron';
import { DateTime } from 'luxon';
import { PARIS, type Instant } from '@cosinum/domain';

/** An ISO-8601 week, `2021-W12`, as read on a Paris calendar. */
export type IsoWeek = string;

const ISO_WEEK = /^(\d{4})-W(\d{2})$/;

export const isIsoWeek = (value: unknown): value is IsoWeek =>
  typeof value === 'string' && ISO_WEEK.test(value) && weekStart(value).isValid;

/** The ISO week in which an instant falls, in Paris (a Sunday 23:30 UTC is already Monday). */
export const isoWeekOf = (instant: Instant): IsoWeek =>
  DateTime.fromISO(instant, { zone: 'utc' }).setZone(PARIS).toFormat("kkkk-'W'WW");

const weekStart = (week: IsoWeek): DateTime => {
  const [, year, number] = ISO_WEEK.exec(week) ?? [];
  return DateTime.fromObject(
    { weekYear: Number(year), weekNumber: Number(number), weekday: 1 },
    { zone: PARIS },
  ).startOf('day');
};

/** Monday 00:00 in Paris of an ISO week, as a UTC instant. */
export const startOfIsoWeek = (week: IsoWeek): Instant =>
  weekStart(week).toUTC().toISO() as Instant;

/**
 * The first instant the cron expression fires in the ISO week of `now` (Paris time), or null when
 * it does not fire that week.
 */
export const scheduledTimeInWeekOf = (cron: string, now: Instant): Instant | null => {
  const week = isoWeekOf(now);
  const start = DateTime.fromISO(startOfIsoWeek(week), { zone: 'utc' });
  const first = new CronTime(cron, PARIS)
    .getNextDateFrom(start.minus({ seconds: 1 }).toJSDate(), PARIS)
    .toUTC()
    .toISO() as Instant;
  return isoWeekOf(first) === week ? first : null;
};
