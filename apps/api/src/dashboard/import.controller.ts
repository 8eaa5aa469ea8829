import {
  applyDecorators,
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  APP_CONFIG,
  CLOCK,
  GetStatusBoardQuery,
  ListCommitmentsQuery,
  ProjectionService,
  type Clock,
} from '@cosinum/application';
import {
  CatalogueValidationError,
  CheckProgressQuery,
  ImportProgressCommand,
  readProgressFile,
  type ProgressFile,
} from '@cosinum/catalogue';
import type { AppConfig } from '@cosinum/config';
import { organisation, parisDateOf } from '@cosinum/domain';
import type { Actor } from '@cosinum/event-store';
import { ministryShortName } from '@cosinum/presentation';
import { CurrentIdentity, scopeMinistry } from '../auth/current-identity';
import type { Identity } from '../auth/identity';
import { Roles } from '../auth/roles.decorator';
import { CurrentActor, correlationIdOf } from '../http/actor';
import { templateCsv, templateFileName, templateItems, templateXlsx } from './import-template';
import { importPage, previewPage, templateRefusedPage } from './import.page';
import { BASE } from './layout';
import { CurrentViewer, type Viewer } from './viewer';
import { HTML } from './request-values';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** A French page of the dashboard, never cached. */
const HtmlPage = () =>
  applyDecorators(Header('content-type', HTML), Header('cache-control', 'no-store'));
/** Room left in the body for the confirmation's other field and its encoding. */
const FORM_OVERHEAD = 4096;

/**
 * Progress by file, in the browser: the templates of a ministry's open items, the upload, its
 * preview (every line, every error at once; nothing written) and its confirmation (all or
 * nothing, as the signed-in person). For a ministry, for itself; for analysts, for any.
 */
