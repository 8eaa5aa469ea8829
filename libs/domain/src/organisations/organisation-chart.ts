import {
  isCalendarDate,
  parisDateOf,
  type CalendarDate,
  type Instant,
} from '../calendar/calendar-date';
import { DomainError } from '../commitment/commitment.errors';
import type { Event } from '../commitment/commitment.events';
import type { Command } from '../commitment/commitment.commands';
import { textProblem } from '../commitment/text';
import type { OrganisationKind } from '../ministries/ministries';
import { recordedBy } from '../status/evaluate-status';

/**
 * Ministries are redrawn by every government: created, renamed, merged, split, dissolved. Each
 * change is an event with its effective date, its reason and its reference (the decree), in one
 * stream: the organisation chart of the State as it stood on any day, as known at any instant.
 * Codes are stable and never reused; names follow the date asked.
 */
export const ORGANISATIONS_STREAM = 'organisations';

/** How a sentence names an organisation: « du ministère de l'Intérieur », « au ministère … ». */
export interface NameForms {
  readonly name: string;
  readonly shortName: string;
  /** With « de » and its article: « du ministère de l'Intérieur », « de la DINUM ». */
  readonly of: string;
  /** With « à » and its article: « au ministère de l'Intérieur », « à la DINUM ». */
  readonly to: string;
}

interface Ruling {
  readonly on: CalendarDate;
  readonly reason: string;
  readonly reference?: string;
}

export type OrganisationCreated = Event<
  'OrganisationCreated',
  NameForms & Ruling & { code: string; kind: OrganisationKind }
>;
export type OrganisationRenamed = Event<
  'OrganisationRenamed',
  NameForms & Ruling & { code: string; previousName: string }
>;
export type OrganisationsMerged = Event<
  'OrganisationsMerged',
  Ruling & { code: string; into: string }
>;
export type OrganisationSplit = Event<
  'OrganisationSplit',
  Ruling & {
    code: string;
    into: readonly string[];
    /** Which successor takes each commitment; a commitment not listed passes to every one. */
    assignments: Readonly<Record<string, string>>;
  }
>;
export type OrganisationDissolved = Event<'OrganisationDissolved', Ruling & { code: string }>;

export type OrganisationEvent =
  | OrganisationCreated
  | OrganisationRenamed
  | OrganisationsMerged
  | OrganisationSplit
  | OrganisationDissolved;

export const ORGANISATION_EVENT_TYPES: readonly OrganisationEvent['type'][] = [
  'OrganisationCreated',
  'OrganisationRenamed',
  'OrganisationsMerged',
  'OrganisationSplit',
  'OrganisationDissolved',
];

export const isOrganisationEvent = (event: { type: string }): event is OrganisationEvent =>
  (ORGANISATION_EVENT_TYPES as readonly string[]).includes(event.type);

type Dated = {
  readonly on: CalendarDate;
  readonly recordedAt: Instant | null;
  readonly seq: number;
};

/** How an organisation ended, and who took over from it. */
export interface Ending extends Ruling {
  readonly kind: 'merged' | 'split' | 'dissolved';
  readonly successors: readonly string[];
  readonly assignments: Readonly<Record<string, string>>;
}

export interface OrganisationHistory {
  readonly code: string;
  readonly kind: OrganisationKind;
  readonly created: Ruling & Dated;
  /** The names it carried, the creation's first, in stream order. */
  readonly names: readonly (NameForms & Ruling & Dated)[];
  readonly ending?: Ending & Dated;
}

/** Every organisation ever recorded, by code (in the order they were created). */
export type OrganisationChart = ReadonlyMap<string, OrganisationHistory>;

export const emptyChart = (): OrganisationChart => new Map();

type Recorded<E> = E & { readonly metadata?: { readonly recordedAt?: Instant } };

