import { emptyViewReason, type EmptyViewReason } from './empty-view';
import {
  ORGANISATIONS,
  emptyCounts,
  meanRate,
  type ItemState,
  type Moment,
  type StatusItem,
} from '@cosinum/domain';
import type { Board } from '@cosinum/projections';
import { deadlineWindow, type DashboardFilters } from './dashboard-query';
import { documentTitle } from './labels';

/** What the overview needs of a catalogue commitment (the application's `CommitmentSummary` fits). */
export interface CommitmentSummary {
  readonly id: string;
  readonly title: string;
  readonly deadline: string;
  readonly deadlineWording?: string;
  readonly deadlineInferredFrom?: string;
  readonly document: string;
  readonly mission?: string;
  readonly decidedOn: string;
  readonly recordedAt: string | null;
  readonly externalId?: string;
  readonly description?: string;
}

/** Lower case, without accents or punctuation: « Télétravail » and « teletravail » match. */
const folded = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ');

/** Every word of the search is in the commitment's title, description or external id. */
export const matchesSearch = (c: CommitmentSummary, search: string | undefined): boolean => {
  if (!search) return true;
  const haystack = folded(`${c.title} ${c.description ?? ''} ${c.externalId ?? ''}`);
  return folded(search)
    .split(' ')
    .filter((w) => w.length > 0)
    .every((w) => haystack.includes(w));
};

export interface OverviewColumn {
  readonly commitment: CommitmentSummary;
  /** Stable across filters and dates: the position in the whole catalogue. */
  readonly number: number;
}

export interface OverviewGroup {
  readonly document: string;
  readonly title: string;
  readonly columns: readonly OverviewColumn[];
}

export interface Overview {
  readonly moment: Moment;
  readonly groups: readonly OverviewGroup[];
  readonly ministries: readonly string[];
  /** Items that pass every filter, keyed `commitmentId|ministry`. */
  readonly cells: ReadonlyMap<string, StatusItem>;
  /** Items that pass every filter but the state one: shown as "hors filtre". */
  readonly filteredOut: ReadonlyMap<string, StatusItem>;
  /** Every shown item, in board order (worst first): what the exports contain. */
  readonly items: readonly StatusItem[];
  /** Per state, over the items that pass every filter but the state one. */
  readonly counts: Record<ItemState, number>;
  /** Of `counts`, the items with no value declared at all ("sans déclaration"). */
  readonly noReport: Record<ItemState, number>;
  /** The mean progress rate of the items counted that are held to a target and have a value. */
  readonly meanProgressRate: number | null;
  /** The rule set the board was evaluated under. */
  readonly rules: Board['rules'];
  /** Why the board is empty at its moment (nothing recorded, or decided, yet), when it is. */
  readonly empty?: EmptyViewReason;
  readonly documents: readonly { value: string; title: string }[];
  readonly missions: readonly string[];
}

export const cellKey = (commitmentId: string, ministry: string) => `${commitmentId}|${ministry}`;

const byDocument = (a: CommitmentSummary, b: CommitmentSummary) =>
  a.document.localeCompare(b.document) ||
  a.deadline.localeCompare(b.deadline) ||
  a.title.localeCompare(b.title, 'fr');

const ORGANISATION_ORDER = new Map(ORGANISATIONS.map((o, i) => [o.code, i]));

/**
 * The heatmap and the exports from one board: which commitments (columns, grouped by source
 * document), which ministries (rows) and which items pass the filters.
 */
export const buildOverview = (
  summaries: readonly CommitmentSummary[],
  board: Board,
  filters: DashboardFilters,
  moment: Moment,
): Overview => {
  const sorted = [...summaries].sort(byDocument);
  const numbers = new Map(sorted.map((c, i) => [c.id, i + 1]));
  const byId = new Map(sorted.map((c) => [c.id, c]));
  const window = deadlineWindow(filters, moment);
  const states = filters.states.length > 0 ? new Set(filters.states) : null;
  const cells = new Map<string, StatusItem>();
  const filteredOut = new Map<string, StatusItem>();
  const items: StatusItem[] = [];
  const counts = emptyCounts();
  const noReport = emptyCounts();
  const rates: (number | null)[] = [];
  const shownCommitments = new Set<string>();
  const shownMinistries = new Set<string>();
  for (const item of board.items) {
    const c = byId.get(item.commitmentId);
    if (!c) continue;
    if (filters.document && c.document !== filters.document) continue;
    if (filters.mission && c.mission !== filters.mission) continue;
    if (!matchesSearch(c, filters.search)) continue;
    if (filters.ministry && item.ministry !== filters.ministry) continue;
    if (window.from && item.deadline < window.from) continue;
    if (window.to && item.deadline > window.to) continue;
    counts[item.state]++;
    if (item.latestValue === null) noReport[item.state]++;
    if (item.state !== 'exempt' && item.state !== 'withdrawn') rates.push(item.progressRate);
    const key = cellKey(item.commitmentId, item.ministry);
    if (states && !states.has(item.state)) {
      filteredOut.set(key, item);
      continue;
    }
    cells.set(key, item);
    items.push(item);
    shownCommitments.add(item.commitmentId);
    shownMinistries.add(item.ministry);
  }
  const groups: OverviewGroup[] = [];
  for (const c of sorted) {
    if (!shownCommitments.has(c.id)) continue;
    const column = { commitment: c, number: numbers.get(c.id) as number };
    const last = groups[groups.length - 1];
    if (last && last.document === c.document) (last.columns as OverviewColumn[]).push(column);
    else groups.push({ document: c.document, title: documentTitle(c.document), columns: [column] });
  }
  const ministries = [...shownMinistries].sort(
    (a, b) => (ORGANISATION_ORDER.get(a) ?? 999) - (ORGANISATION_ORDER.get(b) ?? 999),
  );
  const documents = [...new Set(sorted.map((c) => c.document))].map((d) => ({
    value: d,
    title: documentTitle(d),
  }));
  const missions = [
    ...new Set(sorted.map((c) => c.mission).filter((m): m is string => !!m)),
  ].sort();
  return {
    moment,
    groups,
    ministries,
    cells,
    filteredOut,
    items,
    counts,
    noReport,
    meanProgressRate: meanRate(rates),
    rules: board.rules,
    ...(board.items.length === 0 && { empty: emptyViewReason(summaries, moment) }),
    documents,
    missions,
  };
};
