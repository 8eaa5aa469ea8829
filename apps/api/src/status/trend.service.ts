import { Inject, Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { DateTime } from 'luxon';
import { CLOCK, GetStatusBoardQuery, type Clock } from '@cosinum/application';
import { PARIS } from '@cosinum/domain';
import { trendWeek, type TrendWeek } from '@cosinum/presentation';

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
    const now = this.clock.now();
    const nowInParis = DateTime.fromISO(now, { zone: PARIS });
    // Luxon's weeks are ISO weeks: they start on Monday.
    const current = nowInParis.startOf('week');
    const out: TrendWeek[] = [];
    for (let k = weeks - 1; k >= 0; k--) {
      const monday = current.minus({ weeks: k });
      const end = monday.plus({ weeks: 1 }).minus({ milliseconds: 1 });
      const at = (end < nowInParis ? end : nowInParis).toUTC().toISO() as string;
      const board = await this.queries.execute(
        new GetStatusBoardQuery({ asOf: at, knownAt: at }, {}),
      );
      out.push(
        trendWeek(
          { isoWeek: monday.toFormat("kkkk-'W'WW"), monday: monday.toISODate() as string, at },
          board.items,
          ministry,
        ),
      );
    }
    return out;
  }
}
