import {
  Body,
  Controller,
  Get,
  Header,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { ClassConstructor } from 'class-transformer';
import { isEmail } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  CLOCK,
  ExecuteCommitmentCommand,
  GetCommitmentViewQuery,
  ProjectionService,
  listOrganisations,
  type Clock,
  type CommandInput,
} from '@cosinum/application';
import { commitmentIdFor } from '@cosinum/catalogue';
import { DomainError, organisation } from '@cosinum/domain';
import type { Actor } from '@cosinum/event-store';
import type { CommitmentView } from '@cosinum/projections';
import { staticOrganisation } from '@cosinum/presentation';
import { ContactsService } from '@cosinum/reminders';
import { Roles } from '../auth/roles.decorator';
import {
  CreateCommitmentDto,
  ExemptMinistryDto,
  ExtendDeadlineDto,
  ReviseTargetDto,
  WithdrawCommitmentDto,
} from '../commitments/commitment.dto';
import { CurrentActor, correlationIdOf } from '../http/actor';
import { organisationNamed } from '../organisations/organisation-names';
import { RegisterContactDto } from '../reminders/contact.dto';
import { RANGE_TEXT, defined, postedList } from './analyst-form-parts';
import { contactsPage } from './analyst-contacts.page';
import { decisionPage, placedDecisionErrors, readDecision } from './analyst-decision.page';
import {
  RULINGS,
  RULING_KINDS,
  readRuling,
  rulingPage,
  type RulingKind,
} from './analyst-rulings.page';
import { formValues, type FormErrors, type FormValues } from './forms/form-kit';
import { checkWithDto, filled, frenchRefusal } from './forms/validate-form';
import type { Html } from './html';
import { BASE } from './layout';
import { notFoundPage } from './not-found.page';
import { CurrentViewer, type Viewer } from './viewer';
import { HTML, UUID } from './request-values';

/** Each ruling form: the API route's DTO and the command it runs. */
const RULING_COMMANDS: Record<
  RulingKind,
  { dto: ClassConstructor<object>; type: CommandInput['type']; fallbackField: string }
> = {
  echeance: { dto: ExtendDeadlineDto, type: 'ExtendDeadline', fallbackField: 'deadline' },
  cible: { dto: ReviseTargetDto, type: 'ReviseTarget', fallbackField: 'target' },
  exemption: { dto: ExemptMinistryDto, type: 'ExemptMinistry', fallbackField: 'ministry' },
  retrait: { dto: WithdrawCommitmentDto, type: 'WithdrawCommitment', fallbackField: 'reason' },
};

const send = (reply: FastifyReply, status: number, page: Html): string => {
  void reply.status(status);
  return page.value;
};

const seeOther = (reply: FastifyReply, location: string): string => {
  void reply.status(303).header('location', location);
  return '';
};

/**
 * The analysts' forms: record a decision, rule on a commitment (extension, target revision,
 * exemption, withdrawal), manage a ministry's reminder contacts. Each posts like a browser
 * (urlencoded, `_csrf`), with the API's field names, is checked by the API's DTO, and runs the
 * API's command path with the signed-in actor: the events are those the API would write. An
 * invalid form comes back (400) with every error beside its field and at the top; a recorded one
 * sends the browser (303) to the page that shows it, with a notice.
 */
