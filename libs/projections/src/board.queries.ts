import {
  ITEM_STATES,
  assignedItems,
  emptyChart,
  type OrganisationChart,
  emptyCounts,
  evaluateCommitment,
  evaluateItem,
  type CommitmentRollup,
  type CommitmentHistory,
  type ItemState,
  type Moment,
  type StatusItem,
  type RuleSet,
} from '@cosinum/domain';
import type { CommitmentsReadModel } from './commitments.read-model';

export interface BoardFilter {
  readonly ministry?: string;
  readonly states?: readonly ItemState[];
  readonly commitmentId?: string;
}

export interface Board {
  readonly asOf: string;
  readonly knownAt: string;
  readonly counts: Record<ItemState, number>;
  /** Of each state's items, those with no value declared at all ("sans déclaration"). */
  readonly noReport: Record<ItemState, number>;
  /** The mean progress rate of the items held to a target (exempt and withdrawn excluded). */
  readonly meanProgressRate: number | null;
  /** The rule set the board was evaluated under. */
  readonly rules: BoardRules;
  readonly items: StatusItem[];
}

/** How a board names its rule set: enough to find it again in `GET /api/status-rules`. */
export interface BoardRules {
  readonly id: string;
  readonly effectiveFrom: string;
  /** The store's first rule set, from the configuration: it applies from the start. */
  readonly initial: boolean;
}

const STATE_ORDER = new Map(ITEM_STATES.map((s, i) => [s, i]));
/** One collator for every comparison: `localeCompare(x, 'fr')` resolves the locale each call. */
const FRENCH = new Intl.Collator('fr');
const ROOT = new Intl.Collator();

/** Worst first, then the nearest deadline, then by title: the order an analyst reads a board in. */
export const compareItems = (a: StatusItem, b: StatusItem): number =>
  (STATE_ORDER.get(a.state) ?? 0) - (STATE_ORDER.get(b.state) ?? 0) ||
  (a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : 0) ||
  FRENCH.compare(a.title, b.title) ||
  ROOT.compare(a.ministry, b.ministry);

/** Each distinct text's rank in the collator's order (texts it finds equal share a rank). */
const ranks = (texts: readonly string[], collator: Intl.Collator): Map<string, number> => {
  const distinct = [...new Set(texts)].sort(collator.compare);
  const rank = new Map<string, number>();
  let r = 0;
  for (let i = 0; i < distinct.length; i++) {
    if (i > 0 && collator.compare(distinct[i - 1], distinct[i]) !== 0) r++;
    rank.set(distinct[i], r);
  }
  return rank;
};

/**
 * The items in `compareItems`' order, as the stable `items.sort(compareItems)` leaves them: each
 * title and ministry is compared by the collator once, among the distinct ones, instead of at
 * every comparison of the sort (most comparisons fell to titles, a collator call each); the
 * position in `items` breaks the remaining ties, as stability did.
 */
export const sortItems = (items: readonly StatusItem[]): StatusItem[] => {
  const n = items.length;
  const titles = ranks(
    items.map((i) => i.title),
    FRENCH,
  );
  const ministries = ranks(
    items.map((i) => i.ministry),
    ROOT,
  );
  const state = new Int32Array(n);
  const title = new Int32Array(n);
  const ministry = new Int32Array(n);
  const deadline: string[] = new Array<string>(n);
  const order: number[] = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const item = items[i];
    state[i] = STATE_ORDER.get(item.state) ?? 0;
    title[i] = titles.get(item.title) as number;
    ministry[i] = ministries.get(item.ministry) as number;
    deadline[i] = item.deadline;
    order[i] = i;
  }
  order.sort(
    (a, b) =>
      state[a] - state[b] ||
      (deadline[a] < deadline[b] ? -1 : deadline[a] > deadline[b] ? 1 : 0) ||
      title[a] - title[b] ||
      ministry[a] - ministry[b] ||
      a - b,
  );
  const sorted: StatusItem[] = new Array<StatusItem>(n);
  for (let k = 0; k < n; k++) sorted[k] = items[order[k]];
  return sorted;
};

export const statusBoard = (
  model: CommitmentsReadModel,
  moment: Moment,
  rules: RuleSet,
  filter: BoardFilter = {},
): Board => {
  const items: StatusItem[] = [];
  const counts = emptyCounts();
  const noReport = emptyCounts();
  let rateSum = 0;
  let rateCount = 0;
  const states = filter.states && filter.states.length > 0 ? new Set(filter.states) : null;
  const commitments: Iterable<CommitmentHistory> = filter.commitmentId
    ? [model.get(filter.commitmentId)].filter((c): c is CommitmentHistory => c !== undefined)
    : model.all();
  const chart = model.chart;
  for (const commitment of commitments) {
    for (const a of assignedItems(commitment, chart, moment)) {
      if (filter.ministry && a.code !== filter.ministry) continue;
      const item = evaluateItem(commitment, a.track, moment, rules, a.assignment);
      if (!item) continue;
      counts[item.state]++;
      if (item.latestValue === null) noReport[item.state]++;
      if (item.progressRate !== null && item.state !== 'exempt' && item.state !== 'withdrawn') {
        rateSum += item.progressRate;
        rateCount++;
      }
      if (!states || states.has(item.state)) items.push(item);
    }
  }
  const ordered = sortItems(items);
  return {
    asOf: moment.asOf,
    knownAt: moment.knownAt,
    counts,
    noReport,
    meanProgressRate: rateCount === 0 ? null : Math.round((rateSum / rateCount) * 10) / 10,
    rules: { id: rules.id, effectiveFrom: rules.effectiveFrom, initial: rules.initial },
    items: ordered,
  };
};

export interface CommitmentView {
  readonly asOf: string;
  readonly knownAt: string;
  readonly rules: BoardRules;
  readonly commitment: CommitmentHistory['definition'] & {
    readonly status: 'active' | 'withdrawn';
    readonly currentTarget: number;
  };
  readonly rollup: CommitmentRollup;
  readonly ministries: StatusItem[];
}

export const commitmentView = (
  commitment: CommitmentHistory,
  moment: Moment,
  rules: RuleSet,
  chart: OrganisationChart = emptyChart(),
): CommitmentView | null => {
  const evaluated = evaluateCommitment(commitment, moment, rules, chart);
  if (!evaluated) return null;
  const withdrawn = evaluated.items.some((i) => i.state === 'withdrawn');
  return {
    asOf: moment.asOf,
    knownAt: moment.knownAt,
    rules: { id: rules.id, effectiveFrom: rules.effectiveFrom, initial: rules.initial },
    commitment: {
      ...commitment.definition,
      status: withdrawn ? 'withdrawn' : 'active',
      currentTarget: evaluated.items[0]?.target ?? commitment.definition.metric.target,
    },
    rollup: evaluated.rollup,
    ministries: evaluated.items.sort((a, b) => a.ministry.localeCompare(b.ministry)),
  };
};
