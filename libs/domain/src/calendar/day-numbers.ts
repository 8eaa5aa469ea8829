import type { CalendarDate } from './calendar-date';

/*
 * Calendar dates and UTC instants as plain numbers (days and milliseconds since 1970-01-01), in
 * integer arithmetic: the hot paths (folding a million reports, evaluating a board, deciding a
 * command) compare and subtract numbers instead of parsing text with Luxon each time. Only
 * Paris wall-clock questions need the time-zone database (see calendar-date.ts).
 */

const DAY_MS = 86_400_000;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const ZERO = 48;

/** The number written by two ASCII digits at `i`, or -1 when either is not a digit. */
const d2 = (s: string, i: number): number => {
  const a = s.charCodeAt(i) - ZERO;
  const b = s.charCodeAt(i + 1) - ZERO;
  return a >>> 0 > 9 || b >>> 0 > 9 ? -1 : a * 10 + b;
};

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * Days since 1970-01-01 of a `YYYY-MM-DD` date, or NaN when it is not a real date in that exact
 * form (then the series keeps the original text beside the number, see `rawOn`).
 */
export const dayOf = (date: string): number => (date.length === 10 ? dayAtOffset(date, 0) : NaN);

/** `dayOf` of the ten characters of `text` from `from`. */
const dayAtOffset = (text: string, from: number): number => {
  if (text.charCodeAt(from + 4) !== 45 || text.charCodeAt(from + 7) !== 45) return NaN;
  const century = d2(text, from);
  const yy = d2(text, from + 2);
  const m = d2(text, from + 5);
  const d = d2(text, from + 8);
  if (century < 0 || yy < 0 || m < 1 || m > 12 || d < 1) return NaN;
  const y = century * 100 + yy;
  if (d > (m === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[m - 1])) return NaN;
  return daysFromCivil(y, m, d);
};

/**
 * Days since 1970-01-01 of a proleptic Gregorian date, in integer arithmetic (H. Hinnant's
 * `days_from_civil`): the same number as `Date.UTC(y, m - 1, d) / 86_400_000`, several times
 * faster, and the fold computes one per report.
 */
const daysFromCivil = (year: number, m: number, d: number): number => {
  const y = m <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
};

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/**
 * The dates already written, by day number, for the days a history holds (1970 to 2189): a board
 * writes the same few thousand dates again and again.
 */
const DATES: CalendarDate[] = [];
const REMEMBERED_DAYS = 80_000;

/** The `YYYY-MM-DD` of a day number (the inverse of `dayOf` on real dates; `civil_from_days`). */
export const dateOfDay = (day: number): CalendarDate => {
  if (day >>> 0 === day && day < REMEMBERED_DAYS) {
    const known = DATES[day];
    if (known !== undefined) return known;
    return (DATES[day] = civilDate(day));
  }
  return civilDate(day);
};

const civilDate = (day: number): CalendarDate => {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y < 1000 ? String(y).padStart(4, '0') : y}-${pad2(m)}-${pad2(d)}`;
};

const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/** The canonical text `YYYY-MM-DDTHH:mm:ss.sssZ` of an instant in ms (as `toISOString` writes it). */
export const instantOfMs = (ms: number): string => {
  const day = Math.floor(ms / DAY_MS);
  let rest = ms - day * DAY_MS;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const mi = Math.floor(rest / 60_000);
  rest -= mi * 60_000;
  const sec = Math.floor(rest / 1000);
  return `${dateOfDay(day)}T${pad2(h)}:${pad2(mi)}:${pad2(sec)}.${pad3(rest - sec * 1000)}Z`;
};

/**
 * Milliseconds of an instant in the canonical form `YYYY-MM-DDTHH:mm:ss.sssZ` (what the store
 * records, and what `new Date(ms).toISOString()` gives back), read digit by digit; NaN for any
 * other form.
 */
export const canonicalInstantMs = (text: string): number => {
  if (
    text.length !== 24 ||
    text.charCodeAt(23) !== 90 /* Z */ ||
    text.charCodeAt(10) !== 84 /* T */ ||
    text.charCodeAt(13) !== 58 /* : */ ||
    text.charCodeAt(16) !== 58 /* : */ ||
    text.charCodeAt(19) !== 46 /* . */
  )
    return NaN;
  const day = dayAtOffset(text, 0);
  const h = d2(text, 11);
  const mi = d2(text, 14);
  const s = d2(text, 17);
  const cs = d2(text, 20);
  const ms1 = text.charCodeAt(22) - ZERO;
  if (day !== day || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return NaN;
  if (cs < 0 || ms1 >>> 0 > 9) return NaN;
  return day * DAY_MS + ((h * 60 + mi) * 60 + s) * 1000 + cs * 10 + ms1;
};

/** Milliseconds of an instant (NaN when it cannot be read). */
export const msOf = (instant: string): number => {
  const ms = canonicalInstantMs(instant);
  return ms === ms ? ms : Date.parse(instant);
};
