import { isScalar, isSeq, type Node } from 'yaml';
import {
  ALL_MINISTRY_CODES,
  CADENCES,
  reportingProblem,
  defaultReporting,
  describeRange,
  isInRange,
  isKnownOrganisation,
  type CalendarDate,
  type DatePrecision,
  type Direction,
  type Metric,
  type MetricKind,
  type Milestone,
  type Reporting,
  type SourceReference,
} from '@cosinum/domain';
import { PeriodWordingError, resolvePeriodDeadline } from './period-deadline';
import {
  describe,
  fields,
  readChoice,
  readDate,
  readNumber,
  readString,
  valueOf,
  type Field,
  type IssueCollector,
} from './yaml-fields';

/** One historic value of a catalogue entry, imported as a progress report. */
export interface CatalogueProgress {
  readonly ministry: string;
  readonly value: number;
  readonly on: CalendarDate;
  readonly note?: string;
  readonly line: number;
}

/** A validated catalogue entry, its deadline resolved to a calendar date. */
export interface CatalogueEntry {
  readonly externalId: string;
  readonly title: string;
  readonly description: string;
  readonly source: SourceReference;
  readonly mission?: string;
  readonly metric: Metric;
  readonly deadline: CalendarDate;
  /** The deadline as the source words it, kept next to the resolved date. */
  readonly deadlineWording: string;
  /** Present when the source gives no deadline: why this one was chosen. */
  readonly deadlineInferredFrom?: string;
  readonly ministries: readonly string[] | 'all';
  /** How often a value is expected: the entry's own, else the default of its metric's kind. */
  readonly reporting: Reporting;
  /** Dated intermediate targets, in date order (empty when the entry gives none). */
  readonly milestones: readonly Milestone[];
  readonly progress: readonly CatalogueProgress[];
  /** Line of the entry in the file, for messages. */
  readonly line: number;
}

const METRIC_KINDS: readonly MetricKind[] = ['percentage', 'count', 'boolean', 'score'];
const DIRECTIONS: readonly Direction[] = ['increase', 'decrease'];
const PRECISIONS: readonly DatePrecision[] = ['day', 'month', 'quarter', 'half-year', 'year'];
const EXTERNAL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** A number that must lie in the range of the metric's kind (unchecked while the kind is unknown). */
const readValue = (
  c: IssueCollector,
  pair: Field,
  path: string,
  kind: MetricKind | undefined,
): number | undefined => {
  const value = readNumber(c, pair, path);
  if (value === undefined || kind === undefined) return value;
  if (!isInRange(kind, value))
    return c.report(
      valueOf(pair),
      path,
      `${value} is outside the range of a ${kind} metric ${describeRange(kind)}`,
    );
  return value;
};

const readMetric = (
  c: IssueCollector,
  pair: Field,
  path: string,
): { metric?: Metric; kind?: MetricKind } => {
  if (!pair) return {};
  const f = fields(c, valueOf(pair), pair, path, {
    required: ['kind', 'direction', 'target'],
    optional: ['unit', 'baseline'],
  });
  if (!f) return {};
  const kind = readChoice(c, f.get('kind'), `${path}.kind`, METRIC_KINDS);
  const direction = readChoice(c, f.get('direction'), `${path}.direction`, DIRECTIONS);
  const target = readValue(c, f.get('target'), `${path}.target`, kind);
  const unit = readString(c, f.get('unit'), `${path}.unit`, { max: 60 });
  let baseline: Metric['baseline'] | null = null;
  const baselinePair = f.get('baseline');
  if (baselinePair) {
    const b = fields(c, valueOf(baselinePair), baselinePair, `${path}.baseline`, {
      required: ['value', 'on'],
      optional: [],
    });
    const value = b && readValue(c, b.get('value'), `${path}.baseline.value`, kind);
    const on = b && readDate(c, b.get('on'), `${path}.baseline.on`);
    baseline = value !== undefined && on !== undefined ? { value, on } : undefined;
  }
  if (
    kind === undefined ||
    direction === undefined ||
    target === undefined ||
    baseline === undefined
  )
    return { kind };
  const metric: Metric = {
    kind,
    direction,
    target,
    ...(unit !== undefined && { unit }),
    ...(baseline && { baseline }),
  };
  return { metric, kind };
};

