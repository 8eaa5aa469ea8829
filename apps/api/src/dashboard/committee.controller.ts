import {
  Controller,
  Get,
  Header,
  Headers,
  Inject,
  Param,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { DateTime } from 'luxon';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CLOCK, ProjectionService, type Clock } from '@cosinum/application';
import { csvDocument } from '@cosinum/audit';
import {
  PARIS,
  deadlineSteps,
  endOfParisDay,
  isCalendarDate,
  parisDateOf,
  type CalendarDate,
  type StatusItem,
} from '@cosinum/domain';
import {
  exportParameters,
  meetingPack,
  rulingsSince,
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
import { firstValue, HTML, UUID } from './request-values';
import { meetingPackPage, packAnchors, pdfUnavailablePage, PACK_PATH } from './meeting-pack.page';
import { PdfPrinter, PdfUnavailable } from './pdf/pdf-printer.service';
import { problemType } from '../http/problem';

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
    private readonly printer: PdfPrinter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * The meeting pack (« dossier de séance »): the board at `asOf` as known at `knownAt`, what
   * changed since the previous meeting (`depuis`), the slippage timeline, one page per ministry;
   * printable as it is (A4 print CSS).
   */
  @Get('seance')
  @Roles('analyst', 'auditor')
  @Header('content-type', HTML)
  @Header('cache-control', 'no-store')
  async meetingPack(@Query() raw: RawQuery, @CurrentViewer() viewer: Viewer): Promise<string> {
    const input = await this.packInput(raw);
    return meetingPackPage({ ...input, viewer, pdf: this.printer.browserPath !== null }).value;
  }

  /**
   * The same pack as a PDF, printed by Chromium from the same HTML, its table of contents
   * numbered. Without a browser on the server: 503, saying what to install.
   */
  @Get('seance.pdf')
  @Roles('analyst', 'auditor')
  async meetingPackPdf(
    @Query() raw: RawQuery,
    @Headers('accept') accept: string | undefined,
    @CurrentViewer() viewer: Viewer,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile | string | object> {
    const unavailable = (reason: string) => {
      void reply.status(503).header('cache-control', 'no-store');
      if (/json/.test(accept ?? '')) {
        void reply.header('content-type', 'application/problem+json; charset=utf-8');
        return {
          type: problemType('PDF.UNAVAILABLE'),
          title: 'Service Unavailable',
          status: 503,
          code: 'PDF.UNAVAILABLE',
          detail: `${reason} Install Chromium on the server (Debian: apt-get install chromium; the project's Docker image ships it) or set CHROMIUM_PATH to its path. ${PACK_PATH} prints the same pack from any browser.`,
          instance: `${PACK_PATH}.pdf`,
        };
      }
      const { q, since } = this.packQuery(raw);
      void reply.header('content-type', HTML);
      return pdfUnavailablePage({ viewer, q, since }).value;
    };
    // Nothing to read when nothing can print it.
    if (this.printer.browserPath === null)
      return unavailable('This server has no browser to print PDFs with.');
    const input = await this.packInput(raw);
    let pdf: Buffer;
    try {
      pdf = await this.printer.printWithContents(
        (pages) => meetingPackPage({ ...input, pages, pdf: true }).value,
        packAnchors(input.pack),
      );
    } catch (error) {
      if (error instanceof PdfUnavailable)
        return unavailable(`The browser at ${this.printer.browserPath} could not print.`);
      throw error;
    }
    void reply
      .header('content-type', 'application/pdf')
      .header(
        'content-disposition',
        `attachment; filename="dossier-seance-${parisDateOf(input.q.moment.asOf)}.pdf"`,
      )
      .header('cache-control', 'no-store');
    return new StreamableFile(pdf);
  }

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

  /** The pack's dates: its moment and the previous meeting's day, with what was ignored. */
  private packQuery(raw: RawQuery): {
    q: DashboardQuery;
    since: CalendarDate;
    sinceGiven: boolean;
  } {
    const parsed = this.data.parse(raw);
    const asOf = parisDateOf(parsed.moment.asOf);
    const given = firstValue(raw.depuis as string | string[] | undefined)?.trim();
    const valid = given !== undefined && isCalendarDate(given) && given < asOf;
    const since: CalendarDate = valid
      ? given
      : (DateTime.fromISO(asOf, { zone: PARIS }).minus({ months: 1 }).toISODate() as CalendarDate);
    const q: DashboardQuery = {
      ...parsed,
      // Every state: the pack counts them all.
      filters: { ...parsed.filters, states: [] },
      errors: [
        ...parsed.errors,
        ...(given && !valid
          ? [
              {
                field: 'depuis',
                message: `La date de la séance précédente «\u202f${given}\u202f» doit être une date AAAA-MM-JJ antérieure à la situation.`,
              },
            ]
          : []),
      ],
    };
    return { q, since, sinceGiven: valid };
  }

  /** Everything the pack shows, read once for the page or the PDF. */
  private async packInput(raw: RawQuery) {
    const { q, since, sinceGiven } = this.packQuery(raw);
    const end = endOfParisDay(since);
    const before = {
      asOf: end,
      knownAt: end < q.moment.knownAt ? end : q.moment.knownAt,
    };
    const [overview, previous] = await Promise.all([
      this.data.overview(q),
      this.data.overview({ ...q, moment: before }),
    ]);
    const model = this.projections.commitments;
    const shown = new Set(overview.items.map((i) => i.commitmentId));
    const { rulings, reports } = rulingsSince(
      [...model.all()].filter((h) => shown.has(h.definition.commitmentId)),
      { from: end, to: q.moment.knownAt },
      q.filters.ministry ? new Set([q.filters.ministry]) : undefined,
    );
    const pack = meetingPack({
      moment: q.moment,
      since,
      items: overview.items,
      before: previous.items,
      rulings,
      reports,
      timeline: this.timeline(overview.items, q, 'glissement', false),
      ministries: overview.ministries,
    });
    return {
      q,
      pack,
      rules: overview.rules,
      madeAt: this.clock.now(),
      sinceGiven,
      names: { chart: model.chart, moment: q.moment },
    };
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
