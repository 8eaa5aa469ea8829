import { emptyChart, type OrganisationChart } from '../organisations/organisation-chart';
import { assignedItems } from './assignments';
import type { CommitmentHistory } from './commitment-history';

const EMPTY_CHART = emptyChart();
import { evaluateItem, isDecidedAt } from './evaluate-status';
import type { ItemState, Moment, StatusItem, StatusRules } from './status.types';

export interface CommitmentRollup {
  /** `met` only when every assigned, non-exempted ministry has met it. */
  readonly state: ItemState;
  readonly counts: Readonly<Record<ItemState, number>>;
  /** Ministries that have not met the commitment (exempted ones excluded), worst first. */
  readonly notMet: readonly string[];
  /** Of the ministries held to it (exempted ones excluded), the share that met it, 0–100. */
  readonly metShare: number | null;
  /** The mean progress rate of the ministries held to it that have declared a value. */
  readonly meanProgressRate: number | null;
  /** Ministries held to it that have no value at all. */
  readonly noReport: number;
  /** The ministries that hold the roll-up back, worst first (state, then lowest rate). */
  readonly holdingBack: readonly {
    readonly ministry: string;
    readonly state: ItemState;
    readonly progressRate: number | null;
  }[];
}

/** The mean of the known rates, to one decimal; null when none is known. */
export const meanRate = (rates: Iterable<number | null>): number | null => {
  let sum = 0;
  let n = 0;
  for (const r of rates)
    if (r !== null) {
      sum += r;
      n++;
    }
  return n === 0 ? null : Math.round((sum / n) * 10) / 10;
};

export const emptyCounts = (): Record<ItemState, number> => ({
  overdue: 0,
  at_risk: 0,
  on_track: 0,
  met: 0,
  exempt: 0,
  withdrawn: 0,
});

/** Worst first: the roll-up of a commitment is the worst state among its ministries. */
const SEVERITY: ItemState[] = ['overdue', 'at_risk', 'on_track', 'met', 'exempt', 'withdrawn'];

export const evaluateCommitment = (
  state: CommitmentHistory,
  moment: Moment,
  rules: StatusRules,
  chart: OrganisationChart = EMPTY_CHART,
): { items: StatusItem[]; rollup: CommitmentRollup } | null => {
  if (!isDecidedAt(state, moment)) return null;
  const items = assignedItems(state, chart, moment)
    .map((a) => evaluateItem(state, a.track, moment, rules, a.assignment))
    .filter((i): i is StatusItem => i !== null);
  const counts = emptyCounts();
  for (const i of items) counts[i.state]++;
  const heldTo = items.filter((i) => i.state !== 'exempt' && i.state !== 'withdrawn');
  const holdingBack = heldTo
    .filter((i) => i.state !== 'met')
    .sort(
      (a, b) =>
        SEVERITY.indexOf(a.state) - SEVERITY.indexOf(b.state) ||
        (a.progressRate ?? -1) - (b.progressRate ?? -1) ||
        a.ministry.localeCompare(b.ministry),
    )
    .map((i) => ({ ministry: i.ministry, state: i.state, progressRate: i.progressRate }));
  const notMet = holdingBack.map((h) => h.ministry);
  const metShare =
    heldTo.length === 0 ? null : Math.round((1000 * counts.met) / heldTo.length) / 10;
  const rollupState =
    counts.withdrawn > 0
      ? 'withdrawn'
      : (SEVERITY.find((s) => counts[s] > 0 && s !== 'exempt') ?? 'exempt');
  return {
    items,
    rollup: {
      state: rollupState,
      counts,
      notMet,
      metShare,
      meanProgressRate: meanRate(heldTo.map((i) => i.progressRate)),
      noReport: heldTo.filter((i) => i.latestValue === null).length,
      holdingBack,
    },
  };
};
