// From the modules themselves, not the folders' index: through `export *` every call is a getter.
import { daysBetween, parisDateOf, type CalendarDate } from '../calendar/calendar-date';
import { dateOfDay, dayOf, msOf } from '../calendar/day-numbers';
import type { Direction } from '../commitment/commitment.events';
import { reaches } from '../commitment/metric';
import {
  defaultReporting,
  nextReport,
  type Milestone,
  type Reporting,
} from '../commitment/reporting';
import type { CommitmentHistory, Fact, MilestoneFact, Mutable, Ruling } from './commitment-history';
import { INVALID_DAY, ReportSeries } from './report-series';
import { fitLine, type Forecast } from './forecast';
import { messages } from './status-messages';
import type {
  ItemState,
  MilestoneStatus,
  Moment,
  Reason,
  StatusItem,
  StatusRules,
} from './status.types';

/**
 * True when an instant is at or before `knownAt`, compared as instants (not as text: the same
 * instant may be written with or without milliseconds, or with an offset). The rule of every
 * "as known at" view: the status evaluation and the dashboard's charts.
 */
export const recordedBy = (recordedAt: string, knownAt: string): boolean =>
  recordedAt === knownAt || msOf(recordedAt) <= knownAtMsOf(knownAt);

/** A fact counts when it had been recorded by `knownAt` and refers to a day up to `asOf`. */
const counts = (fact: Fact, asOfDate: CalendarDate, knownAt: string): boolean =>
  (fact.recordedAt === null || recordedBy(fact.recordedAt, knownAt)) && fact.on <= asOfDate;

const byBusinessDate = (a: Fact, b: Fact): number =>
  a.on < b.on ? -1 : a.on > b.on ? 1 : a.seq - b.seq;

/**
 * The visible facts in business-date order, in one pass: facts are stored in stream order, which
 * is almost always business-date order too, so the sort runs only when a back-dated fact breaks
 * it (same result as filter + sort: the order is total, `seq` being unique in a stream).
 */
/** An extension that moved a ministry's deadline, with the deadline it moved from. */
export interface DeadlineStep {
  readonly on: CalendarDate;
  readonly recordedAt: string | null;
  readonly from: CalendarDate;
  readonly deadline: CalendarDate;
  readonly reason: string;
  readonly decisionRef?: string;
  /** For every assigned ministry (a common extension), not this one alone. */
  readonly common: boolean;
}

/**
 * The extensions that moved a ministry's deadline, as the board sees them at `moment` (the same
 * ones its `extensions` count): in business order, each later than the deadline before it.
 */
export const deadlineSteps = (
  state: CommitmentHistory,
  ministry: string,
  moment: Moment,
): DeadlineStep[] => deadlineStepsAt(state, ministry, parisDateOfAsOf(moment.asOf), moment.knownAt);

const deadlineStepsAt = (
  state: CommitmentHistory,
  ministry: string,
  asOfDate: CalendarDate,
  knownAt: string,
): DeadlineStep[] => {
  const steps: DeadlineStep[] = [];
  let deadline = state.definition.deadline;
  // Only extensions that actually moved this ministry's deadline count.
  for (const e of visibleInOrder(state.extensions, asOfDate, knownAt, ministry)) {
    if (e.deadline <= deadline) continue;
    steps.push({
      on: e.on,
      recordedAt: e.recordedAt,
      from: deadline,
      deadline: e.deadline,
      reason: e.reason,
      ...(e.decisionRef !== undefined && { decisionRef: e.decisionRef }),
      common: e.ministry === undefined,
    });
    deadline = e.deadline;
  }
  return steps;
};

const visibleInOrder = <F extends Fact>(
  facts: readonly F[],
  asOfDate: CalendarDate,
  knownAt: string,
  ministry?: string,
): F[] => {
  const out: F[] = [];
  let sorted = true;
  for (let i = 0; i < facts.length; i++) {
    const fact = facts[i];
    if (fact.on > asOfDate || (fact.recordedAt !== null && !recordedBy(fact.recordedAt, knownAt)))
      continue;
    if (ministry !== undefined) {
      const own = (fact as { ministry?: string }).ministry;
      if (own !== undefined && own !== ministry) continue;
    }
    if (sorted && out.length > 0 && byBusinessDate(out[out.length - 1], fact) > 0) sorted = false;
    out.push(fact);
  }
  return sorted ? out : out.sort(byBusinessDate);
};

