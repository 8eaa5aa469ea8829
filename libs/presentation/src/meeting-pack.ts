import {
  ITEM_STATES,
  emptyCounts,
  daysBetween,
  msOf,
  type CalendarDate,
  type CommitmentHistory,
  type ItemState,
  type Moment,
  type StatusItem,
} from '@cosinum/domain';
import { ministryComparison } from './trend';
import type { SlippageTimeline } from './slippage-timeline';

/**
 * The meeting pack (« dossier de séance ») of a COSINUM meeting: the board at the meeting's date
 * as known then, what changed since the previous meeting, the slippage timeline, and one sheet
 * per ministry. Pure: the controller reads the boards and the commitments' histories.
 */
export interface MeetingPack {
  readonly moment: Moment;
  /** The previous meeting's date: changes are counted after the end of that day. */
  readonly since: CalendarDate;
  readonly totals: {
    readonly counts: Record<ItemState, number>;
    readonly noReport: number;
    readonly meanProgressRate: number | null;
    readonly items: number;
  };
  /** The median of the ministries' mean progress rates. */
  readonly medianProgressRate: number | null;
  /** One sheet per ministry, in the order given (the board's ministries, by name). */
  readonly sheets: readonly MinistrySheet[];
  readonly changes: MeetingChanges;
  readonly timeline: SlippageTimeline;
}

export interface MinistrySheet {
  readonly code: string;
  readonly counts: Record<ItemState, number>;
  readonly noReport: number;
  readonly items: number;
  readonly meanProgressRate: number | null;
  /** Its mean rate minus the median of the ministries', in points. */
  readonly gapToMedian: number | null;
  /** Overdue, then at-risk items: the most overdue first, then the closest deadline. */
  readonly attention: readonly StatusItem[];
  /** Open, on-track items due within `UPCOMING_DAYS` of the meeting, closest first. */
  readonly upcoming: readonly StatusItem[];
  /** Values it reported (recorded) since the previous meeting. */
  readonly reportsSince: number;
  /** Its items whose state changed since the previous meeting. */
  readonly changes: readonly StateChange[];
}

export interface StateChange {
  readonly item: StatusItem;
  readonly from: ItemState;
  readonly to: ItemState;
}

export type RulingKind =
  | 'decided'
  | 'extended'
  | 'target_revised'
  | 'exempted'
  | 'withdrawn'
  | 'reporting_changed'
  | 'milestone_added';

/** A decision recorded since the previous meeting. */
export interface RulingSince {
  readonly kind: RulingKind;
  readonly commitmentId: string;
  readonly title: string;
  /** The ministry it concerns alone; absent when it concerns the commitment as a whole. */
  readonly ministry?: string;
  /** The business date it refers to. */
  readonly on: CalendarDate;
  readonly recordedAt: string;
  readonly reason?: string;
  readonly decisionRef?: string;
  /** For an extension: from and to; for a target: from and to, as numbers. */
  readonly from?: string | number;
  readonly to?: string | number;
}

export interface MeetingChanges {
  /** Items of both boards whose state changed, worst new state first. */
  readonly stateChanges: readonly StateChange[];
  /** Items on today's board that were not on the previous one (new decisions, new ministries). */
  readonly newItems: number;
  /** Items of the previous board no longer on it (a ministry gone with its items). */
  readonly goneItems: number;
  readonly rulings: readonly RulingSince[];
  /** Values reported since the previous meeting, every ministry together. */
  readonly reports: number;
}

/** What a ministry's sheet lists as coming: on-track items due within this many days. */
export const UPCOMING_DAYS = 90;
/**
 * Rows a sheet lists, attention and upcoming together: the sheet is one A4 page. The ones left
 * out are counted on the sheet, never dropped silently.
 */
export const SHEET_ROWS = 12;

const STATE_RANK: Record<ItemState, number> = Object.fromEntries(
  ITEM_STATES.map((s, i) => [s, i]),
) as Record<ItemState, number>;

const key = (i: Pick<StatusItem, 'commitmentId' | 'ministry'>) => `${i.commitmentId}|${i.ministry}`;

/** Overdue first (most days late first), then at risk (closest deadline first). */
const byUrgency = (a: StatusItem, b: StatusItem) =>
  STATE_RANK[a.state] - STATE_RANK[b.state] ||
  (a.state === 'overdue' ? (b.daysLate ?? 0) - (a.daysLate ?? 0) : 0) ||
  a.deadline.localeCompare(b.deadline) ||
  a.title.localeCompare(b.title, 'fr');

/** The state changes between two boards, and the items that came or went. */
export const boardChanges = (
  before: readonly StatusItem[],
  after: readonly StatusItem[],
): Pick<MeetingChanges, 'stateChanges' | 'newItems' | 'goneItems'> => {
  const previous = new Map(before.map((i) => [key(i), i]));
  const stateChanges: StateChange[] = [];
  let newItems = 0;
  for (const item of after) {
    const was = previous.get(key(item));
    if (!was) newItems++;
    else if (was.state !== item.state) stateChanges.push({ item, from: was.state, to: item.state });
    previous.delete(key(item));
  }
  stateChanges.sort(
    (a, b) =>
      STATE_RANK[a.to] - STATE_RANK[b.to] ||
      a.item.title.localeCompare(b.item.title, 'fr') ||
      a.item.ministry.localeCompare(b.item.ministry),
  );
  return { stateChanges, newItems, goneItems: previous.size };
};

/** Recorded after `fromMs` (exclusive) and at or before `toMs`. */
const within = (recordedAt: string | null, fromMs: number, toMs: number): recordedAt is string => {
  if (recordedAt === null) return false;
  const ms = msOf(recordedAt);
  return ms > fromMs && ms <= toMs;
};

