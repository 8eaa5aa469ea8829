import {
  assignedItems,
  daysBetween,
  evaluateItem,
  organisation,
  type Moment,
  type RuleSet,
} from '@cosinum/domain';
import type { CommitmentsReadModel } from './commitments.read-model';

export interface SlippedItem {
  readonly commitmentId: string;
  readonly title: string;
  readonly originalDeadline: string;
  readonly deadline: string;
  readonly extensions: number;
  readonly daysSlipped: number;
}

export interface SlippageFigures {
  /** Items followed (withdrawn and exempted ones are not). */
  readonly items: number;
  /** Items whose deadline has moved at least once. */
  readonly extendedItems: number;
  readonly extensions: number;
  readonly totalDaysSlipped: number;
  /** Mean slip over every followed item, in days (TECH.GOUV's "glissement calendaire"). */
  readonly averageDaysSlipped: number;
  readonly maxDaysSlipped: number;
  /** Share of followed items whose deadline moved, in %. */
  readonly extendedShare: number;
}

export interface SlippageReport {
  readonly asOf: string;
  readonly knownAt: string;
  readonly overall: SlippageFigures;
  readonly ministries: (SlippageFigures & {
    ministry: string;
    name: string;
    slipped: SlippedItem[];
  })[];
}

const figures = (items: readonly SlippedItem[]): SlippageFigures => {
  const extended = items.filter((i) => i.extensions > 0);
  const total = items.reduce((s, i) => s + i.daysSlipped, 0);
  return {
    items: items.length,
    extendedItems: extended.length,
    extensions: items.reduce((s, i) => s + i.extensions, 0),
    totalDaysSlipped: total,
    averageDaysSlipped: items.length === 0 ? 0 : Math.round((total / items.length) * 10) / 10,
    maxDaysSlipped: items.reduce((m, i) => Math.max(m, i.daysSlipped), 0),
    extendedShare:
      items.length === 0 ? 0 : Math.round((extended.length / items.length) * 1000) / 10,
  };
};

/** Original against current deadlines, per ministry and overall, at (asOf, knownAt). */
export const slippageReport = (
  model: CommitmentsReadModel,
  moment: Moment,
  rules: RuleSet,
): SlippageReport => {
  const perMinistry = new Map<string, SlippedItem[]>();
  for (const commitment of model.all()) {
    for (const a of assignedItems(commitment, model.chart, moment)) {
      const code = a.code;
      const item = evaluateItem(commitment, a.track, moment, rules, a.assignment);
      if (!item || item.state === 'withdrawn' || item.state === 'exempt') continue;
      const list = perMinistry.get(code) ?? [];
      list.push({
        commitmentId: item.commitmentId,
        title: item.title,
        originalDeadline: item.originalDeadline,
        deadline: item.deadline,
        extensions: item.extensions,
        daysSlipped: daysBetween(item.originalDeadline, item.deadline),
      });
      perMinistry.set(code, list);
    }
  }
  const all = [...perMinistry.values()].flat();
  return {
    asOf: moment.asOf,
    knownAt: moment.knownAt,
    overall: figures(all),
    ministries: [...perMinistry.entries()]
      .map(([ministry, items]) => ({
        ministry,
        name: organisation(ministry)?.name ?? ministry,
        ...figures(items),
        slipped: items
          .filter((i) => i.extensions > 0)
          .sort((a, b) => b.daysSlipped - a.daysSlipped),
      }))
      .sort(
        (a, b) => b.totalDaysSlipped - a.totalDaysSlipped || a.ministry.localeCompare(b.ministry),
      ),
  };
};
