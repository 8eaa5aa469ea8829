import { emptyCounts, type ItemState, type StatusItem } from '@cosinum/domain';

/** The gap to the median, in points, below which a ministry is flagged (PILOTE's alert). */
export const TREND_ALERT_POINTS = 10;

/** One week of a ministry's trend, as the board was known at the end of that week. */
export interface TrendWeek {
  readonly isoWeek: string;
  /** The Monday that opens the week (`YYYY-MM-DD`). */
  readonly monday: string;
  /** The instant the week was read at: its end, or now for the current week. */
  readonly at: string;
  readonly counts: Record<ItemState, number>;
  /** Items with no value at all. */
  readonly noReport: number;
  readonly meanProgressRate: number | null;
  /** The median of every ministry's mean progress rate that week. */
  readonly medianProgressRate: number | null;
  /** meanProgressRate − medianProgressRate, in points, to one decimal. */
  readonly gapToMedian: number | null;
}

const mean = (values: readonly number[]): number | null =>
  values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;

const median = (values: readonly number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

/** Mean progress rate of a ministry's items held to a target and with a value (as the board). */
const meanRate = (items: readonly StatusItem[]): number | null =>
  mean(
    items
      .filter((i) => i.state !== 'exempt' && i.state !== 'withdrawn' && i.progressRate !== null)
      .map((i) => i.progressRate as number),
  );

/** A ministry's figures on a board, seen against the others'. */
export interface MinistryFigures {
  readonly counts: Record<ItemState, number>;
  /** Items with no value at all. */
  readonly noReport: number;
  readonly meanProgressRate: number | null;
  /** meanProgressRate − the ministries' median, in points, to one decimal. */
  readonly gapToMedian: number | null;
}

/**
 * Every ministry's counts and mean progress rate on a board, the median of the ministries' mean
 * rates (PILOTE compares each ministry with it), and the mean over every item.
 */
export const ministryComparison = (
  items: readonly StatusItem[],
): {
  readonly byMinistry: ReadonlyMap<string, MinistryFigures>;
  readonly medianProgressRate: number | null;
  readonly meanProgressRate: number | null;
} => {
  const byMinistry = new Map<string, StatusItem[]>();
  for (const i of items) {
    const own = byMinistry.get(i.ministry);
    if (own) own.push(i);
    else byMinistry.set(i.ministry, [i]);
  }
  const middle = median(
    [...byMinistry.values()].map(meanRate).filter((r): r is number => r !== null),
  );
  const figures = new Map<string, MinistryFigures>();
  for (const [code, own] of byMinistry) {
    const counts = emptyCounts();
    for (const i of own) counts[i.state]++;
    const rate = meanRate(own);
    figures.set(code, {
      counts,
      noReport: own.filter((i) => i.latestValue === null).length,
      meanProgressRate: round1(rate),
      gapToMedian: rate === null || middle === null ? null : round1(rate - middle),
    });
  }
  return {
    byMinistry: figures,
    medianProgressRate: round1(middle),
    meanProgressRate: round1(meanRate(items)),
  };
};

/**
 * One week of a ministry's trend from the whole board of that week (every ministry's items, as
 * known at the end of the week): its counts by state, its mean progress rate, and the median of
 * the ministries' mean rates, so that a ministry is seen against the others.
 */
export const trendWeek = (
  week: { readonly isoWeek: string; readonly monday: string; readonly at: string },
  items: readonly StatusItem[],
  ministry: string,
): TrendWeek => {
  const { byMinistry, medianProgressRate } = ministryComparison(items);
  const own = byMinistry.get(ministry);
  return {
    ...week,
    counts: own?.counts ?? emptyCounts(),
    noReport: own?.noReport ?? 0,
    meanProgressRate: own?.meanProgressRate ?? null,
    medianProgressRate,
    gapToMedian: own?.gapToMedian ?? null,
  };
};