/** Pure: a new chart, the earlier one unchanged. */
export const evolveChart = (
  chart: OrganisationChart,
  event: Recorded<OrganisationEvent>,
  seq = chart.size,
): OrganisationChart => {
  const recordedAt = event.metadata?.recordedAt ?? null;
  const next = new Map(chart);
  const { data } = event;
  const ruling = {
    on: data.on,
    reason: data.reason,
    ...(data.reference !== undefined && { reference: data.reference }),
    recordedAt,
    seq,
  };
  const current = chart.get(data.code);
  switch (event.type) {
    case 'OrganisationCreated': {
      if (current) return chart;
      const { name, shortName, of, to } = event.data;
      next.set(data.code, {
        code: data.code,
        kind: event.data.kind,
        created: ruling,
        names: [{ name, shortName, of, to, ...ruling }],
      });
      return next;
    }
    case 'OrganisationRenamed': {
      if (!current) return chart;
      const { name, shortName, of, to } = event.data;
      next.set(data.code, {
        ...current,
        names: [...current.names, { name, shortName, of, to, ...ruling }],
      });
      return next;
    }
    case 'OrganisationsMerged':
    case 'OrganisationSplit':
    case 'OrganisationDissolved': {
      if (!current) return chart;
      const successors =
        event.type === 'OrganisationsMerged'
          ? [event.data.into]
          : event.type === 'OrganisationSplit'
            ? [...event.data.into]
            : [];
      const kind =
        event.type === 'OrganisationsMerged'
          ? 'merged'
          : event.type === 'OrganisationSplit'
            ? 'split'
            : 'dissolved';
      const assignments = event.type === 'OrganisationSplit' ? event.data.assignments : {};
      next.set(data.code, { ...current, ending: { ...ruling, kind, successors, assignments } });
      return next;
    }
  }
};

/** A fact counts at a moment when it was recorded by `knownAt` and takes effect by `date`. */
const counts = (fact: Dated, date: CalendarDate, knownAt: Instant): boolean =>
  fact.on <= date && (fact.recordedAt === null || recordedBy(fact.recordedAt, knownAt));

const known = (fact: Dated, knownAt: Instant): boolean =>
  fact.recordedAt === null || recordedBy(fact.recordedAt, knownAt);

/** An organisation as it stood on a day: its name then, and since when it existed. */
export interface OrganisationOn extends NameForms {
  readonly code: string;
  readonly kind: OrganisationKind;
  readonly since: CalendarDate;
}

/** The organisation on the Paris day of `asOf`, as known at `knownAt`; null if it did not exist. */
export const organisationOn = (
  chart: OrganisationChart,
  code: string,
  moment: { asOf: Instant; knownAt: Instant },
): OrganisationOn | null => {
  const o = chart.get(code);
  if (!o) return null;
  const date = parisDateOf(moment.asOf);
  if (!counts(o.created, date, moment.knownAt)) return null;
  if (o.ending && counts(o.ending, date, moment.knownAt)) return null;
  let name = o.names[0];
  for (const n of o.names) if (counts(n, date, moment.knownAt) && n.on >= name.on) name = n;
  return {
    code: o.code,
    kind: o.kind,
    since: o.created.on,
    name: name.name,
    shortName: name.shortName,
    of: name.of,
    to: name.to,
  };
};

/** Every organisation existing on that day, as known then, in the chart's order. */
export const organisationsOn = (
  chart: OrganisationChart,
  moment: { asOf: Instant; knownAt: Instant },
): OrganisationOn[] => {
  const out: OrganisationOn[] = [];
  for (const code of chart.keys()) {
    const o = organisationOn(chart, code, moment);
    if (o) out.push(o);
  }
  return out;
};

/**
 * Who had taken over from `code` by that day, as known then, for one commitment: the successors
 * of a merger or a split (a split's assignment decides, when it names the commitment), followed
 * through later endings. Empty when it still exists, was dissolved, or never ended.
 */
