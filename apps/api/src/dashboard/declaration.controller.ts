import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  CLOCK,
  ExecuteCommitmentCommand,
  GetCommitmentViewQuery,
  GetStatusBoardQuery,
  ProjectionService,
  type Clock,
} from '@cosinum/application';
import {
  DomainError,
  organisation,
  parisDateOf,
  type Moment,
  type StatusItem,
} from '@cosinum/domain';
import type { Actor } from '@cosinum/event-store';
import { awaitingReport } from '@cosinum/presentation';
import type { CommitmentView } from '@cosinum/projections';
import { scopeMinistry } from '../auth/current-identity';
import { Roles } from '../auth/roles.decorator';
import { ReportProgressDto } from '../commitments/commitment.dto';
import { CurrentActor, correlationIdOf } from '../http/actor';
import { organisationNamed } from '../organisations/organisation-names';
import { declarationPage, nothingToDeclarePage, rangeInFrench } from './declaration.page';
import { formValues, type FormErrors, type FormValues } from './forms/form-kit';
import {
  checkWithDto,
  filled,
  frenchRefusal,
  readFormDate,
  readFrenchNumber,
} from './forms/validate-form';
import { html, type Html } from './html';
import { BASE } from './layout';
import { notFoundPage } from './not-found.page';
import { onBehalf, toDoIndexPage, toDoPage } from './to-do.page';
import { CurrentViewer, type Viewer } from './viewer';
import { HTML, UUID, firstValue } from './request-values';

const CODE = /^[A-Z][A-Z0-9_-]{0,31}$/;

/** Items a ministry may still declare on: not exempt, commitment not withdrawn. */
const declarable = (item: StatusItem) => item.state !== 'exempt' && item.state !== 'withdrawn';

/** Where the declaration form stands for this request: the page to show instead, or its data. */
type Loaded =
  | { readonly page: Html; readonly status: number }
  | {
      readonly view: CommitmentView;
      readonly item: StatusItem;
      readonly ministries?: readonly { code: string; name: string }[];
    };

/**
 * Ministries answer their reminder here: the to-do page of what awaits a declaration, and the
 * declaration form of one commitment. Both are for the ministry itself and for analysts (who
 * declare on a ministry's behalf, recorded under their own name); auditors only read.
 */