/**
 * The Paris date of `asOf`, computed once per board rather than once per item (a board
 * evaluates every item at the same moment; the time-zone conversion dominated small items).
 */
let lastAsOf: string | undefined;
let lastAsOfDate: CalendarDate = '';
const parisDateOfAsOf = (asOf: string): CalendarDate => {
  if (asOf !== lastAsOf) {
    lastAsOfDate = parisDateOf(asOf);
    lastAsOf = asOf;
  }
  return lastAsOfDate;
};

/** `knownAt` in ms, likewise once per board. */
let lastKnownAt: string | undefined;
let lastKnownAtMs = 0;
const knownAtMsOf = (knownAt: string): number => {
  if (knownAt !== lastKnownAt) {
    lastKnownAtMs = msOf(knownAt);
    lastKnownAt = knownAt;
  }
  return lastKnownAtMs;
};

/**
 * The rows of a report series visible at (asOfDay, knownAtMs), in business-date order (stream
 * order breaks ties), as row indexes. Reports come in stream order, which is almost always
 * business-date order too: the sort runs only when a back-dated report breaks it.
 */
/**
 * Scratch space for one item at a time (evaluation is synchronous and never reentrant): a board
 * evaluates thousands of items, and a typed array allocated per item cost more than the item.
 */
let rowScratch = new Int32Array(1024);
let dayScratch = new Float64Array(1024);
let valueScratch = new Float64Array(1024);

/**
 * How much of a series is in order, remembered per series and extended as it grows (a series'
 * rows below its length never change): whether the recording instants are non-decreasing and all
 * known, and whether the business days are non-decreasing, over its first `length` rows.
 */
interface SeriesOrder {
  length: number;
  recordedInOrder: boolean;
  daysInOrder: boolean;
  lastRecorded: number;
  lastDay: number;
}
const ORDER = new WeakMap<ReportSeries, SeriesOrder>();

const orderOf = (reports: ReportSeries): SeriesOrder => {
  let order = ORDER.get(reports);
  if (order === undefined || order.length > reports.length) {
    order = {
      length: 0,
      recordedInOrder: true,
      daysInOrder: true,
      lastRecorded: -Infinity,
      lastDay: -Infinity,
    };
    ORDER.set(reports, order);
  }
  for (let i = order.length; i < reports.length; i++) {
    const recorded = reports.recordedAt(i);
    // NaN (an unknown time) is out of order: it counts at every knownAt.
    if (recorded >= order.lastRecorded) order.lastRecorded = recorded;
    else order.recordedInOrder = false;
    const day = reports.dayAt(i);
    if (day >= order.lastDay) order.lastDay = day;
    else order.daysInOrder = false;
  }
  order.length = reports.length;
  return order;
};

/**
 * The rows of a report series visible at (asOfDay, knownAtMs), as `visibleRowsByScan` finds them.
 * A ministry's reports come in stream order, so their recording instants never decrease, and
 * they nearly always come in business-date order too: then the visible rows are a prefix, found
 * by two binary searches (the rows recorded by `knownAt`, then those of them up to `asOf`)
 * instead of a test of every report. Otherwise, the scan.
 */
export const visibleRows = (
  reports: ReportSeries,
  asOfDay: number,
  knownAtMs: number,
): Int32Array => {
  const order = orderOf(reports);
  if (!order.recordedInOrder || !order.daysInOrder)
    return visibleRowsByScan(reports, asOfDay, knownAtMs);
  // The same tests as the scan, `!(x > limit)`, so that a NaN limit lets everything through.
  let lo = 0;
  let hi = reports.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (!(reports.recordedAt(mid) > knownAtMs)) lo = mid + 1;
    else hi = mid;
  }
  hi = lo;
  lo = 0;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (!(reports.dayAt(mid) > asOfDay)) lo = mid + 1;
    else hi = mid;
  }
  if (rowScratch.length < lo) rowScratch = new Int32Array(reports.length * 2);
  const rows = rowScratch;
  for (let i = 0; i < lo; i++) rows[i] = i;
  return rows.subarray(0, lo);
};

