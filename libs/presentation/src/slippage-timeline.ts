import {
  daysBetween,
  frenchDate,
  type CalendarDate,
  type DeadlineStep,
  type ItemState,
  type StatusItem,
} from '@cosinum/domain';
import type { ExportCell } from './export-columns';
import { ministryShortName } from './labels';

/** One item on the slippage timeline: a commitment for one ministry, and how its deadline moved. */
export interface TimelineRow {
  readonly commitmentId: string;
  readonly externalId?: string;
  readonly title: string;
  readonly ministry: string;
  readonly state: ItemState;
  readonly decidedOn: CalendarDate;
  readonly originalDeadline: CalendarDate;
  readonly deadline: CalendarDate;
  readonly daysSlipped: number;
  /** Each extension that moved the deadline, in business order. */
  readonly steps: readonly DeadlineStep[];
  readonly metOn?: CalendarDate;
}

export type TimelineSort = 'glissement' | 'echeance' | 'engagement';
export const TIMELINE_SORTS: readonly TimelineSort[] = ['glissement', 'echeance', 'engagement'];

export interface SlippageTimeline {
  readonly rows: readonly TimelineRow[];
  /** Items followed under the filters (exempt and withdrawn aside), slipped or not. */
  readonly followed: number;
  readonly slipped: number;
  readonly totalDays: number;
  /** Mean slip over the followed items, in days, to one decimal (TECH.GOUV's « glissement calendaire »). */
  readonly meanDays: number;
  readonly maxDays: number;
}

/**
 * The slippage timeline of the board's items (already filtered like the overview): every followed
 * item whose deadline moved (or every one, with `all`), with its steps, sorted by days slipped
 * (most first), by current deadline, or by title.
 */
export const slippageTimeline = (
  items: readonly StatusItem[],
  context: {
    readonly decidedOn: (commitmentId: string) => CalendarDate;
    readonly steps: (item: StatusItem) => readonly DeadlineStep[];
    readonly sort: TimelineSort;
    readonly all: boolean;
  },
): SlippageTimeline => {
  const followed = items.filter((i) => i.state !== 'exempt' && i.state !== 'withdrawn');
  const rows: TimelineRow[] = followed
    .map((i) => ({
      commitmentId: i.commitmentId,
      ...(i.externalId !== undefined && { externalId: i.externalId }),
      title: i.title,
      ministry: i.ministry,
      state: i.state,
      decidedOn: context.decidedOn(i.commitmentId),
      originalDeadline: i.originalDeadline,
      deadline: i.deadline,
      daysSlipped: daysBetween(i.originalDeadline, i.deadline),
      steps: i.extensions > 0 ? context.steps(i) : [],
      ...(i.metOn !== undefined && { metOn: i.metOn }),
    }))
    .filter((r) => context.all || r.daysSlipped > 0);
  const byTitle = (a: TimelineRow, b: TimelineRow) =>
    a.title.localeCompare(b.title, 'fr') || a.ministry.localeCompare(b.ministry);
  rows.sort(
    context.sort === 'glissement'
      ? (a, b) => b.daysSlipped - a.daysSlipped || byTitle(a, b)
      : context.sort === 'echeance'
        ? (a, b) => a.deadline.localeCompare(b.deadline) || byTitle(a, b)
        : byTitle,
  );
  const slips = followed.map((i) => daysBetween(i.originalDeadline, i.deadline));
  const totalDays = slips.reduce((s, d) => s + d, 0);
  return {
    rows,
    followed: followed.length,
    slipped: slips.filter((d) => d > 0).length,
    totalDays,
    meanDays: followed.length === 0 ? 0 : Math.round((totalDays / followed.length) * 10) / 10,
    maxDays: slips.reduce((m, d) => Math.max(m, d), 0),
  };
};

/** One step in words: « le 20/03/2021 : du 31/03/2021 au 30/09/2021 (pour tous) — motif (réf.) ». */
export const stepText = (step: DeadlineStep): string =>
  `le ${frenchDate(step.on)}\u202f: du ${frenchDate(step.from)} au ${frenchDate(step.deadline)}${step.common ? ' (pour tous les ministères)' : ''} — ${step.reason}${step.decisionRef ? ` (${step.decisionRef})` : ''}`;

export const TIMELINE_HEADER = [
  'Identifiant externe',
  'Engagement',
  'Ministère',
  'Décidé le',
  'Échéance initiale',
  'Échéance actuelle',
  'Glissement (jours)',
  'Reports',
  'Atteint le',
] as const;

/** The timeline as export rows; dates as `Date`-ready ISO strings, turned into cells by the writer. */
export const timelineExportRows = (timeline: SlippageTimeline): ExportCell[][] =>
  timeline.rows.map((r) => [
    r.externalId ?? null,
    r.title,
    ministryShortName(r.ministry),
    r.decidedOn,
    r.originalDeadline,
    r.deadline,
    r.daysSlipped,
    r.steps.map(stepText).join('\u202f; '),
    r.metOn ?? null,
  ]);

/** Which columns of {@link TIMELINE_HEADER} hold calendar dates (for real date cells in XLSX). */
export const TIMELINE_DATE_COLUMNS: ReadonlySet<number> = new Set([3, 4, 5, 8]);
