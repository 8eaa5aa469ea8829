import {
  ITEM_STATES,
  addDays,
  isCalendarDate,
  isKnownOrganisation,
  parisDateOf,
  parseMoment,
  type CalendarDate,
  type ItemState,
  type Moment,
  textProblem,
} from '@cosinum/domain';

/** What every dashboard page reads from its query string: the time control and the filters. */
export interface DashboardQuery {
  readonly moment: Moment;
  /** The time control as the user gave it: links carry it; absent means "now". */
  readonly time: { readonly asOf?: string; readonly knownAt?: string };
  readonly filters: DashboardFilters;
  /** French messages about parameters that were ignored because they were not understood. */
  readonly errors: readonly FieldError[];
}

export interface DashboardFilters {
  readonly document?: string;
  readonly mission?: string;
  readonly ministry?: string;
  /** Words to find in a commitment's title, description or external id (case and accents aside). */
  readonly search?: string;
  readonly states: readonly ItemState[];
  /** Due within this many days of `asOf` (the deadline not yet passed). */
  readonly within?: number;
  readonly from?: CalendarDate;
  readonly to?: CalendarDate;
}

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export type RawQuery = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined): string | undefined => {
  const v = Array.isArray(value) ? value[0] : value;
  const trimmed = v?.trim();
  return trimmed ? trimmed : undefined;
};

const all = (value: string | string[] | undefined): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);

const inRange = (instant: string) => instant >= '2000-01-01' && instant <= '2101-01-01';

/**
 * Lenient on purpose: a page never fails on a bad parameter, it ignores it and says so. The
 * exports, which have no page to say it on, refuse the request instead (see `errors`).
 */
export const parseDashboardQuery = (query: RawQuery, now: string): DashboardQuery => {
  const errors: FieldError[] = [];
  const time: { asOf?: string; knownAt?: string } = {};
  const moment = { asOf: now, knownAt: now };
  for (const [field, label] of [
    ['asOf', 'La date de situation'],
    ['knownAt', 'La date de connaissance'],
  ] as const) {
    const given = first(query[field]);
    if (given === undefined) continue;
    const parsed = parseMoment(given);
    if (parsed && inRange(parsed)) {
      time[field] = given;
      moment[field] = parsed;
    } else {
      errors.push({
        field,
        message: `${label} «\u202f${given}\u202f» n'est pas une date AAAA-MM-JJ valide.`,
      });
    }
  }
  const document = first(query.document);
  const mission = first(query.mission);
  let ministry = first(query.ministry);
  if (ministry !== undefined && !isKnownOrganisation(ministry)) {
    errors.push({
      field: 'ministry',
      message: `Le ministère «\u202f${ministry}\u202f» est inconnu.`,
    });
    ministry = undefined;
  }
  let search = first(query.search);
  if (search !== undefined && (search.length > 200 || textProblem(search, { singleLine: true }))) {
    errors.push({
      field: 'search',
      message: 'La recherche doit tenir sur une ligne de 200 caractères au plus.',
    });
    search = undefined;
  }
  const states: ItemState[] = [];
  for (const s of all(query.state)) {
    if ((ITEM_STATES as readonly string[]).includes(s)) {
      if (!states.includes(s as ItemState)) states.push(s as ItemState);
    } else errors.push({ field: 'state', message: `L'état «\u202f${s}\u202f» est inconnu.` });
  }
  let within: number | undefined;
  const withinText = first(query.within);
  if (withinText !== undefined) {
    if (/^\d{1,4}$/.test(withinText)) within = Number(withinText);
    else
      errors.push({
        field: 'within',
        message: `«\u202f${withinText}\u202f» n'est pas un nombre de jours (entier de 0 à 9999).`,
      });
  }
  const dates: { from?: CalendarDate; to?: CalendarDate } = {};
  for (const [field, label] of [
    ['from', "La date de début d'échéance"],
    ['to', "La date de fin d'échéance"],
  ] as const) {
    const given = first(query[field]);
    if (given === undefined) continue;
    if (isCalendarDate(given)) dates[field] = given;
    else
      errors.push({
        field,
        message: `${label} «\u202f${given}\u202f» n'est pas une date AAAA-MM-JJ valide.`,
      });
  }
  return {
    moment,
    time,
    filters: { document, mission, ministry, ...(search && { search }), states, within, ...dates },
    errors,
  };
};

/** The deadline window the filters describe, as inclusive calendar dates. */
export const deadlineWindow = (
  filters: DashboardFilters,
  moment: Moment,
): { from?: CalendarDate; to?: CalendarDate } => {
  let { from, to } = filters;
  if (filters.within !== undefined) {
    const today = parisDateOf(moment.asOf);
    const end = addDays(today, filters.within);
    from = from && from > today ? from : today;
    to = to && to < end ? to : end;
  }
  return { from, to };
};