export const takenOverBy = (
  chart: OrganisationChart,
  code: string,
  commitmentId: string,
  moment: { asOf: Instant; knownAt: Instant },
): { code: string; from: string; on: CalendarDate }[] => {
  const date = parisDateOf(moment.asOf);
  const result: { code: string; from: string; on: CalendarDate }[] = [];
  const seen = new Set<string>();
  const follow = (from: string): void => {
    if (seen.has(from)) return;
    seen.add(from);
    const o = chart.get(from);
    const ending = o?.ending;
    if (!ending || !counts(ending, date, moment.knownAt) || ending.kind === 'dissolved') return;
    const chosen = ending.assignments[commitmentId];
    const successors = chosen !== undefined ? [chosen] : ending.successors;
    for (const s of successors) {
      const successor = chart.get(s);
      if (successor?.ending && counts(successor.ending, date, moment.knownAt)) follow(s);
      else result.push({ code: s, from: code, on: ending.on });
    }
  };
  follow(code);
  return result;
};

/** The whole lineage of an organisation, as known at `knownAt`: what it came from and became. */
export const lineageOf = (
  chart: OrganisationChart,
  code: string,
  knownAt: Instant,
): {
  readonly predecessors: { code: string; kind: Ending['kind']; on: CalendarDate }[];
  readonly successors: readonly string[];
  readonly ending?: Ending;
} => {
  const predecessors: { code: string; kind: Ending['kind']; on: CalendarDate }[] = [];
  for (const o of chart.values())
    if (o.ending && known(o.ending, knownAt) && o.ending.successors.includes(code))
      predecessors.push({ code: o.code, kind: o.ending.kind, on: o.ending.on });
  const ending = chart.get(code)?.ending;
  return ending && known(ending, knownAt)
    ? { predecessors, successors: ending.successors, ending }
    : { predecessors, successors: [] };
};

// --- Commands -----------------------------------------------------------------------------------

export type OrganisationCommand = Command<
  'RecordOrganisationChange',
  Readonly<
    | ({ change: 'create'; code: string; kind: OrganisationKind } & NameForms & Ruling)
    | ({ change: 'rename'; code: string } & NameForms & Ruling)
    | ({ change: 'merge'; code: string; into: string } & Ruling)
    | ({
        change: 'split';
        code: string;
        into: readonly string[];
        assignments?: Readonly<Record<string, string>>;
      } & Ruling)
    | ({ change: 'dissolve'; code: string } & Ruling)
  >
>;

export class OrganisationError extends DomainError {
  override readonly name = 'OrganisationError';
  static invalid(field: string, message: string): OrganisationError {
    return new OrganisationError('ORGANISATION.INVALID', 'invalid', message, field);
  }
  static notFound(code: string, field = 'code'): OrganisationError {
    return new OrganisationError(
      'ORGANISATION.NOT_FOUND',
      'not_found',
      `Organisation ${code} does not exist on that date`,
      field,
    );
  }
  static exists(code: string): OrganisationError {
    return new OrganisationError(
      'ORGANISATION.CODE_TAKEN',
      'conflict',
      `The code ${code} is already taken (codes are never reused)`,
      'code',
    );
  }
}

/** The shape of an organisation code: 2 to 30 capital letters, digits or underscores. */
export const ORGANISATION_CODE = /^[A-Z][A-Z0-9_]{1,29}$/;
const KINDS: readonly OrganisationKind[] = ['ministry', 'operator', 'directorate'];

const text = (field: string, value: unknown, max: number, required = true): void => {
  if (value === undefined && !required) return;
  const problem =
    typeof value !== 'string'
      ? 'is required'
      : value.length > max
        ? `must be at most ${max} characters`
        : textProblem(value, { singleLine: true });
  if (problem) throw OrganisationError.invalid(field, `${field} ${problem}`);
};