/** The reference reading: every report tested, sorted when a back-dated one breaks the order. */
export const visibleRowsByScan = (
  reports: ReportSeries,
  asOfDay: number,
  knownAtMs: number,
): Int32Array => {
  if (rowScratch.length < reports.length) rowScratch = new Int32Array(reports.length * 2);
  const rows = rowScratch;
  let n = 0;
  let sorted = true;
  let lastDay = -Infinity;
  for (let i = 0; i < reports.length; i++) {
    const day = reports.dayAt(i);
    if (day > asOfDay) continue;
    const recorded = reports.recordedAt(i);
    if (recorded > knownAtMs) continue; // NaN (recorded at an unknown time) always counts
    if (day < lastDay) sorted = false;
    lastDay = day;
    rows[n++] = i;
  }
  const visible = rows.subarray(0, n);
  if (!sorted)
    visible.sort(
      (a, b) => reports.dayAt(a) - reports.dayAt(b) || reports.seqAt(a) - reports.seqAt(b),
    );
  return visible;
};

/** The latest visible report, as much of it as an item reads. */
interface Latest {
  readonly value: number;
  readonly on: CalendarDate;
}

/** True when the commitment existed, as far as was known, at that moment. */
export const isDecidedAt = (state: CommitmentHistory, moment: Moment): boolean =>
  decidedBy(state, parisDateOfAsOf(moment.asOf), moment.knownAt);

const decidedBy = (state: CommitmentHistory, asOfDate: CalendarDate, knownAt: string): boolean => {
  const { definition } = state;
  return (
    (definition.recordedAt === null || recordedBy(definition.recordedAt, knownAt)) &&
    definition.source.decidedOn <= asOfDate
  );
};

/**
 * How a ministry comes to hold an item beyond the decision's list: `unassigned`, a ministry that
 * "every ministry" takes in because it exists on the day evaluated (it has no facts yet);
 * `takenOver`, the facts of an organisation merged or split into `by` since `on`.
 */
export interface Assignment {
  readonly unassigned?: boolean;
  readonly takenOver?: {
    readonly by: string;
    readonly from: string;
    /** « du ministère de l'Action et des Comptes publics » */
    readonly fromOf: string;
    readonly on: CalendarDate;
  };
}

/**
 * The status of one ministry on one commitment, at `asOf`, from what was known at `knownAt`.
 * Pure: the same state and moment always give the same item. Returns null when the commitment
 * was not yet decided (or not yet known) at that moment, or the ministry is not assigned.
 */
