import {
  ITEM_STATES,
  emptyCounts,
  evaluateCommitment,
  evaluateItem,
  type CommitmentRollup,
  type CommitmentHistory,
  type ItemState,
  type Moment,
  type StatusItem,
  type StatusRules,
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
  readonly items: StatusItem[];
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

export const statusBoard = (
  model: CommitmentsReadModel,
  moment: Moment,
  rules: StatusRules,
  filter: BoardFilter = {},
): Board => {
  const items: StatusItem[] = [];
  const counts = emptyCounts();
  const states = filter.states && filter.states.length > 0 ? new Set(filter.states) : null;
  const commitments: Iterable<CommitmentHistory> = filter.commitmentId
    ? [model.get(filter.commitmentId)].filter((c): c is CommitmentHistory => c !== undefined)
    : model.all();
  for (const commitment of commitments) {
    const codes = filter.ministry ? [filter.ministry] : Object.keys(commitment.ministries);
    for (const code of codes) {
      const item = evaluateItem(commitment, code, moment, rules);
      if (!item) continue;
      counts[item.state]++;
      if (!states || states.has(item.state)) items.push(item);
    }
  }
  items.sort(compareItems);
  return { asOf: moment.asOf, knownAt: moment.knownAt, counts, items };
};

export interface CommitmentView {
  readonly asOf: string;
  readonly knownAt: string;
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
  rules: StatusRules,
): CommitmentView | null => {
  const evaluated = evaluateCommitment(commitment, moment, rules);
  if (!evaluated) return null;
  const withdrawn = evaluated.items.some((i) => i.state === 'withdrawn');
  return {
    asOf: moment.asOf,
    knownAt: moment.knownAt,
    commitment: {
      ...commitment.definition,
      status: withdrawn ? 'withdrawn' : 'active',
      currentTarget: evaluated.items[0]?.target ?? commitment.definition.metric.target,
    },
    rollup: evaluated.rollup,
    ministries: evaluated.items.sort((a, b) => a.ministry.localeCompare(b.ministry)),
  };
};
