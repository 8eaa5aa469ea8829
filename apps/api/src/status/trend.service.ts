import { Inject, Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { DateTime } from 'luxon';
import {
  CLOCK,
  GetCommitmentViewQuery,
  GetStatusBoardQuery,
  type Clock,
} from '@cosinum/application';
import { PARIS } from '@cosinum/domain';
import { trendWeek, type TrendWeek } from '@cosinum/presentation';

/** One week of a commitment's trend: the ministries that had met it, as known that week. */
export interface CommitmentTrendWeek {
  readonly isoWeek: string;
  readonly monday: string;
  readonly at: string;
  readonly met: number;
  /** Ministries held to it (exempted ones aside). */
  readonly heldTo: number;
  /** met / heldTo, 0–100; null before it was decided. */
  readonly metShare: number | null;
  readonly meanProgressRate: number | null;
}

/** How many weeks a trend may cover: five years. */
export const MAX_TREND_WEEKS = 260;

/**
 * A ministry's trend: week after week, its board as it was known at the end of that week (the
 * real history, read from the log at each week's end: a value recorded late appears in the week it
 * was recorded, not in the week it refers to), with the ministries' median to compare with.
 */
@Injectable()
export class TrendService {
  constructor(
    private readonly queries: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async ministryTrend(ministry: string, weeks: number): Promise<TrendWeek[]> {
    const out: TrendWeek[] = [];
    for (const week of this.weeks(weeks)) {
      const board = await this.queries.execute(
        new GetStatusBoardQuery({ asOf: week.at, knownAt: week.at }, {}),
      );
      out.push(trendWeek(week, board.items, ministry));
    }
    return out;
  }

  /**
   * A commitment week after week, as known at each week's end: how many of the ministries held to
   * it had met it, and their mean progress rate. Null figures before it was decided and recorded.
   */
  async commitmentTrend(commitmentId: string, weeks: number): Promise<CommitmentTrendWeek[]> {
    const out: CommitmentTrendWeek[] = [];
    for (const week of this.weeks(weeks)) {
      const view = await this.queries.execute(
        new GetCommitmentViewQuery(commitmentId, { asOf: week.at, knownAt: week.at }),
      );
      const counts = view?.rollup.counts;
      const heldTo = counts
        ? Object.entries(counts)
            .filter(([s]) => s !== 'exempt' && s !== 'withdrawn')
            .reduce((n, [, c]) => n + c, 0)
        : 0;
      out.push({
        ...week,
        met: counts?.met ?? 0,
        heldTo,
        metShare: view?.rollup.metShare ?? null,
        meanProgressRate: view?.rollup.meanProgressRate ?? null,
      });
    }
    return out;
  }

  /** The last `count` ISO weeks, the current one last, each read at its end (or now). */
  private weeks(count: number): { isoWeek: string; monday: string; at: string }[] {
    const nowInParis = DateTime.fromISO(this.clock.now(), { zone: PARIS });
    // Luxon's weeks are ISO weeks: they start on Monday.
    const current = nowInParis.startOf('week');
    const out: { isoWeek: string; monday: string; at: string }[] = [];
    for (let k = count - 1; k >= 0; k--) {
      const monday = current.minus({ weeks: k });
      const end = monday.plus({ weeks: 1 }).minus({ milliseconds: 1 });
      out.push({
        isoWeek: monday.toFormat("kkkk-'W'WW"),
        monday: monday.toISODate() as string,
        at: (end < nowInParis ? end : nowInParis).toUTC().toISO() as string,
      });
    }
    return out;
  }
}