@ApiExcludeController()
@Roles('ministry', 'analyst')
@Controller('tableau-de-bord')
export class DeclarationController {
  constructor(
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
    private readonly projections: ProjectionService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private now(): Moment {
    const now = this.clock.now();
    return { asOf: now, knownAt: now };
  }

  private nameOf(code: string, moment: Moment): string {
    return organisationNamed(this.projections.commitments.chart, code, moment)?.name ?? code;
  }

  @Get('a-renseigner')
  @Header('content-type', HTML)
  @Header('cache-control', 'no-store')
  async toDo(
    @Query('ministere') askedRaw: string | string[] | undefined,
    @Query('enregistre') savedRaw: string | string[] | undefined,
    @Query('importees') importedRaw: string | string[] | undefined,
    @CurrentViewer() viewer: Viewer,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const moment = this.now();
    const today = parisDateOf(moment.asOf);
    const asked = firstValue(askedRaw)?.toUpperCase() || undefined;
    const code = scopeMinistry(viewer.identity, asked, 'the ministere parameter');
    if (code !== undefined && (!CODE.test(code) || !this.known(code)))
      return this.notFound(
        reply,
        `Aucun ministère ne porte le code «\u202f${code}\u202f».`,
        viewer,
      );
    if (code === undefined) {
      // An analyst without a ministry: who owes what, to choose from.
      const board = await this.queries.execute(new GetStatusBoardQuery(moment, {}));
      const byMinistry = new Map<string, StatusItem[]>();
      for (const item of board.items)
        byMinistry.set(item.ministry, [...(byMinistry.get(item.ministry) ?? []), item]);
      const rows = [...byMinistry].map(([m, items]) => ({
        code: m,
        name: this.nameOf(m, moment),
        awaiting: awaitingReport(items, today).length,
        open: items.filter((i) => !['met', 'exempt', 'withdrawn'].includes(i.state)).length,
      }));
      rows.sort((a, b) => b.awaiting - a.awaiting || a.name.localeCompare(b.name, 'fr'));
      return toDoIndexPage({ viewer, today, rows }).value;
    }
    const board = await this.queries.execute(new GetStatusBoardQuery(moment, { ministry: code }));
    const saved = firstValue(savedRaw);
    const savedItem =
      saved && UUID.test(saved) ? board.items.find((i) => i.commitmentId === saved) : undefined;
    const imported = Number(firstValue(importedRaw));
    const done = savedItem
      ? html`La déclaration sur «&#8239;${savedItem.title}&#8239;» est enregistrée&#8239;: le
        tableau de bord en tient déjà compte.`
      : Number.isInteger(imported) && imported >= 0 && imported < 1e7 && importedRaw !== undefined
        ? html`${
            imported === 0
              ? 'Le fichier ne contenait aucune nouvelle valeur\u202f: rien n’a été enregistré.'
              : `${imported} valeur${imported > 1 ? 's' : ''} importée${imported > 1 ? 's' : ''} et enregistrée${imported > 1 ? 's' : ''}\u202f: le tableau de bord en tient déjà compte.`
          }`
        : undefined;
    const ministries =
      viewer.identity.role === 'ministry'
        ? undefined
        : (await this.queries.execute(new GetStatusBoardQuery(moment, {}))).items
            .map((i) => i.ministry)
            .filter((m, i, all) => all.indexOf(m) === i)
            .map((m) => ({ code: m, name: this.nameOf(m, moment) }))
            .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
    return toDoPage({
      viewer,
      ministry: { code, name: this.nameOf(code, moment) },
      today,
      awaiting: awaitingReport(board.items, today),
      open: board.items.filter((i) => !['met', 'exempt', 'withdrawn'].includes(i.state)).length,
      ...(done !== undefined && { done }),
      ...(ministries && { ministries }),
    }).value;
  }

  @Get('engagements/:id/avancement')
  @Header('content-type', HTML)
  @Header('cache-control', 'no-store')
  async form(
    @Param('id') id: string,
    @Query('ministere') askedRaw: string | string[] | undefined,
    @CurrentViewer() viewer: Viewer,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const loaded = await this.load(id, viewer, firstValue(askedRaw)?.toUpperCase());
    if ('page' in loaded) return this.answer(reply, loaded.status, loaded.page);
    return this.render(loaded, viewer, {}, {}).value;
  }

  @Post('engagements/:id/avancement')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  async declare(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | void> {
    void reply.header('content-type', HTML);
    const values = formValues(body);
    const asked =
      viewer.identity.role === 'ministry'
        ? scopeMinistry(viewer.identity, filled(values, 'ministry'), 'the ministry field')
        : filled(values, 'ministry');
    // A ministry declaring on its own open item (the common case): that one item is evaluated,
    // not the whole commitment; anything else (and the form shown again) takes the full load.
    const own = await this.ownDeclarable(id, viewer);
    const loaded = own ? { item: own } : await this.load(id, viewer, asked);
    if ('page' in loaded) return this.answer(reply, loaded.status, loaded.page);
    const { item } = loaded;
    const showAgain = async (errors: FormErrors) => {
      const full = 'view' in loaded ? loaded : await this.load(id, viewer, asked);
      return 'page' in full
        ? this.answer(reply, full.status, full.page)
        : this.invalid(reply, full, viewer, values, errors);
    };
    const known: Record<string, string> = {};
    if (viewer.identity.role !== 'ministry' && (asked === undefined || asked !== item.ministry))
      known.ministry = 'Choisissez un ministère de la liste';
    const value = this.readValue(item, values.value, known);
    const today = parisDateOf(this.clock.now());
    const onText = filled(values, 'on');
    const on = readFormDate(onText);
    if (onText === undefined) known.on = 'Indiquez le jour où la valeur était atteinte';
    else if (on === undefined) known.on = 'Saisissez une date réelle, au format JJ/MM/AAAA';
    else if (on > today)
      known.on =
        'Cette date est dans le futur\u202f: indiquez le jour où la valeur était atteinte, au plus tard aujourd’hui';
    const note = filled(values, 'note');
    const evidence = filled(values, 'evidence');
    const data = {
      ministry: item.ministry,
      value,
      on,
      ...(note !== undefined && { note: values.note!.trim() }),
      ...(evidence !== undefined && { evidence }),
    };
    const checked = await checkWithDto(ReportProgressDto, data, known);
    if (!checked.value) return showAgain(checked.errors);
    try {
      await this.commands.execute(
        new ExecuteCommitmentCommand(
          { type: 'ReportProgress', data: { ...checked.value, commitmentId: id } },
          { actor, correlationId: correlationIdOf(request) },
        ),
      );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const refusal = frenchRefusal(error, {
        range: rangeInFrench(item.kind),
        fallbackField: 'value',
      });
      return showAgain({ [refusal.field]: refusal.message });
    }
    const back = `${BASE}/a-renseigner${onBehalf(viewer, item.ministry)}`;
    void reply
      .status(303)
      .header(
        'location',
        `${back}${back.includes('?') ? '&' : '?'}enregistre=${encodeURIComponent(id)}`,
      );
  }

  /**
   * A ministry's own item on the commitment, as known now, when it may declare on it: read from
   * the board of that one item (one evaluation, where the commitment's view evaluates each of its
   * 3 to 21 ministries); undefined in every other case, which `load` answers as before.
   */
  private async ownDeclarable(id: string, viewer: Viewer): Promise<StatusItem | undefined> {
    const ministry = viewer.identity.role === 'ministry' ? viewer.identity.ministry : undefined;
    if (ministry === undefined || !UUID.test(id)) return undefined;
    const board = await this.queries.execute(
      new GetStatusBoardQuery(this.now(), { ministry, commitmentId: id }),
    );
    const [item] = board.items;
    return board.items.length === 1 && item.ministry === ministry && declarable(item)
      ? item
      : undefined;
  }

  /** The value as typed: a number, or yes/no for an action. Records a French error when unread. */
  private readValue(
    item: StatusItem,
    typed: string | undefined,
    errors: Record<string, string>,
  ): number | undefined {
    const text = typed?.trim();
    if (item.kind === 'boolean') {
      if (text === '1' || text === '0') return Number(text);
      errors.value = 'Indiquez si l’action est réalisée';
      return undefined;
    }
    if (text === undefined || text === '') {
      errors.value = 'Indiquez la valeur atteinte';
      return undefined;
    }
    const value = readFrenchNumber(text);
    if (value === undefined)
      errors.value = `Saisissez un nombre ${rangeInFrench(item.kind)}, par exemple ${item.kind === 'count' ? '1250' : '85 ou 85,5'}`;
    else if (item.kind === 'count' && !Number.isInteger(value))
      errors.value = 'Saisissez un nombre entier';
    return value;
  }

  /**
   * The commitment and the item declared on, as known now: for a ministry its own item, for an
   * analyst the asked ministry's (else the first one open). Or the French page saying why not.
   */
  private async load(id: string, viewer: Viewer, asked: string | undefined): Promise<Loaded> {
    const moment = this.now();
    const view = UUID.test(id)
      ? await this.queries.execute(new GetCommitmentViewQuery(id, moment))
      : null;
    if (!view)
      return {
        status: 404,
        page: notFoundPage('Aucun engagement ne porte cet identifiant.', viewer),
      };
    const own = viewer.identity.role === 'ministry' ? viewer.identity.ministry : undefined;
    if (view.commitment.status === 'withdrawn')
      return {
        status: 409,
        page: nothingToDeclarePage(
          `L’engagement «\u202f${view.commitment.title}\u202f» a été retiré\u202f: plus aucune déclaration n’y est attendue.`,
          viewer,
        ),
      };
    if (own !== undefined) {
      const item = view.ministries.find((m) => m.ministry === own);
      if (!item)
        return {
          status: 404,
          page: notFoundPage('Cet engagement n’est pas assigné à votre ministère.', viewer),
        };
      if (!declarable(item))
        return {
          status: 409,
          page: nothingToDeclarePage(
            `Votre ministère est exempté de l’engagement «\u202f${view.commitment.title}\u202f»\u202f: aucune déclaration n’y est attendue.`,
            viewer,
          ),
        };
      return { view, item };
    }
    const open = view.ministries.filter(declarable);
    if (open.length === 0)
      return {
        status: 409,
        page: nothingToDeclarePage(
          `Tous les ministères sont exemptés de l’engagement «\u202f${view.commitment.title}\u202f».`,
          viewer,
        ),
      };
    const item = open.find((m) => m.ministry === asked) ?? open[0];
    const ministries = open
      .map((m) => ({ code: m.ministry, name: this.nameOf(m.ministry, moment) }))
      .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
    return { view, item, ministries };
  }

  private render(
    loaded: Exclude<Loaded, { page: Html }>,
    viewer: Viewer,
    values: FormValues,
    errors: FormErrors,
  ): Html {
    const moment = this.now();
    return declarationPage({
      viewer,
      commitment: { id: loaded.view.commitment.commitmentId, title: loaded.view.commitment.title },
      item: loaded.item,
      ministryName: this.nameOf(loaded.item.ministry, moment),
      ...(loaded.ministries && { ministries: loaded.ministries }),
      today: parisDateOf(moment.asOf),
      values,
      errors,
    });
  }

  private invalid(
    reply: FastifyReply,
    loaded: Exclude<Loaded, { page: Html }>,
    viewer: Viewer,
    values: FormValues,
    errors: FormErrors,
  ): string {
    return this.answer(reply, 400, this.render(loaded, viewer, values, errors));
  }

  private answer(reply: FastifyReply, status: number, page: Html): string {
    void reply.status(status).header('content-type', HTML);
    return page.value;
  }

  private notFound(reply: FastifyReply, what: string, viewer: Viewer): string {
    return this.answer(reply, 404, notFoundPage(what, viewer));
  }

  private known(code: string): boolean {
    return this.projections.commitments.chart.has(code) || organisation(code) !== undefined;
  }
}