export const evaluateItem = (
  state: CommitmentHistory,
  ministry: string,
  moment: Moment,
  rules: StatusRules,
  assignment?: Assignment,
): StatusItem | null => {
  const track =
    state.ministries[ministry] ??
    (assignment?.unassigned ? { code: ministry, reports: ReportSeries.empty() } : undefined);
  if (!track) return null;
  const asOfDate = parisDateOfAsOf(moment.asOf);
  const shared = commitmentAt(state, asOfDate, moment.knownAt);
  if (!shared.decided) return null;
  const { definition } = state;
  const { metric } = definition;

  const target = shared.target;
  const steps = deadlineStepsAt(state, ministry, asOfDate, moment.knownAt);
  const deadline = steps.length > 0 ? steps[steps.length - 1].deadline : definition.deadline;
  const extensionCount = steps.length;
  const series = track.reports;
  const rows = visibleRows(series, dayOf(asOfDate), knownAtMsOf(moment.knownAt));
  const latestRow = rows.length > 0 ? rows[rows.length - 1] : -1;
  const latest: Latest | undefined =
    latestRow >= 0 ? { value: series.valueAt(latestRow), on: onAt(series, latestRow) } : undefined;
  const metOn =
    latest && reaches(metric.direction, latest.value, target)
      ? startOfLatestRun(series, rows, metric.direction, target)
      : undefined;

  const reporting = shared.reporting;
  const delayDays = reporting.delayDays ?? rules.staleDelayDays;
  const milestones = milestonesOf(state, shared.milestones, series, rows, asOfDate);
  // The item is built field by field, in the order its JSON has always had (the board's bytes and
  // ETag depend on it): conditional fields where they were spread, a state's own fields after the
  // common ones (`upToDate` keeps its place), then `state` and `reasons`. A literal with spreads
  // and a copy per item cost a fifth of a board.
  const out: Mutable<StatusItem> = {
    commitmentId: definition.commitmentId,
    externalId: definition.externalId,
    title: definition.title,
    ministry: assignment?.takenOver?.by ?? ministry,
  } as Mutable<StatusItem>;
  if (assignment?.takenOver) out.takenOverFrom = assignment.takenOver.from;
  out.deadline = deadline;
  out.originalDeadline = definition.deadline;
  out.deadlineWording = definition.deadlineWording;
  if (definition.deadlineInferredFrom !== undefined)
    out.deadlineInferredFrom = definition.deadlineInferredFrom;
  out.extensions = extensionCount;
  out.target = target;
  out.direction = metric.direction;
  out.kind = metric.kind;
  out.unit = metric.unit;
  out.latestValue = latest?.value ?? null;
  out.latestOn = latest?.on ?? null;
  out.progressRate = progressRate(state, series, rows, latest, target);
  out.reporting = reporting;
  out.upToDate = true;
  out.milestones = milestones;
  const extended =
    extensionCount > 0 ? messages.extended(extensionCount, definition.deadline, deadline) : null;
  const takenOver = assignment?.takenOver
    ? messages.takenOver(assignment.takenOver.fromOf, assignment.takenOver.on)
    : null;
  /** `reasons` is the caller's own array: the common reasons are added to it. */
  const item = (s: ItemState, reasons: Reason[]): StatusItem => {
    out.state = s;
    if (extended) reasons.push(extended);
    if (takenOver) reasons.push(takenOver);
    out.reasons = reasons;
    return out;
  };

  const withdrawal = shared.withdrawal;
  if (withdrawal) return item('withdrawn', [messages.withdrawn(withdrawal.on, withdrawal.reason)]);
  const exemption =
    track.exemption && counts(track.exemption, asOfDate, moment.knownAt)
      ? track.exemption
      : undefined;
  if (exemption) return item('exempt', [messages.exempted(exemption.on, exemption.reason)]);
  if (metOn !== undefined && latest) {
    const daysLate = Math.max(0, daysBetween(deadline, metOn));
    out.metOn = metOn;
    out.daysLate = daysLate;
    return item('met', [messages.met(metric, metOn, latest.value, target, deadline, daysLate)]);
  }

  // An open item: a value is due on its cadence.
  const expected = nextReport(
    reporting.every,
    delayDays,
    latest?.on ?? null,
    definition.source.decidedOn,
  );
  const upToDate = expected === null || asOfDate <= expected.due;
  const n = trendPoints(state, series, rows, asOfDate);
  const trend = n >= 2 ? fit(metric.direction, n, target, asOfDate) : undefined;
  /** An open item's own fields: `daysLate` (overdue), `forecast`, the cadence's two. */
  const open = (daysLate?: number): void => {
    if (daysLate !== undefined) out.daysLate = daysLate;
    if (trend) out.forecast = trend;
    out.upToDate = upToDate;
    if (expected !== null) out.nextReportDue = expected.due;
  };
  const progress = messages.progress(metric, latest, target);
  const daysLeft = daysBetween(asOfDate, deadline);
  if (daysLeft < 0) {
    open(-daysLeft);
    return item('overdue', [messages.deadlinePassed(deadline, -daysLeft), progress]);
  }

  const risks: Reason[] = [];
  if (daysLeft <= rules.warningDays) risks.push(messages.deadlineClose(deadline, daysLeft));
  if (rules.milestones) {
    const missed = latestPastMilestone(milestones, asOfDate);
    if (
      // Silence is not failure: without any value, NO_REPORT (and the cadence) say it already.
      missed?.state === 'missed' &&
      latest !== undefined &&
      !reaches(metric.direction, latest.value, missed.target)
    )
      risks.push(messages.milestoneMissed(metric, missed, latest));
  }
  if (rules.trajectory && trend) {
    if (trend.reachOn === null) risks.push(messages.trajectoryStalled(metric, trend, target));
    else if (trend.reachOn > deadline)
      risks.push(messages.trajectoryLate(metric, trend, target, deadline));
  }
  if (!upToDate && expected !== null && reporting.every !== 'none')
    risks.push(
      messages.stale(
        metric,
        reporting.every,
        expected,
        latest?.on ?? null,
        definition.source.decidedOn,
      ),
    );
  const nextMilestone = milestones.find((m) => m.state === 'upcoming');
  const towardsMilestone =
    n >= 2 && nextMilestone
      ? messages.milestoneForecast(
          metric,
          nextMilestone,
          fit(metric.direction, n, nextMilestone.target, asOfDate),
        )
      : undefined;
  open();
  if (risks.length > 0) {
    risks.push(progress);
    if (towardsMilestone) risks.push(towardsMilestone);
    return item('at_risk', risks);
  }

  const onTrack = [messages.onTrack(deadline, daysLeft)];
  if (rules.trajectory && trend && trend.reachOn !== null)
    onTrack.push(messages.trajectoryOnTime(metric, trend, target, deadline));
  onTrack.push(progress);
  if (towardsMilestone) onTrack.push(towardsMilestone);
  return item('on_track', onTrack);
};

