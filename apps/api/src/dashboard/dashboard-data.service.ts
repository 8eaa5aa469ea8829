import { Inject, Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CLOCK, GetStatusBoardQuery, ListCommitmentsQuery, type Clock } from '@cosinum/application';
import {
  buildOverview,
  type DashboardQuery,
  type Overview,
  parseDashboardQuery,
  type RawQuery,
} from '@cosinum/presentation';

/** Reads what the overview and the exports show, through the query bus only. */
@Injectable()
export class DashboardData {
  constructor(
    private readonly queries: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  parse(raw: RawQuery): DashboardQuery {
    return parseDashboardQuery(raw, this.clock.now());
  }

  /** `scope`: the one ministry a ministry identity may see, which overrides the filter. */
  scoped(q: DashboardQuery, scope: string | undefined): DashboardQuery {
    return scope ? { ...q, filters: { ...q.filters, ministry: scope } } : q;
  }

  async overview(q: DashboardQuery): Promise<Overview> {
    const [summaries, board] = await Promise.all([
      this.queries.execute(new ListCommitmentsQuery()),
      this.queries.execute(new GetStatusBoardQuery(q.moment, { ministry: q.filters.ministry })),
    ]);
    return buildOverview(summaries, board, q.filters, q.moment);
  }
}
