import { Controller, Get, Header, Inject, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  APP_CONFIG,
  CLOCK,
  ProjectionService,
  type Clock,
  GetCommitmentHistoryQuery,
  GetCommitmentViewQuery,
  GetMinistryHistoryQuery,
  GetStatusBoardQuery,
  ListCommitmentsQuery,
} from '@cosinum/application';
import type { AppConfig } from '@cosinum/config';
import {
  ReminderDispatcher,
  givenUpReminders,
  isIsoWeek,
  nothingToReportText,
} from '@cosinum/reminders';
import { CurrentIdentity, scopeMinistry } from '../auth/current-identity';
import type { Identity } from '../auth/identity';
import { READERS, Roles } from '../auth/roles.decorator';
import { emptyViewReason, type RawQuery, visibleFacts } from '@cosinum/presentation';
import { commitmentNotYetPage, commitmentPage } from './commitment.page';
import { DashboardData } from './dashboard-data.service';
import type { Html } from './html';
import { organisation } from '@cosinum/domain';
import { organisationNamed } from '../organisations/organisation-names';
import { ministryPage } from './ministry.page';
import { notFoundPage } from './not-found.page';
import { overviewPage } from './overview.page';
import { reminderPreviewPage, weekNotice } from './reminder-preview.page';
import { CurrentViewer, type Viewer } from './viewer';
import { firstValue, HTML, UUID } from './request-values';

const HISTORY_PAGE_SIZE = 25;

/**
 * The analysts' dashboard: French pages rendered on the server, DSFR markup, no client build.
 * Every page honours the time control (`asOf`, `knownAt`) and carries it in its links.
 */
@ApiExcludeController()
@Roles(...READERS)
@Controller('tableau-de-bord')
export class DashboardController {
  constructor(
    private readonly data: DashboardData,
    private readonly queries: QueryBus,
    private readonly projections: ProjectionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly reminders: ReminderDispatcher,
  ) {}

  @Get()
  @Header('content-type', HTML)
  @Header('cache-control', 'no-store')
  async overview(
    @Query() raw: RawQuery,
    @CurrentIdentity() identity: Identity,
    @CurrentViewer() viewer: Viewer,
  ): Promise<string> {
    const q = this.data.scoped(
      this.data.parse(raw),
      scopeMinistry(identity, this.data.parse(raw).filters.ministry),
    );
    return overviewPage(q, await this.data.overview(q), viewer).value;
  }

  @Get('engagements/:id')
  @Header('content-type', HTML)
  @Header('cache-control', 'no-store')
  async commitment(
    @Param('id') id: string,
    @Query() raw: RawQuery,
    @CurrentIdentity() identity: Identity,
    @CurrentViewer() viewer: Viewer,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const q = this.data.parse(raw);
    const view = UUID.test(id)
      ? await this.queries.execute(new GetCommitmentViewQuery(id, q.moment))
      : null;
    if (!view) {
      // Known now, but not at the page's dates: keep the time control, say why, link to a date
      // that shows it (a ministry, only for its own).
      const known = UUID.test(id)
        ? (await this.queries.execute(new ListCommitmentsQuery())).find((c) => c.id === id)
        : undefined;
      const own = scopeMinistry(identity, undefined);
      const reason = known && emptyViewReason([known], q.moment, 'commitment');
      if (known && reason && (!own || known.ministries.includes(own)))
        return commitmentNotYetPage({ q, title: known.title, id, reason, viewer }).value;
      return notFound(reply, notFoundPage('Aucun engagement ne porte cet identifiant.', viewer));
    }
    const only = scopeMinistry(identity, undefined);
    if (only && !view.commitment.ministries.includes(only))
      return notFound(reply, notFoundPage('Cet engagement n’est pas assigné à votre ministère.'));
    const history = await this.queries.execute(
      new GetCommitmentHistoryQuery(id, {
        types: ['ProgressReported', 'DeadlineExtended'],
        to: q.moment.knownAt,
        limit: 100_000,
      }),
    );
    const facts = visibleFacts(history?.items ?? [], q.moment);
    const saved = firstValue(raw.enregistre);
    return commitmentPage({ q, view, facts, only, viewer, saved }).value;
  }

