import { Controller, Get, Header, Inject, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CLOCK, ProjectionService, type Clock } from '@cosinum/application';
import { csvDocument } from '@cosinum/audit';
import { deadlineSteps, type StatusItem } from '@cosinum/domain';
import {
  exportParameters,
  slippageTimeline,
  TIMELINE_DATE_COLUMNS,
  TIMELINE_HEADER,
  TIMELINE_SORTS,
  timelineExportRows,
  type DashboardQuery,
  type RawQuery,
  type SlippageTimeline,
  type TimelineSort,
} from '@cosinum/presentation';
import { CurrentIdentity, scopeMinistry } from '../auth/current-identity';
import type { Identity } from '../auth/identity';
import { READERS, Roles } from '../auth/roles.decorator';
import { DashboardData } from './dashboard-data.service';
import { toWorkbook } from './export-xlsx';
import { slippagePage } from './slippage.page';
import { notFoundPage } from './not-found.page';
import { commitmentTrendPage, TREND_CHOICES, trendPage } from './trend.page';
import { TrendService } from '../status/trend.service';
import { organisationNamed } from '../organisations/organisation-names';
import { CurrentViewer, type Viewer } from './viewer';
import { firstValue, UUID } from './request-values';

/**
 * The views an analyst prepares a COSINUM meeting with. The slippage timeline: original against
 * current deadlines, with the overview's filters and time control, as a page and as files.
 */
@ApiExcludeController()
@Roles(...READERS)
@Controller('tableau-de-bord')
export class CommitteeController {
  constructor(
    private readonly data: DashboardData,
    private readonly projections: ProjectionService,
    private readonly trends: TrendService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('glissements')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  async slippage(
    @Query() raw: RawQuery,
    @CurrentIdentity() identity: Identity,
    @CurrentViewer() viewer: Viewer,
  ): Promise<string> {
    const { q, sort, all } = this.query(raw, identity);
    const overview = await this.data.overview(q);
    const timeline = this.timeline(overview.items, q, sort, all);
    return slippagePage({ viewer, q, overview, timeline, sort, all }).value;
  }

  @Get('glissements.csv')
  async slippageCsv(
    @Query() raw: RawQuery,
    @CurrentIdentity() identity: Identity,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const { q, sort, all } = this.query(raw, identity);
    const timeline = this.timeline((await this.data.overview(q)).items, q, sort, all);
    void reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${this.fileName(q, 'csv')}"`)
      .header('cache-control', 'no-store');
    return csvDocument(TIMELINE_HEADER, timelineExportRows(timeline));
  }

  @Get('glissements.xlsx')
  async slippageXlsx(
    @Query() raw: RawQuery,
    @CurrentIdentity() identity: Identity,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const { q, sort, all } = this.query(raw, identity);
    const overview = await this.data.overview(q);
    const timeline = this.timeline(overview.items, q, sort, all);
    const buffer = await toWorkbook(
      TIMELINE_HEADER,
      timelineExportRows(timeline),
      exportParameters(q, overview.rules),
      q.moment.asOf,
      TIMELINE_DATE_COLUMNS,
    );
    void reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${this.fileName(q, 'xlsx')}"`)
      .header('cache-control', 'no-store');
    return new StreamableFile(buffer);
  }

  /** A ministry's trend, week after week, as known at the end of each week. */
  @Get('ministeres/:code/tendances')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  async trend(
    @Param('code') code: string,
    @Query('semaines') asked: string | string[] | undefined,
    @CurrentIdentity() identity: Identity,
    @CurrentViewer() viewer: Viewer,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const now = this.clock.now();
    const ministry = organisationNamed(this.projections.commitments.chart, code, {
      asOf: now,
      knownAt: now,
    });
    if (!ministry) {
      void reply.status(404);
      return notFoundPage(`Aucun ministère ne porte le code «\u202f${code}\u202f».`, viewer).value;
    }
    scopeMinistry(identity, code);
    const wanted = Number(firstValue(asked));
    const chosen = (TREND_CHOICES as readonly number[]).includes(wanted) ? wanted : 26;
    const weeks = await this.trends.ministryTrend(ministry.code, chosen);
    return trendPage({ viewer, ministry, weeks, chosen }).value;
  }

  /** A commitment's share of ministries met, week after week (not for ministries: it shows the others). */
  @Get('engagements/:id/tendance')
  @Roles('analyst', 'auditor')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  async commitmentTrend(
    @Param('id') id: string,
    @Query('semaines') asked: string | string[] | undefined,
    @CurrentViewer() viewer: Viewer,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const history = UUID.test(id) ? this.projections.commitments.get(id) : undefined;
    if (!history) {
      void reply.status(404);
      return notFoundPage('Aucun engagement ne porte cet identifiant.', viewer).value;
    }
    const wanted = Number(firstValue(asked));
    const chosen = (TREND_CHOICES as readonly number[]).includes(wanted) ? wanted : 26;
    const weeks = await this.trends.commitmentTrend(id, chosen);
    return commitmentTrendPage({
      viewer,
      commitment: { id, title: history.definition.title },
      weeks,
      chosen,
    }).value;
  }

  private query(raw: RawQuery, identity: Identity) {
    const parsed = this.data.parse(raw);
    const q = this.data.scoped(parsed, scopeMinistry(identity, parsed.filters.ministry));
    const asked = firstValue(raw.tri as string | string[] | undefined);
    const sort: TimelineSort = TIMELINE_SORTS.includes(asked as TimelineSort)
      ? (asked as TimelineSort)
      : 'glissement';
    return { q, sort, all: firstValue(raw.tous as string | string[] | undefined) === '1' };
  }

  private timeline(
    items: readonly StatusItem[],
    q: DashboardQuery,
    sort: TimelineSort,
    all: boolean,
  ): SlippageTimeline {
    const model = this.projections.commitments;
    return slippageTimeline(items, {
      sort,
      all,
      decidedOn: (id) => model.get(id)?.definition.source.decidedOn ?? '',
      // A ministry that took over an item follows its predecessor's track.
      steps: (item) => {
        const history = model.get(item.commitmentId);
        return history ? deadlineSteps(history, item.takenOverFrom ?? item.ministry, q.moment) : [];
      },
    });
  }

  private fileName(q: DashboardQuery, extension: string): string {
    return `glissements-${q.moment.asOf.slice(0, 10)}.${extension}`;
  }
}