/** `deadline.date` when the source names a day; otherwise the period (or wording) resolved. */
const readDeadline = (
  c: IssueCollector,
  pair: Field,
  topLevelPeriod: Field,
  path: string,
): { date: CalendarDate; wording: string; inferredFrom?: string } | undefined => {
  if (!pair) return undefined;
  const f = fields(c, valueOf(pair), pair, path, {
    required: ['wording'],
    optional: ['date', 'period', 'inferredFrom'],
  });
  if (!f) return undefined;
  const inferredFrom = readString(c, f.get('inferredFrom'), `${path}.inferredFrom`, { max: 300 });
  const inferred = inferredFrom !== undefined ? { inferredFrom } : {};
  const wording = readString(c, f.get('wording'), `${path}.wording`, { max: 100 });
  const periodPair = f.get('period') ?? topLevelPeriod;
  const periodPath = f.get('period') ? `${path}.period` : 'period';
  if (f.get('period') && topLevelPeriod)
    c.report(topLevelPeriod, 'period', `give the period once, as ${path}.period`);
  if (f.get('date')) {
    if (periodPair)
      return c.report(periodPair, periodPath, `give either ${path}.date or a period, not both`);
    const date = readDate(c, f.get('date'), `${path}.date`);
    return date !== undefined && wording !== undefined ? { date, wording, ...inferred } : undefined;
  }
  const [source, sourcePath] = periodPair
    ? [periodPair, periodPath]
    : [f.get('wording'), `${path}.wording`];
  const text = periodPair ? readString(c, periodPair, periodPath, { max: 100 }) : wording;
  if (text === undefined || wording === undefined) return undefined;
  try {
    return { date: resolvePeriodDeadline(text), wording, ...inferred };
  } catch (error) {
    if (!(error instanceof PeriodWordingError)) throw error;
    return c.report(
      valueOf(source),
      sourcePath,
      `${error.message}${periodPair ? '' : `; or add ${path}.date or ${path}.period`}`,
    );
  }
};

const readMinistries = (
  c: IssueCollector,
  pair: Field,
  path: string,
): readonly string[] | 'all' | undefined => {
  if (!pair) return undefined;
  const node = valueOf(pair);
  if (isScalar(node) && node.value === 'all') return 'all';
  if (!isSeq(node))
    return c.report(
      node ?? pair,
      path,
      `must be "all" or a list of organisation codes, got ${describe(node)}`,
    );
  if (node.items.length === 0) return c.report(node, path, 'must name at least one organisation');
  const codes: string[] = [];
  let ok = true;
  node.items.forEach((item, i) => {
    const code = isScalar(item) ? item.value : undefined;
    if (typeof code !== 'string' || !isKnownOrganisation(code)) {
      ok = false;
      c.report(
        item as Node,
        `${path}[${i}]`,
        `unknown ministry code ${describe(item as Node)} (see \`cosinum ministries\`)`,
      );
    } else if (codes.includes(code)) {
      ok = false;
      c.report(item as Node, `${path}[${i}]`, `${code} is listed twice`);
    } else codes.push(code);
  });
  return ok ? codes : undefined;
};

const readProgress = (
  c: IssueCollector,
  pair: Field,
  path: string,
  kind: MetricKind | undefined,
  ministries: readonly string[] | 'all' | undefined,
): CatalogueProgress[] | undefined => {
  if (!pair) return [];
  const node = valueOf(pair);
  if (!isSeq(node)) return c.report(node ?? pair, path, `must be a list, got ${describe(node)}`);
  const assigned = ministries === 'all' ? ALL_MINISTRY_CODES : ministries;
  const reports: CatalogueProgress[] = [];
  let ok = true;
  node.items.forEach((item, i) => {
    const at = `${path}[${i}]`;
    const f = fields(c, item as Node, item as Node, at, {
      required: ['ministry', 'value', 'on'],
      optional: ['note'],
    });
    if (!f) return (ok = false);
    const ministry = readString(c, f.get('ministry'), `${at}.ministry`, { max: 20 });
    if (ministry !== undefined && !isKnownOrganisation(ministry)) {
      c.report(valueOf(f.get('ministry')), `${at}.ministry`, `unknown ministry code "${ministry}"`);
      ok = false;
    } else if (ministry !== undefined && assigned && !assigned.includes(ministry)) {
      c.report(
        valueOf(f.get('ministry')),
        `${at}.ministry`,
        `${ministry} is not among this entry's ministries`,
      );
      ok = false;
    }
    const value = readValue(c, f.get('value'), `${at}.value`, kind);
    const on = readDate(c, f.get('on'), `${at}.on`);
    const note = readString(c, f.get('note'), `${at}.note`, { max: 2000, multiLine: true });
    if (
      ministry === undefined ||
      value === undefined ||
      on === undefined ||
      (f.has('note') && note === undefined)
    )
      return (ok = false);
    if (reports.some((r) => r.ministry === ministry && r.on === on)) {
      c.report(item as Node, at, `a value for ${ministry} on ${on} is already given above`);
      return (ok = false);
    }
    reports.push({
      ministry,
      value,
      on,
      ...(note !== undefined && { note }),
      line: c.position(item as Node).line,
    });
  });
  return ok ? reports : undefined;
};