  @Get('ministeres/:code')
  @Header('content-type', HTML)
  @Header('cache-control', 'no-store')
  async ministry(
    @Param('code') code: string,
    @Query() raw: RawQuery,
    @CurrentIdentity() identity: Identity,
    @CurrentViewer() viewer: Viewer,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const { chart } = this.projections.commitments;
    const unknown = this.unknownMinistry(code, identity, reply);
    if (unknown !== undefined) return unknown;
    const q = this.data.parse(raw);
    // Named as on the page's day (the chart's name then; the static list without a chart).
    const found = organisationNamed(chart, code, q.moment)!;
    const afterText = firstValue(raw.apres);
    const after = afterText && /^\d{1,15}$/.test(afterText) ? Number(afterText) : undefined;
    const [board, history, summaries] = await Promise.all([
      this.queries.execute(new GetStatusBoardQuery(q.moment, { ministry: found.code })),
      this.queries.execute(
        new GetMinistryHistoryQuery(found.code, {
          to: q.moment.knownAt,
          after,
          limit: HISTORY_PAGE_SIZE,
        }),
      ),
      this.queries.execute(new ListCommitmentsQuery()),
    ]);
    // Weekly reminders no runner will try again: the ministry did not get them, someone must look.
    const undelivered = givenUpReminders(
      this.projections.reminders,
      this.clock.now(),
      this.config.reminders,
    ).filter((r) => r.ministry === found.code);
    return ministryPage({
      viewer,
      q,
      ministry: found,
      names: { chart, moment: q.moment },
      board,
      undelivered,
      history,
      after,
      // Every weekly reminder with its outcome now (sent, failed, given up, in progress).
      reminders: this.reminders.list({ ministry: found.code }).items,
      commitments: new Map(summaries.map((c) => [c.id, c])),
    }).value;
  }

  /**
   * The weekly e-mail of a ministry for a week (`semaine`, default the current one), as its run
   * would build it (or built it, once claimed): nothing is sent or written.
   */
  @Get('ministeres/:code/courriel')
  @Header('content-type', HTML)
  @Header('cache-control', 'no-store')
  async reminderPreview(
    @Param('code') code: string,
    @Query('semaine') asked: string | string[] | undefined,
    @CurrentIdentity() identity: Identity,
    @CurrentViewer() viewer: Viewer,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const { chart } = this.projections.commitments;
    const unknown = this.unknownMinistry(code, identity, reply);
    if (unknown !== undefined) return unknown;
    const current = this.reminders.currentWeek();
    const text = firstValue(asked);
    let week = current;
    let notice: string | undefined;
    if (text !== undefined && text !== '') {
      let ok = isIsoWeek(text);
      if (ok)
        try {
          this.reminders.weekInstant(text);
        } catch {
          ok = false;
        }
      if (ok) week = text;
      else notice = weekNotice(text, current);
    }
    const found = organisationNamed(chart, code, {
      asOf: this.clock.now(),
      knownAt: this.clock.now(),
    })!;
    const preview = await this.reminders.preview(found.code, week);
    return reminderPreviewPage({
      viewer,
      ministry: found,
      preview,
      nothing: nothingToReportText(preview.isoWeek),
      ...(notice !== undefined && { notice }),
    }).value;
  }

  /**
   * The French 404 page of a code nobody knows (chart or reference list), else undefined once
   * the caller may see that ministry (a ministry sees its own only).
   */
  private unknownMinistry(
    code: string,
    identity: Identity,
    reply: FastifyReply,
  ): string | undefined {
    if (!this.projections.commitments.chart.has(code) && !organisation(code))
      return notFound(
        reply,
        notFoundPage(`Aucun ministère ne porte le code «\u202f${code}\u202f».`),
      );
    scopeMinistry(identity, code);
    return undefined;
  }

  /** Anything else under the dashboard: a French 404 rather than a JSON problem. */
  @Get('*')
  @Header('content-type', HTML)
  notFound(@Res({ passthrough: true }) reply: FastifyReply): string {
    return notFound(reply, notFoundPage('Cette page n’existe pas dans le tableau de bord.'));
  }
}

const notFound = (reply: FastifyReply, page: Html): string => {
  void reply.status(404);
  return page.value;
};