/** What every item of a commitment reads alike at a moment, whichever the ministry. */
interface CommitmentAt {
  /** Decided by `asOf`, as known at `knownAt` (isDecidedAt). */
  readonly decided: boolean;
  /** The withdrawal, when it counts at that moment. */
  readonly withdrawal: Ruling | undefined;
  /** The target in force: the latest visible revision's, else the decision's. */
  readonly target: number;
  readonly reporting: Reporting;
  /** The visible milestones, the latest fact of each day, in date order. */
  readonly milestones: readonly Milestone[];
}

/**
 * Remembered for the last commitment and moment: a board evaluates a commitment's items one
 * after the other, at one moment. The fold extends a history in place, so its `seq` (events
 * folded) is part of the key.
 */
let lastHistory: CommitmentHistory | undefined;
let lastSeq = -1;
let sharedAsOfDate = '';
let sharedKnownAt = '';
let lastShared: CommitmentAt | undefined;

const commitmentAt = (
  state: CommitmentHistory,
  asOfDate: CalendarDate,
  knownAt: string,
): CommitmentAt => {
  if (
    lastShared !== undefined &&
    state === lastHistory &&
    state.seq === lastSeq &&
    asOfDate === sharedAsOfDate &&
    knownAt === sharedKnownAt
  )
    return lastShared;
  const revisions = visibleInOrder(state.targetRevisions, asOfDate, knownAt);
  const { withdrawal } = state;
  lastShared = {
    decided: decidedBy(state, asOfDate, knownAt),
    withdrawal: withdrawal && counts(withdrawal, asOfDate, knownAt) ? withdrawal : undefined,
    target:
      revisions.length > 0
        ? revisions[revisions.length - 1].target
        : state.definition.metric.target,
    reporting: reportingInForce(state, asOfDate, knownAt),
    milestones: visibleMilestones(state, asOfDate, knownAt),
  };
  lastHistory = state;
  lastSeq = state.seq;
  sharedAsOfDate = asOfDate;
  sharedKnownAt = knownAt;
  return lastShared;
};

/** The cadence in force on `asOfDate`: the latest visible change, else the decision's. */
const reportingInForce = (
  state: CommitmentHistory,
  asOfDate: CalendarDate,
  knownAt: string,
): Reporting => {
  const changes = visibleInOrder(state.reportingChanges, asOfDate, knownAt);
  return changes.length > 0
    ? changes[changes.length - 1].reporting
    : (state.definition.reporting ?? defaultReporting(state.definition.metric.kind));
};

/** The visible milestones, the latest fact of each day, in date order. */
const visibleMilestones = (
  state: CommitmentHistory,
  asOfDate: CalendarDate,
  knownAt: string,
): Milestone[] => {
  if (state.milestones.length === 0) return [];
  const visibleFacts: MilestoneFact[] = visibleInOrder(state.milestones, asOfDate, knownAt);
  // The latest fact for a day wins (one milestone a day is the decider's rule).
  const byDay = new Map<CalendarDate, MilestoneFact>();
  for (const f of visibleFacts) byDay.set(f.milestone.on, f);
  return [...byDay.values()]
    .map((f) => f.milestone)
    .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
};

/**
 * The visible milestones in date order, each judged by the latest value on or before its day
 * (or before `asOf`, for a milestone still ahead): a milestone is a promise about a day.
 */
const milestonesOf = (
  state: CommitmentHistory,
  visible: readonly Milestone[],
  series: ReportSeries,
  rows: Int32Array,
  asOfDate: CalendarDate,
): MilestoneStatus[] => {
  if (visible.length === 0) return [];
  const { direction } = state.definition.metric;
  return visible.map((m) => {
    const last = lastRowUpTo(series, rows, dayOf(m.on));
    const status = { on: m.on, target: m.target } as Mutable<MilestoneStatus>;
    if (m.label !== undefined) status.label = m.label;
    if (last >= 0 && reaches(direction, series.valueAt(rows[last]), m.target)) {
      let first = last;
      while (first > 0 && reaches(direction, series.valueAt(rows[first - 1]), m.target)) first--;
      status.state = 'met';
      status.metOn = onAt(series, rows[first]);
      return status;
    }
    status.state = m.on < asOfDate ? 'missed' : 'upcoming';
    return status;
  });
};

