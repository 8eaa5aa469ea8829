import { Controller, Get, Header, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ProjectionService } from '@cosinum/application';
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
import { CurrentViewer, type Viewer } from './viewer';

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

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

  private query(raw: RawQuery, identity: Identity) {
    const parsed = this.data.parse(raw);
    const q = this.data.scoped(parsed, scopeMinistry(identity, parsed.filters.ministry));
    const asked = first(raw.tri as string | string[] | undefined);
    const sort: TimelineSort = TIMELINE_SORTS.includes(asked as TimelineSort)
      ? (asked as TimelineSort)
      : 'glissement';
    return { q, sort, all: first(raw.tous as string | string[] | undefined) === '1' };
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