/** Exists on the day of the change, as the chart stands when the command is decided. */
const existingOn = (chart: OrganisationChart, code: string, on: CalendarDate, field: string) => {
  const o = chart.get(code);
  const at = `${on}T12:00:00.000Z`;
  if (!o || !organisationOn(chart, code, { asOf: at, knownAt: '9999-12-31T23:59:59.999Z' }))
    throw OrganisationError.notFound(code, field);
  return o;
};

export const decideOrganisation = (
  command: OrganisationCommand,
  chart: OrganisationChart,
): OrganisationEvent[] => {
  const { data } = command;
  if (!isCalendarDate(data.on))
    throw OrganisationError.invalid('on', 'on must be a real calendar date YYYY-MM-DD');
  text('reason', data.reason, 2000);
  text('reference', data.reference, 300, false);
  const ruling = {
    on: data.on,
    reason: data.reason,
    ...(data.reference !== undefined && { reference: data.reference }),
  };
  const forms = (d: NameForms) => {
    text('name', d.name, 200);
    text('shortName', d.shortName, 80);
    text('of', d.of, 220);
    text('to', d.to, 220);
    return { name: d.name, shortName: d.shortName, of: d.of, to: d.to };
  };
  switch (data.change) {
    case 'create': {
      if (typeof data.code !== 'string' || !ORGANISATION_CODE.test(data.code))
        throw OrganisationError.invalid(
          'code',
          'code must be 2 to 30 capital letters, digits or underscores, starting with a letter',
        );
      if (chart.has(data.code)) throw OrganisationError.exists(data.code);
      if (!KINDS.includes(data.kind))
        throw OrganisationError.invalid('kind', `kind must be one of ${KINDS.join(', ')}`);
      return [
        {
          type: 'OrganisationCreated',
          data: { code: data.code, kind: data.kind, ...forms(data), ...ruling },
        },
      ];
    }
    case 'rename': {
      existingOn(chart, data.code, data.on, 'code');
      const before = organisationOn(chart, data.code, {
        asOf: `${data.on}T12:00:00.000Z`,
        knownAt: '9999-12-31T23:59:59.999Z',
      }) as OrganisationOn;
      const named = forms(data);
      if (named.name === before.name)
        throw OrganisationError.invalid(
          'name',
          `The organisation is already named « ${named.name} »`,
        );
      return [
        {
          type: 'OrganisationRenamed',
          data: { code: data.code, previousName: before.name, ...named, ...ruling },
        },
      ];
    }
    case 'merge': {
      existingOn(chart, data.code, data.on, 'code');
      if (data.into === data.code)
        throw OrganisationError.invalid('into', 'An organisation cannot merge into itself');
      existingOn(chart, data.into, data.on, 'into');
      return [
        { type: 'OrganisationsMerged', data: { code: data.code, into: data.into, ...ruling } },
      ];
    }
    case 'split': {
      existingOn(chart, data.code, data.on, 'code');
      if (!Array.isArray(data.into) || data.into.length < 2)
        throw OrganisationError.invalid('into', 'A split needs at least two successors');
      data.into.forEach((s, i) => {
        if (s === data.code || data.into.indexOf(s) !== i)
          throw OrganisationError.invalid(
            `into[${i}]`,
            `into[${i}] ${s} is repeated or the organisation itself`,
          );
        existingOn(chart, s, data.on, `into[${i}]`);
      });
      const assignments = data.assignments ?? {};
      for (const [commitmentId, code] of Object.entries(assignments))
        if (!data.into.includes(code))
          throw OrganisationError.invalid(
            `assignments.${commitmentId}`,
            `assignments.${commitmentId} must be one of the successors (${data.into.join(', ')})`,
          );
      return [
        {
          type: 'OrganisationSplit',
          data: {
            code: data.code,
            into: [...data.into],
            assignments: { ...assignments },
            ...ruling,
          },
        },
      ];
    }
    case 'dissolve':
      existingOn(chart, data.code, data.on, 'code');
      return [{ type: 'OrganisationDissolved', data: { code: data.code, ...ruling } }];
  }
};