/**
 * The last of `rows` (in business-date order) whose day is at or before `limit`, or -1: a binary
 * search, where a scan from the end crossed every report after an early milestone.
 */
const lastRowUpTo = (series: ReportSeries, rows: Int32Array, limit: number): number => {
  let lo = 0;
  let hi = rows.length; // rows[lo - 1] is at or before `limit`; rows[hi] and after are not
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (series.dayAt(rows[mid]) <= limit) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
};

/** The business date of row `i`, as `series.at(i).on` writes it, without the whole report. */
const onAt = (series: ReportSeries, i: number): CalendarDate => {
  const day = series.dayAt(i);
  return day === INVALID_DAY ? series.at(i).on : dateOfDay(day);
};

/** The last milestone whose day is over. */
const latestPastMilestone = (
  milestones: readonly MilestoneStatus[],
  asOfDate: CalendarDate,
): MilestoneStatus | undefined => {
  let found: MilestoneStatus | undefined;
  for (const m of milestones) if (m.on < asOfDate) found = m;
  return found;
};

/**
 * DITP's progress rate, TA = 100·(VA − VI)/(VC − VI), clamped to 0–100: VA the latest value,
 * VC the target in force, VI the baseline (or, without one, the first value). The formula follows
 * the direction by itself; when the initial value already reaches the target, the rate is 100 if
 * the latest value still does and 0 otherwise. One decimal; null before any value.
 */
const progressRate = (
  state: CommitmentHistory,
  series: ReportSeries,
  rows: Int32Array,
  latest: Latest | undefined,
  target: number,
): number | null => {
  if (!latest) return null;
  const { metric } = state.definition;
  const initial = metric.baseline?.value ?? series.valueAt(rows[0]);
  if (metric.kind === 'boolean') return latest.value >= 1 ? 100 : 0;
  if (reaches(metric.direction, initial, target))
    return reaches(metric.direction, latest.value, target) ? 100 : 0;
  const rate = (100 * (latest.value - initial)) / (target - initial);
  return Math.round(Math.min(100, Math.max(0, rate)) * 10) / 10;
};

/**
 * The points of the trend of a measured metric, in the scratch columns: the baseline and the
 * visible reports, one point per day, the latest value of a day winning (a report over the
 * baseline of the same day). Returns their number (0 for a yes/no metric: it has no trend).
 */
const trendPoints = (
  state: CommitmentHistory,
  series: ReportSeries,
  rows: Int32Array,
  asOfDate: CalendarDate,
): number => {
  const { metric } = state.definition;
  if (metric.kind === 'boolean') return 0;
  if (dayScratch.length < rows.length + 1) {
    dayScratch = new Float64Array((rows.length + 1) * 2);
    valueScratch = new Float64Array((rows.length + 1) * 2);
  }
  const days = dayScratch;
  const values = valueScratch;
  let n = 0;
  const baseline = metric.baseline && metric.baseline.on <= asOfDate ? metric.baseline : undefined;
  const baselineDay = baseline ? dayOf(baseline.on) : Infinity;
  let baselinePending = baseline !== undefined;
  for (let k = 0; k < rows.length; k++) {
    const day = series.dayAt(rows[k]);
    if (baselinePending && baselineDay < day) {
      days[n] = baselineDay;
      values[n++] = (baseline as { value: number }).value;
      baselinePending = false;
    } else if (baselinePending && baselineDay === day) baselinePending = false;
    if (n > 0 && days[n - 1] === day) values[n - 1] = series.valueAt(rows[k]);
    else {
      days[n] = day;
      values[n++] = series.valueAt(rows[k]);
    }
  }
  if (baselinePending && baseline) {
    days[n] = baselineDay;
    values[n++] = baseline.value;
  }
  return n;
};

/** The trend line through the `n` points `trendPoints` left in the scratch columns. */
const fit = (
  direction: Direction,
  n: number,
  target: number,
  asOfDate: CalendarDate,
): Forecast | undefined =>
  fitLine(dayScratch, valueScratch, n, target, direction, dayOf(asOfDate)) ?? undefined;

/** The first day of the latest unbroken run of reports that reach the target. */
const startOfLatestRun = (
  series: ReportSeries,
  rows: Int32Array,
  direction: Direction,
  target: number,
): CalendarDate => {
  let i = rows.length - 1;
  while (i > 0 && reaches(direction, series.valueAt(rows[i - 1]), target)) i--;
  return onAt(series, rows[i]);
};
