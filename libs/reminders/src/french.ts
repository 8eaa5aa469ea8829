import { DateTime } from 'luxon';
import { PARIS, frenchDate, parisDateOf, type CalendarDate, type Instant } from '@cosinum/domain';

/** `1er mars 2021`, `31 mars 2021`: the long form French readers expect in a sentence. */
export const frenchLongDate = (date: CalendarDate): string => {
  const d = DateTime.fromISO(date, { zone: PARIS }).setLocale('fr');
  return `${d.day === 1 ? '1er' : d.day} ${d.toFormat('LLLL yyyy')}`;
};

/** `lundi 22 mars 2021`, for the instant a digest was drawn up. */
export const frenchWeekdayDate = (instant: Instant): string => {
  const date = parisDateOf(instant);
  const weekday = DateTime.fromISO(date, { zone: PARIS }).setLocale('fr').toFormat('cccc');
  return `${weekday} ${frenchLongDate(date)}`;
};

export { frenchDate };

/** French plural of a count: 0 and 1 take the singular (`0 engagement`, `1 engagement`). */
export const countOf = (n: number, singular: string, plural = `${singular}s`): string =>
  `${n} ${n > 1 ? plural : singular}`;