@ApiExcludeController()
@Roles('analyst', 'ministry')
@Controller('tableau-de-bord')
export class DashboardImportController {
  constructor(
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
    private readonly projections: ProjectionService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('modele.csv')
  async templateCsv(
    @Query('ministere') asked: unknown,
    @CurrentIdentity() identity: Identity,
    @CurrentViewer() viewer: Viewer,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const code = this.templateMinistry(asked, identity, viewer, reply);
    if (typeof code !== 'string') return code.page;
    const items = await this.openItems(code);
    this.attachment(reply, 'text/csv; charset=utf-8', code, 'csv');
    return templateCsv(items);
  }

  @Get('modele.xlsx')
  async templateXlsx(
    @Query('ministere') asked: unknown,
    @CurrentIdentity() identity: Identity,
    @CurrentViewer() viewer: Viewer,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile | string> {
    const code = this.templateMinistry(asked, identity, viewer, reply);
    if (typeof code !== 'string') return code.page;
    const items = await this.openItems(code);
    this.attachment(reply, XLSX, code, 'xlsx');
    return new StreamableFile(await templateXlsx(items, this.clock.now()));
  }

  @Get('import')
  @HtmlPage()
  async form(@Query('ministere') asked: unknown, @CurrentViewer() viewer: Viewer): Promise<string> {
    return importPage({
      viewer,
      maxBytes: this.maxBytes(),
      ...(viewer.identity.role === 'analyst' && {
        ministries: await this.ministries(),
        ...(typeof asked === 'string' && { chosen: asked }),
      }),
    }).value;
  }

  /** The preview: the file read and checked against the store; nothing is written. */
  @Post('import')
  @HttpCode(200)
  @HtmlPage()
  async preview(
    @Body() body: unknown,
    @CurrentIdentity() identity: Identity,
    @CurrentViewer() viewer: Viewer,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const upload = (body as { fichier?: unknown } | undefined)?.fichier;
    if (!Buffer.isBuffer(upload) || upload.length === 0)
      return this.uploadRefused(
        viewer,
        reply,
        'Choisissez le fichier rempli (classeur Excel .xlsx ou CSV)',
      );
    return this.showPreview(upload, identity, viewer, reply);
  }

  /**
   * The confirmation: the file again (base64, from the preview), checked again and recorded whole
   * as the signed-in person; if the store changed meanwhile and errors appear, the preview again.
   */
  @Post('import/confirmation')
  @HttpCode(200)
  @HtmlPage()
  async confirm(
    @Body() body: unknown,
    @CurrentIdentity() identity: Identity,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const encoded = (body as { fichier?: unknown } | undefined)?.fichier;
    const bytes =
      typeof encoded === 'string' && /^[A-Za-z0-9+/]+={0,2}$/.test(encoded)
        ? Buffer.from(encoded, 'base64')
        : undefined;
    if (!bytes || bytes.length === 0)
      return this.uploadRefused(
        viewer,
        reply,
        'Le fichier à confirmer n’a pas été transmis en entier\u202f: déposez-le de nouveau',
      );
    const file = await readProgressFile(bytes);
    const onlyMinistry = scopeMinistry(identity, undefined);
    try {
      const summary = await this.commands.execute(
        new ImportProgressCommand(file.rows, {
          actor,
          correlationId: correlationIdOf(req),
          fileIssues: file.issues,
          onlyMinistry,
        }),
      );
      // An analyst lands on the to-do page of the ministry the file was for, when it was one.
      const ministries = [...new Set(file.rows.map((r) => r.ministry))];
      const which = onlyMinistry === undefined && ministries.length === 1 ? ministries[0] : '';
      void reply
        .status(303)
        .header(
          'location',
          `${BASE}/a-renseigner?${which ? `ministere=${encodeURIComponent(which)}&` : ''}importees=${summary.recorded}`,
        );
      return '';
    } catch (error) {
      if (!(error instanceof CatalogueValidationError)) throw error;
      return this.showPreview(bytes, identity, viewer, reply, file);
    }
  }

  private async showPreview(
    bytes: Buffer,
    identity: Identity,
    viewer: Viewer,
    reply: FastifyReply,
    read?: ProgressFile,
  ): Promise<string> {
    const file = read ?? (await readProgressFile(bytes));
    const [check, summaries] = await Promise.all([
      this.queries.execute(
        new CheckProgressQuery(file.rows, {
          fileIssues: file.issues,
          onlyMinistry: scopeMinistry(identity, undefined),
        }),
      ),
      this.queries.execute(new ListCommitmentsQuery()),
    ]);
    const encoded = bytes.toString('base64');
    // The browser sends `+`, `/` and `=` as three characters each.
    const posted = encoded.length + 2 * (encoded.match(/[+/=]/g)?.length ?? 0) + FORM_OVERHEAD;
    if (check.issues.length > 0) void reply.status(422);
    return previewPage({
      viewer,
      file,
      issues: check.issues,
      outcomes: check.outcomes,
      titles: new Map(
        summaries.flatMap((c) => (c.externalId ? [[c.externalId, c.title] as const] : [])),
      ),
      ...(posted <= this.config.bodyLimit && { encoded }),
    }).value;
  }

  private async uploadRefused(viewer: Viewer, reply: FastifyReply, error: string) {
    void reply.status(400);
    return importPage({
      viewer,
      maxBytes: this.maxBytes(),
      fileError: error,
      ...(viewer.identity.role === 'analyst' && { ministries: await this.ministries() }),
    }).value;
  }

  /** The largest file the confirmation can carry: its base64 (4/3 of it) within the body limit. */
  private maxBytes(): number {
    return Math.floor(((this.config.bodyLimit - FORM_OVERHEAD) * 3) / 4 / 1.05);
  }

  /**
   * Whose template: a ministry's own (another is refused with the French 403); an analyst names
   * it with `ministere`, else a French 400 page (404 for a code nobody knows).
   */
  private templateMinistry(
    asked: unknown,
    identity: Identity,
    viewer: Viewer,
    reply: FastifyReply,
  ): string | { page: string } {
    const text = typeof asked === 'string' && asked.trim() !== '' ? asked.trim() : undefined;
    const own = scopeMinistry(identity, text, 'the ministry');
    if (own !== undefined && (this.projections.commitments.chart.has(own) || organisation(own)))
      return own;
    void reply
      .status(own === undefined ? 400 : 404)
      .header('content-type', HTML)
      .header('cache-control', 'no-store');
    return {
      page:
        own === undefined
          ? templateRefusedPage(
              viewer,
              'Ministère à choisir',
              'Le modèle est propre à un ministère\u202f: choisissez celui dont vous voulez déclarer l’avancement.',
            ).value
          : templateRefusedPage(
              viewer,
              'Ministère inconnu',
              `Aucun ministère ne porte le code «\u202f${own}\u202f».`,
            ).value,
    };
  }

  private attachment(reply: FastifyReply, type: string, code: string, ext: 'csv' | 'xlsx') {
    const today = parisDateOf(this.clock.now());
    void reply
      .header('content-type', type)
      .header('content-disposition', `attachment; filename="${templateFileName(code, today, ext)}"`)
      .header('cache-control', 'no-store');
  }

  /** The ministry's items still awaiting a value, on today's board as known now. */
  private async openItems(code: string) {
    const now = this.clock.now();
    const board = await this.queries.execute(
      new GetStatusBoardQuery({ asOf: now, knownAt: now }, { ministry: code }),
    );
    return templateItems(board.items);
  }

  /** The ministries that hold commitments today, by name: an analyst's choice of template. */
  private async ministries(): Promise<string[]> {
    const now = this.clock.now();
    const board = await this.queries.execute(
      new GetStatusBoardQuery({ asOf: now, knownAt: now }, {}),
    );
    return [...new Set(board.items.map((i) => i.ministry))].sort((a, b) =>
      ministryShortName(a).localeCompare(ministryShortName(b), 'fr'),
    );
  }
}
