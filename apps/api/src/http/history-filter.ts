import { isCalendarDate, parseMoment as parseEnd, startOfParisDay } from '@cosinum/domain';
import type { HistoryFilter } from '@cosinum/application';

export type HistoryFilterLike = HistoryFilter;

/** A period bound: a date is the start (or end) of that Paris day, an instant is itself. */
export const parseMoment = (value: string, bound: 'start' | 'end'): string =>
  bound === 'start' && isCalendarDate(value) ? startOfParisDay(value) : (parseEnd(value) as string);
