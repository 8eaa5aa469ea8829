import { DateTime } from 'luxon';
import { PARIS, type CalendarDate } from '@cosinum/domain';

/**
 * How a deadline worded as a period becomes a calendar date. ONE rule: a period resolves to the
 * LAST Paris calendar day of the period it names, because a commitment due "in" a period is only
 * late once the whole period has gone by.
 *
 * - quarter, half-year, month, year: their last day ("1er trimestre 2021" → 2021-03-31,
 *   "2nd semestre 2020" → 2020-12-31, "septembre 2020" → 2020-09-30, "2021" → 2021-12-31);
 *   "fin <year>" / "fin <month> <year>" end the same day as the year or month; a range of years
 *   ("2020-2021") ends with its last year.
 * - "mi-<year>" names the first half of the year: 30 June.
 * - seasons end the day before the next one starts. Season starts are the usual French calendar
 *   dates, fixed rather than astronomical (the equinoxes and solstices move by a day from year to
 *   year, which would make the same wording resolve differently): printemps 20 March, été 21 June,
 *   automne 23 September, hiver 21 December. So "printemps 2021" → 2021-06-20, "été 2021" →
 *   2021-09-22, "automne 2020" → 2020-12-20.
 * - "hiver <year>" is the winter that ENDS in that year (most of its days, January to March, fall
 *   in it): "hiver 2021" → 2021-03-19; "hiver 2020-2021" says the same explicitly.
 * - "avant <season> <year>" ends the day before that season starts: "avant l'été 2021" →
 *   2021-06-20. "avant l'hiver 2021" is the winter starting in December 2021 → 2021-12-20.
 * - an exact date ("31 mars 2021", "1er juillet 2021") is itself.
 *
 * A few leading particles are ignored ("d'ici le", "au", "en", "au plus tard", "dès"), case,
 * accents, exponent marks from PDF extraction ("1^{er}", "3^e") and apostrophe variants (’, and
 * the OCR "I'" for "l'") are tolerated. Anything else is refused with a {@link PeriodWordingError}:
 * a deadline is never guessed.
 */
export const resolvePeriodDeadline = (wording: string): CalendarDate => {
  const text = normalise(wording);
  for (const [pattern, resolve] of FORMS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const date = resolve(match.groups ?? {});
    if (!date) throw PeriodWordingError.notADate(wording);
    return date;
  }
  throw PeriodWordingError.unreadable(wording);
};

/** True when a wording can be resolved by {@link resolvePeriodDeadline}. */
export const isReadablePeriod = (wording: string): boolean => {
  try {
    resolvePeriodDeadline(wording);
    return true;
  } catch {
    return false;
  }
};

export class PeriodWordingError extends Error {
  override readonly name = 'PeriodWordingError';

  private constructor(
    readonly code: string,
    readonly wording: string,
    message: string,
  ) {
    super(message);
  }

  static unreadable(wording: string): PeriodWordingError {
    return new PeriodWordingError(
      'CATALOGUE.UNREADABLE_PERIOD',
      wording,
      `cannot read a deadline in "${wording}": use a date ("31 mars 2021"), a month, quarter, half-year, season or year ("1er trimestre 2021", "mi-2021", "fin 2022")`,
    );
  }

  static notADate(wording: string): PeriodWordingError {
    return new PeriodWordingError(
      'CATALOGUE.NOT_A_DATE',
      wording,
      `"${wording}" names a day or a period that does not exist`,
    );
  }
}

const MONTHS: Record<string, number> = {
  janvier: 1,
  janv: 1,
  fevrier: 2,
  fevr: 2,
  fev: 2,
  mars: 3,
  avril: 4,
  avr: 4,
  mai: 5,
  juin: 6,
  juillet: 7,
  juil: 7,
  aout: 8,
  septembre: 9,
  sept: 9,
  octobre: 10,
  oct: 10,
  novembre: 11,
  nov: 11,
  decembre: 12,
  dec: 12,
};

const ORDINALS: Record<string, number> = {
  '1': 1,
  '1er': 1,
  '1re': 1,
  '1ere': 1,
  premier: 1,
  premiere: 1,
  '2': 2,
  '2e': 2,
  '2eme': 2,
  '2nd': 2,
  '2nde': 2,
  second: 2,
  seconde: 2,
  deuxieme: 2,
  '3': 3,
  '3e': 3,
  '3eme': 3,
  troisieme: 3,
  '4': 4,
  '4e': 4,
  '4eme': 4,
  quatrieme: 4,
  dernier: 4,
};

type Season = 'printemps' | 'ete' | 'automne' | 'hiver';

/** Month and day each season starts on (see the rule above). */
const SEASON_START: Record<Season, { month: number; day: number }> = {
  printemps: { month: 3, day: 20 },
  ete: { month: 6, day: 21 },
  automne: { month: 9, day: 23 },
  hiver: { month: 12, day: 21 },
};

const NEXT_SEASON: Record<Season, Season> = {
  printemps: 'ete',
  ete: 'automne',
  automne: 'hiver',
  hiver: 'printemps',
};

const MONTH = `(?<month>${Object.keys(MONTHS).join('|')})\\.?`;
const ORDINAL = `(?<ordinal>${Object.keys(ORDINALS).join('|')})`;
const YEAR = '(?<year>\\d{4})';
const SEASON = "(?:l'|le |de l'|du )?(?<season>printemps|ete|automne|hiver)";