/**
 * The decisions recorded in the window, from the commitments' histories, oldest first; and the
 * values reported in it, per ministry (a ministry's own facts only, when `ministries` is given).
 */
export const rulingsSince = (
  histories: Iterable<CommitmentHistory>,
  window: { readonly from: string; readonly to: string },
  ministries?: ReadonlySet<string>,
): { rulings: RulingSince[]; reports: Map<string, number> } => {
  const fromMs = msOf(window.from);
  const toMs = msOf(window.to);
  const rulings: RulingSince[] = [];
  const reports = new Map<string, number>();
  const concerns = (ministry: string | undefined) =>
    ministry === undefined || !ministries || ministries.has(ministry);
  for (const h of histories) {
    const d = h.definition;
    /** A fact of this commitment recorded in the window, worded as a ruling. */
    const add = (
      kind: RulingKind,
      fact: { on: CalendarDate; recordedAt: string | null; reason?: string; decisionRef?: string },
      extra: Partial<Pick<RulingSince, 'ministry' | 'from' | 'to'>> = {},
    ) => {
      if (!within(fact.recordedAt, fromMs, toMs)) return;
      rulings.push({
        kind,
        commitmentId: d.commitmentId,
        title: d.title,
        on: fact.on,
        recordedAt: fact.recordedAt,
        ...(fact.reason !== undefined && { reason: fact.reason }),
        ...(fact.decisionRef !== undefined && { decisionRef: fact.decisionRef }),
        ...extra,
      });
    };
    add('decided', {
      on: d.source.decidedOn,
      recordedAt: d.recordedAt,
      ...(d.source.section !== undefined && { decisionRef: d.source.section }),
    });
    for (const e of h.extensions)
      if (concerns(e.ministry))
        add('extended', e, {
          ...(e.ministry !== undefined && { ministry: e.ministry }),
          from: e.previousDeadline,
          to: e.deadline,
        });
    for (const r of h.targetRevisions)
      add('target_revised', r, { from: r.previousTarget, to: r.target });
    for (const r of h.reportingChanges) add('reporting_changed', r);
    // The decision's own milestones are the decision: only those added later.
    for (const m of h.milestones)
      if (m.recordedAt !== d.recordedAt)
        add('milestone_added', { on: m.on, recordedAt: m.recordedAt }, { to: m.milestone.on });
    if (h.withdrawal) add('withdrawn', h.withdrawal);
    for (const track of Object.values(h.ministries)) {
      if (!concerns(track.code)) continue;
      if (track.exemption) add('exempted', track.exemption, { ministry: track.code });
      let n = 0;
      for (let i = 0; i < track.reports.length; i++) {
        const ms = track.reports.recordedAt(i);
        if (ms > fromMs && ms <= toMs) n++;
      }
      if (n > 0) reports.set(track.code, (reports.get(track.code) ?? 0) + n);
    }
  }
  rulings.sort(
    (a, b) => a.recordedAt.localeCompare(b.recordedAt) || a.title.localeCompare(b.title, 'fr'),
  );
  return { rulings, reports };
};

/** Builds the pack from the board now, the board at the previous meeting and what was decided. */
export const meetingPack = (input: {
  readonly moment: Moment;
  readonly since: CalendarDate;
  /** The board's items at the meeting (under the pack's filters). */
  readonly items: readonly StatusItem[];
  /** The same board at the end of the previous meeting's day, as known then. */
  readonly before: readonly StatusItem[];
  readonly rulings: readonly RulingSince[];
  readonly reports: ReadonlyMap<string, number>;
  readonly timeline: SlippageTimeline;
  /** The ministries to give a sheet to, in order. */
  readonly ministries: readonly string[];
}): MeetingPack => {
  const comparison = ministryComparison(input.items);
  const changes = boardChanges(input.before, input.items);
  const asOf = input.moment.asOf.slice(0, 10);
  const sheets = input.ministries.map((code): MinistrySheet => {
    const own = input.items.filter((i) => i.ministry === code);
    const c = comparison.byMinistry.get(code);
    const attention = own
      .filter((i) => i.state === 'overdue' || i.state === 'at_risk')
      .sort(byUrgency);
    const upcoming = own
      .filter((i) => i.state === 'on_track' && daysBetween(asOf, i.deadline) <= UPCOMING_DAYS)
      .sort(byUrgency);
    return {
      code,
      counts: c?.counts ?? countsOf([]),
      noReport: c?.noReport ?? 0,
      items: own.length,
      meanProgressRate: c?.meanProgressRate ?? null,
      gapToMedian: c?.gapToMedian ?? null,
      attention,
      upcoming,
      reportsSince: input.reports.get(code) ?? 0,
      changes: changes.stateChanges.filter((s) => s.item.ministry === code),
    };
  });
  const all = countsOf(input.items);
  return {
    moment: input.moment,
    since: input.since,
    totals: {
      counts: all,
      noReport: input.items.filter((i) => i.latestValue === null).length,
      meanProgressRate: comparison.meanProgressRate,
      items: input.items.length,
    },
    medianProgressRate: comparison.medianProgressRate,
    sheets,
    changes: {
      ...changes,
      rulings: input.rulings,
      reports: [...input.reports.values()].reduce((s, n) => s + n, 0),
    },
    timeline: input.timeline,
  };
};

const countsOf = (items: readonly StatusItem[]): Record<ItemState, number> => {
  const counts = emptyCounts();
  for (const i of items) counts[i.state]++;
  return counts;
};
