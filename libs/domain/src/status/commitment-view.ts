import type { CommitmentHistory } from './commitment-history';
import { evaluateItem, isDecidedAt } from './evaluate-status';
import type { ItemState, Moment, StatusItem, StatusRules } from './status.types';

export interface CommitmentRollup {
  /** `met` only when every assigned, non-exempted ministry has met it. */
  readonly state: ItemState;
  readonly counts: Readonly<Record<ItemState, number>>;
  /** Ministries that have not met the commitment (exempted ones excluded). */
  readonly notMet: readonly string[];
}

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
): { items: StatusItem[]; rollup: CommitmentRollup } | null => {
  if (!isDecidedAt(state, moment)) return null;
  const items = Object.keys(state.ministries)
    .map((code) => evaluateItem(state, code, moment, rules))
    .filter((i): i is StatusItem => i !== null);
  const counts = emptyCounts();
  for (const i of items) counts[i.state]++;
  const notMet = items
    .filter((i) => i.state !== 'met' && i.state !== 'exempt' && i.state !== 'withdrawn')
    .map((i) => i.ministry);
  const rollupState =
    counts.withdrawn > 0
      ? 'withdrawn'
      : (SEVERITY.find((s) => counts[s] > 0 && s !== 'exempt') ?? 'exempt');
  return { items, rollup: { state: rollupState, counts, notMet } };
};