/**
 * `reporting: { every, delayDays? }`, checked as the decider checks it (a cadence, a whole number
 * of days from 0 to 366, no delay when nothing is expected). Absent: the default of the metric's
 * kind (a yes/no action is declared once, a measured one monthly).
 */
const readReporting = (
  c: IssueCollector,
  pair: Field,
  path: string,
  kind: MetricKind | undefined,
): Reporting | undefined => {
  if (!pair) return kind === undefined ? undefined : defaultReporting(kind);
  const f = fields(c, valueOf(pair), pair, path, { required: ['every'], optional: ['delayDays'] });
  if (!f) return undefined;
  const every = readChoice(c, f.get('every'), `${path}.every`, CADENCES);
  const delayPair = f.get('delayDays');
  const delayDays = readNumber(c, delayPair, `${path}.delayDays`);
  if (delayPair && delayDays === undefined) return undefined;
  // The decider's own check, so that a file and the API refuse the same cadences (a wrong
  // `every` is reported above; its delay is still checked, as for a measured cadence).
  const reporting: Reporting = {
    every: every ?? 'month',
    ...(delayDays !== undefined && { delayDays }),
  };
  const problem = reportingProblem(reporting, path);
  if (problem)
    return c.report(
      valueOf(f.get(problem.field.slice(path.length + 1))),
      problem.field,
      problem.message.slice(problem.field.length + 1),
    );
  return every === undefined ? undefined : reporting;
};

/**
 * `milestones: [{ on, target, label? }]`, by the decider's rules: none on a yes/no metric (its
 * steps are counted instead), each on a real day from the decision to the deadline, its target
 * in the metric's range, one a day. Returned in date order.
 */
const readMilestones = (
  c: IssueCollector,
  pair: Field,
  path: string,
  kind: MetricKind | undefined,
  decidedOn: CalendarDate | undefined,
  deadline: CalendarDate | undefined,
): Milestone[] | undefined => {
  if (!pair) return [];
  const node = valueOf(pair);
  if (!isSeq(node)) return c.report(node ?? pair, path, `must be a list, got ${describe(node)}`);
  if (kind === 'boolean')
    return c.report(
      node,
      path,
      'a yes/no commitment has no intermediate target; count its steps instead (metric.kind: count, target: the number of steps)',
    );
  const milestones: Milestone[] = [];
  let ok = true;
  node.items.forEach((item, i) => {
    const at = `${path}[${i}]`;
    const f = fields(c, item as Node, item as Node, at, {
      required: ['on', 'target'],
      optional: ['label'],
    });
    if (!f) return (ok = false);
    const on = readDate(c, f.get('on'), `${at}.on`);
    const target = readValue(c, f.get('target'), `${at}.target`, kind);
    const label = readString(c, f.get('label'), `${at}.label`, { max: 200 });
    if (on !== undefined && decidedOn !== undefined && on < decidedOn) {
      c.report(valueOf(f.get('on')), `${at}.on`, `${on} is before source.decidedOn ${decidedOn}`);
      return (ok = false);
    }
    if (on !== undefined && deadline !== undefined && on > deadline) {
      c.report(
        valueOf(f.get('on')),
        `${at}.on`,
        `${on} is after the deadline ${deadline}: a milestone comes before it`,
      );
      return (ok = false);
    }
    if (on === undefined || target === undefined || (f.has('label') && label === undefined))
      return (ok = false);
    const same = milestones.find((m) => m.on === on);
    if (same) {
      c.report(valueOf(f.get('on')), `${at}.on`, `another milestone is already on ${on}`);
      return (ok = false);
    }
    milestones.push({ on, target, ...(label !== undefined && { label }) });
  });
  return ok ? milestones.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0)) : undefined;
};