@ApiExcludeController()
@Roles('analyst')
@Controller('tableau-de-bord')
export class AnalystFormsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly projections: ProjectionService,
    private readonly contacts: ContactsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private now(): { asOf: string; knownAt: string } {
    const now = this.clock.now();
    return { asOf: now, knownAt: now };
  }

  /** The ministries a decision may name today (the chart's, else the reference list). */
  private knownMinistries() {
    return listOrganisations(this.projections.commitments.chart, this.now(), staticOrganisation)
      .filter((o) => o.kind === 'ministry')
      .map((o) => ({ code: o.code, name: o.name }));
  }

  private run(input: CommandInput, actor: Actor, request: FastifyRequest) {
    return this.commands.execute(
      new ExecuteCommitmentCommand(input, { actor, correlationId: correlationIdOf(request) }),
    );
  }

  @Get('engagements/nouveau')
  @Header('content-type', HTML)
  @Header('cache-control', 'no-store')
  newDecision(@CurrentViewer() viewer: Viewer): string {
    return decisionPage({
      viewer,
      values: {},
      ministries: [],
      errors: {},
      known: this.knownMinistries(),
    }).value;
  }

  @Post('engagements/nouveau')
  @Header('content-type', HTML)
  @Header('cache-control', 'no-store')
  async recordDecision(
    @Body() posted: unknown,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const values = formValues(posted);
    const reading = readDecision(values, posted);
    const again = (errors: FormErrors) =>
      send(
        reply,
        400,
        decisionPage({
          viewer,
          values,
          ministries: postedList(posted, 'ministries'),
          errors: placedDecisionErrors(errors, reading),
          known: this.knownMinistries(),
        }),
      );
    const { value, errors } = await checkWithDto(CreateCommitmentDto, reading.body);
    if (!value || Object.keys(reading.errors).length > 0) return again(errors);
    const commitmentId = commitmentIdFor(value.externalId);
    try {
      await this.run(
        { type: 'DecideCommitment', data: { ...value, commitmentId } },
        actor,
        request,
      );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const kind = value.metric.kind;
      const refusal = frenchRefusal(error, { range: RANGE_TEXT[kind], fallbackField: 'title' });
      // An identifier taken is the external id's fault, whatever field the decider names.
      const field = /ALREADY_EXISTS|EXTERNAL_ID_TAKEN/.test(error.code)
        ? 'externalId'
        : refusal.field;
      return again({ [field]: refusal.message });
    }
    return seeOther(reply, `${BASE}/engagements/${commitmentId}?enregistre=decision`);
  }

  /** The commitment as it stands now, or the French 404. */
  private async current(id: string): Promise<CommitmentView | null> {
    return UUID.test(id) ? this.queries.execute(new GetCommitmentViewQuery(id, this.now())) : null;
  }

  private async showRuling(
    kind: RulingKind,
    id: string,
    viewer: Viewer,
    reply: FastifyReply,
  ): Promise<string> {
    const view = await this.current(id);
    if (!view) return send(reply, 404, unknownCommitment(viewer));
    return rulingPage({ viewer, kind, view, values: {}, errors: {} }).value;
  }

  private async recordRuling(
    kind: RulingKind,
    id: string,
    posted: unknown,
    viewer: Viewer,
    actor: Actor,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<string> {
    const view = await this.current(id);
    if (!view) return send(reply, 404, unknownCommitment(viewer));
    const values = formValues(posted);
    const again = (status: number, errors: FormErrors, now = view) =>
      send(reply, status, rulingPage({ viewer, kind, view: now, values, errors }));
    if (view.commitment.status === 'withdrawn') return again(409, {});
    const spec = RULING_COMMANDS[kind];
    const reading = readRuling(kind, values, view);
    const { value, errors } = await checkWithDto(spec.dto, reading.body, reading.errors);
    if (!value) return again(400, errors);
    try {
      await this.run(
        {
          type: spec.type,
          data: { ...value, commitmentId: view.commitment.commitmentId },
        } as CommandInput,
        actor,
        request,
      );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.code === 'COMMITMENT.ALREADY_WITHDRAWN')
        return again(409, {}, (await this.current(id)) ?? view);
      const refusal = frenchRefusal(error, {
        range: RANGE_TEXT[view.commitment.metric.kind],
        fallbackField: spec.fallbackField,
      });
      const field = refusal.field in RULINGS[kind].labels ? refusal.field : spec.fallbackField;
      return again(400, { [field]: refusal.message });
    }
    return seeOther(
      reply,
      `${BASE}/engagements/${view.commitment.commitmentId}?enregistre=${kind}`,
    );
  }

  /**
   * `…/echeance`, `…/cible`, `…/exemption`, `…/retrait`: the form (GET) and its post. Other
   * addresses under a commitment (`…/avancement`) are static routes, which the router tries first.
   */
  @Get('engagements/:id/:kind')
  @Header('content-type', HTML)
  @Header('cache-control', 'no-store')
  async rulingForm(
    @Param('id') id: string,
    @Param('kind') kind: string,
    @CurrentViewer() viewer: Viewer,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    if (!isRulingKind(kind)) return send(reply, 404, unknownPage(viewer));
    return this.showRuling(kind, id, viewer, reply);
  }

  @Post('engagements/:id/:kind')
  @Header('content-type', HTML)
  @Header('cache-control', 'no-store')
  async ruling(
    @Param('id') id: string,
    @Param('kind') kind: string,
    @Body() posted: unknown,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    if (!isRulingKind(kind)) return send(reply, 404, unknownPage(viewer));
    return this.recordRuling(kind, id, posted, viewer, actor, request, reply);
  }

  /** The ministry named as today, or undefined when nobody knows the code. */
  private ministry(code: string) {
    const { chart } = this.projections.commitments;
    if (!chart.has(code) && !organisation(code)) return undefined;
    return organisationNamed(chart, code, this.now()) ?? undefined;
  }

  private async contactsOf(
    code: string,
    viewer: Viewer,
    reply: FastifyReply,
    status: number,
    form: { values?: FormValues; errors?: FormErrors; saved?: string; removal?: string } = {},
  ): Promise<string> {
    const ministry = this.ministry(code);
    if (!ministry) return send(reply, 404, unknownMinistry(code, viewer));
    return send(
      reply,
      status,
      contactsPage({
        viewer,
        ministry,
        names: { chart: this.projections.commitments.chart, moment: this.now() },
        contacts: await this.contacts.list(ministry.code),
        values: form.values ?? {},
        errors: form.errors ?? {},
        ...(form.saved !== undefined && { saved: form.saved }),
        ...(form.removal !== undefined && { removal: form.removal }),
      }),
    );
  }

  @Get('ministeres/:code/contacts')
  @Header('content-type', HTML)
  @Header('cache-control', 'no-store')
  contactList(
    @Param('code') code: string,
    @Query('enregistre') saved: string | string[] | undefined,
    @CurrentViewer() viewer: Viewer,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.contactsOf(code, viewer, reply, 200, {
      ...(typeof saved === 'string' && { saved }),
    });
  }

  @Post('ministeres/:code/contacts')
  @Header('content-type', HTML)
  @Header('cache-control', 'no-store')
  async addContact(
    @Param('code') code: string,
    @Body() posted: unknown,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const ministry = this.ministry(code);
    if (!ministry) return send(reply, 404, unknownMinistry(code, viewer));
    const values = formValues(posted);
    const { value, errors } = await checkWithDto(
      RegisterContactDto,
      defined({ email: filled(values, 'email'), name: filled(values, 'name') }),
    );
    if (!value) return this.contactsOf(code, viewer, reply, 400, { values, errors });
    try {
      await this.contacts.register(ministry.code, value, {
        actor,
        correlationId: correlationIdOf(request),
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const refusal = frenchRefusal(error, { fallbackField: 'email' });
      const field = refusal.field === 'name' ? 'name' : 'email';
      return this.contactsOf(code, viewer, reply, 400, {
        values,
        errors: { [field]: refusal.message },
      });
    }
    return seeOther(reply, `${BASE}/ministeres/${ministry.code}/contacts?enregistre=ajout`);
  }

  @Post('ministeres/:code/contacts/retrait')
  @Header('content-type', HTML)
  @Header('cache-control', 'no-store')
  async removeContact(
    @Param('code') code: string,
    @Body() posted: unknown,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const ministry = this.ministry(code);
    if (!ministry) return send(reply, 404, unknownMinistry(code, viewer));
    const email = filled(formValues(posted), 'email') ?? '';
    const refused = (removal: string) => this.contactsOf(code, viewer, reply, 400, { removal });
    // The API's own check of the address in its path (DELETE …/contacts/:email).
    if (email.length > 254 || !isEmail(email))
      return refused('Cette adresse électronique n’est pas valide\u202f: rien n’a été retiré.');
    try {
      await this.contacts.remove(ministry.code, email, {
        actor,
        correlationId: correlationIdOf(request),
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return refused(
        `${email} ne figure pas (ou plus) parmi les destinataires\u202f: rien n’a été retiré.`,
      );
    }
    return seeOther(reply, `${BASE}/ministeres/${ministry.code}/contacts?enregistre=retrait`);
  }
}

const isRulingKind = (kind: string): kind is RulingKind =>
  (RULING_KINDS as readonly string[]).includes(kind);

const unknownPage = (viewer: Viewer): Html =>
  notFoundPage('Cette page n’existe pas dans le tableau de bord.', viewer);

const unknownCommitment = (viewer: Viewer): Html =>
  notFoundPage('Aucun engagement ne porte cet identifiant.', viewer);

const unknownMinistry = (code: string, viewer: Viewer): Html =>
  notFoundPage(`Aucun ministère ne porte le code «\u202f${code}\u202f».`, viewer);