type Groups = Record<string, string | undefined>;

const day = (year: number, month: number, dayOfMonth: number): CalendarDate | null => {
  const date = DateTime.fromObject({ year, month, day: dayOfMonth }, { zone: PARIS });
  return date.isValid ? (date.toISODate() as CalendarDate) : null;
};

const endOf = (year: number, month: number, unit: 'month' | 'quarter' | 'year'): CalendarDate =>
  DateTime.fromObject({ year, month, day: 1 }, { zone: PARIS }).endOf(unit).toISODate() as string;

const dayBefore = (date: CalendarDate): CalendarDate =>
  DateTime.fromISO(date, { zone: PARIS }).minus({ days: 1 }).toISODate() as string;

const seasonStart = (season: Season, year: number): CalendarDate =>
  day(year, SEASON_START[season].month, SEASON_START[season].day) as CalendarDate;

/** The last day of a season; winter is named by the year it ends in. */
const endOfSeason = (season: Season, year: number): CalendarDate => {
  // Every season but winter ends in the year it starts; winter is named by its last year.
  return dayBefore(seasonStart(NEXT_SEASON[season], year));
};

const num = (g: Groups, name: string): number => Number(g[name]);

const FORMS: ReadonlyArray<readonly [RegExp, (g: Groups) => CalendarDate | null]> = [
  // ISO date, as a convenience.
  [
    /^(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})$/,
    (g) => day(num(g, 'year'), num(g, 'month'), num(g, 'day')),
  ],
  // 31 mars 2021, 1er juillet 2021
  [
    new RegExp(`^(?<day>\\d{1,2})(?:er)? ${MONTH} ${YEAR}$`),
    (g) => day(num(g, 'year'), MONTHS[g.month as string], num(g, 'day')),
  ],
  // 1er trimestre 2021, T1 2021
  [
    new RegExp(`^(?:${ORDINAL} trimestre|t(?<q>[1-4])) (?:de l'annee )?${YEAR}$`),
    (g) => {
      const quarter = g.q ? Number(g.q) : ORDINALS[g.ordinal as string];
      return endOf(num(g, 'year'), quarter * 3, 'quarter');
    },
  ],
  // 2nd semestre 2020, premier semestre 2021, S1 2021
  [
    new RegExp(`^(?:${ORDINAL} semestre|s(?<h>[12])) (?:de l'annee )?${YEAR}$`),
    (g) => {
      const half = g.h ? Number(g.h) : ORDINALS[g.ordinal as string];
      if (half > 2) return null;
      return endOf(num(g, 'year'), half * 6, 'month');
    },
  ],
  // mi-2021, milieu 2021, mi-annee 2021
  [
    new RegExp(`^(?:mi[- ]?|mi-annee |milieu (?:de l'annee )?)${YEAR}$`),
    (g) => endOf(num(g, 'year'), 6, 'month'),
  ],
  // décembre 2021, fin septembre 2020, courant mars 2021
  [
    new RegExp(`^(?:(?:fin|courant|mois de|fin du mois de|fin de) )?${MONTH} ${YEAR}$`),
    (g) => endOf(num(g, 'year'), MONTHS[g.month as string], 'month'),
  ],
  // avant l'été 2021: the day before the season starts
  [
    new RegExp(`^avant ${SEASON} ${YEAR}$`),
    (g) => dayBefore(seasonStart(g.season as Season, num(g, 'year'))),
  ],
  // hiver 2020-2021: the winter spanning those years
  [
    new RegExp(`^(?:l'|le |en )?hiver (?<from>\\d{4}) ?[-/] ?${YEAR}$`),
    (g) => (num(g, 'year') === num(g, 'from') + 1 ? endOfSeason('hiver', num(g, 'year')) : null),
  ],
  // été 2021, automne 2020, hiver 2021 (the winter that ends in 2021)
  [
    new RegExp(`^(?:fin )?${SEASON} ${YEAR}$`),
    (g) => endOfSeason(g.season as Season, num(g, 'year')),
  ],
  // fin 2022, fin de l'année 2022, 2021, 2020-2021
  [
    new RegExp(
      `^(?:(?:fin|fin d'annee|fin de l'annee|courant|l'annee|annee) )?(?:\\d{4} ?[-/] ?)?${YEAR}$`,
    ),
    (g) => endOf(num(g, 'year'), 12, 'year'),
  ],
];

/** Leading particles that do not change the period named. */
const PARTICLES =
  /^(?:d'ici (?:a la |a |au |le |la )?|au plus tard (?:le |en |au |a la )?|des (?:le |la )?|au |en |le |a la |pour )/;

const normalise = (wording: string): string => {
  let text = wording
    .replace(/\^\{([^}]*)\}/g, '$1')
    .replace(/\^/g, '')
    .replace(/[’‘`´ʼ]/g, "'")
    // OCR reads "l'" as "I'": an upper-case I before an apostrophe is never French.
    .replace(/(^|[\s(])I'/g, "$1l'")
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\u00a0\u202f\s]+/g, ' ')
    .replace(/[–—]/g, '-')
    .replace(/\s*-\s*/g, '-')
    .trim()
    .replace(/[.;,:!]+$/, '')
    .trim();
  // "mi-2021" keeps its dash; ranges of years are written "2020-2021".
  for (let previous = ''; previous !== text;) {
    previous = text;
    text = text.replace(PARTICLES, '');
  }
  return text;
};