const ENTRY_FIELDS = {
  required: ['externalId', 'title', 'description', 'source', 'metric', 'deadline', 'ministries'],
  optional: ['mission', 'period', 'reporting', 'milestones', 'progress'],
} as const;

/** Validates one entry of `commitments:`; returns it only when every field is right. */
export const readEntry = (
  c: IssueCollector,
  node: Node | null,
  path: string,
): CatalogueEntry | undefined => {
  const before = c.issues.length;
  const f = fields(c, node, node as Node, path, ENTRY_FIELDS);
  if (!f) return undefined;
  const externalId = readString(c, f.get('externalId'), `${path}.externalId`, { max: 100 });
  if (externalId !== undefined && !EXTERNAL_ID.test(externalId))
    c.report(
      valueOf(f.get('externalId')),
      `${path}.externalId`,
      'must be 1 to 100 letters, digits, dots, dashes or underscores',
    );
  const title = readString(c, f.get('title'), `${path}.title`, { min: 3, max: 300 });
  const description = readString(c, f.get('description'), `${path}.description`, {
    max: 5000,
    multiLine: true,
  });
  const mission = readString(c, f.get('mission'), `${path}.mission`, { max: 300 });
  const sourcePair = f.get('source');
  const s =
    sourcePair &&
    fields(c, valueOf(sourcePair), sourcePair, `${path}.source`, {
      required: ['document', 'decidedOn'],
      optional: ['section', 'decidedOnPrecision'],
    });
  const document = s && readString(c, s.get('document'), `${path}.source.document`, { max: 300 });
  const section = s && readString(c, s.get('section'), `${path}.source.section`, { max: 300 });
  const decidedOn = s && readDate(c, s.get('decidedOn'), `${path}.source.decidedOn`);
  const precision =
    s &&
    readChoice(c, s.get('decidedOnPrecision'), `${path}.source.decidedOnPrecision`, PRECISIONS);
  const { metric, kind } = readMetric(c, f.get('metric'), `${path}.metric`);
  const deadline = readDeadline(c, f.get('deadline'), f.get('period'), `${path}.deadline`);
  if (deadline && decidedOn && deadline.date < decidedOn)
    c.report(
      valueOf(f.get('deadline')),
      `${path}.deadline`,
      `resolves to ${deadline.date}, before source.decidedOn ${decidedOn}`,
    );
  const ministries = readMinistries(c, f.get('ministries'), `${path}.ministries`);
  const reporting = readReporting(c, f.get('reporting'), `${path}.reporting`, kind);
  const milestones = readMilestones(
    c,
    f.get('milestones'),
    `${path}.milestones`,
    kind,
    decidedOn,
    deadline?.date,
  );
  const progress = readProgress(c, f.get('progress'), `${path}.progress`, kind, ministries);
  if (
    c.issues.length > before ||
    [
      externalId,
      title,
      description,
      document,
      decidedOn,
      metric,
      deadline,
      ministries,
      reporting,
      milestones,
      progress,
    ].includes(undefined)
  )
    return undefined;
  return {
    externalId: externalId as string,
    title: title as string,
    description: description as string,
    source: {
      document: document as string,
      ...(section !== undefined && { section }),
      decidedOn: decidedOn as string,
      ...(precision !== undefined && precision !== 'day' && { decidedOnPrecision: precision }),
    },
    ...(mission !== undefined && { mission }),
    metric: metric as Metric,
    deadline: deadline!.date,
    deadlineWording: deadline!.wording,
    ...(deadline!.inferredFrom !== undefined && { deadlineInferredFrom: deadline!.inferredFrom }),
    ministries: ministries as readonly string[] | 'all',
    reporting: reporting as Reporting,
    milestones: milestones as Milestone[],
    progress: progress as CatalogueProgress[],
    line: c.position(node).line,
  };
};
