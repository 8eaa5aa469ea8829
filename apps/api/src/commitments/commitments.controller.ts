import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import {
  CLOCK,
  ExecuteCommitmentCommand,
  GetCommitmentHistoryQuery,
  GetCommitmentViewQuery,
  ListCommitmentsQuery,
  type Clock,
  type CommandInput,
  type CommitmentSummary,
} from '@cosinum/application';
import { commitmentIdFor } from '@cosinum/catalogue';
import { CommitmentError, DomainError } from '@cosinum/domain';
import type { Actor } from '@cosinum/event-store';
import { CurrentIdentity, scopeMinistry } from '../auth/current-identity';
import type { Identity } from '../auth/identity';
import { READERS, Roles } from '../auth/roles.decorator';
import { CurrentActor, correlationIdOf } from '../http/actor';
import { HistoryQueryDto, toHistoryFilter } from '../http/history-query.dto';
import { InputValidationException } from '../http/problem';
import { CommitmentViewSchema } from '../status/board.schema';
import { BoardMomentQueryDto, toMoment } from '../status/moment';
import { TrendQueryDto } from '../status/trend-query.dto';
import { TrendService } from '../status/trend.service';
import {
  AddMilestoneDto,
  ChangeReportingDto,
  CreateCommitmentDto,
  CreatedDto,
  ExemptMinistryDto,
  ExtendDeadlineDto,
  RecordedDto,
  ReportProgressDto,
  ReviseTargetDto,
  WithdrawCommitmentDto,
} from './commitment.dto';

const notAssigned = (ministry: string) =>
  new ForbiddenException(`This commitment is not assigned to ${ministry}`);

/**
 * The decider names the fields of its command (`reporting.every`, `milestone.on`); the reporting
 * and milestone routes take them at the top of the body (`every`, `on`): a refusal names the
 * field as the caller sent it, a fault of the whole object being named `whole` (for a milestone,
 * its target: a yes/no commitment has no intermediate target).
 */
const asSent =
  (prefix: string, whole: string) =>
  (error: unknown): never => {
    if (!(error instanceof DomainError) || error.field === undefined) throw error;
    if (error.field !== prefix && !error.field.startsWith(`${prefix}.`)) throw error;
    const field = error.field === prefix ? whole : error.field.slice(prefix.length + 1);
    const message = error.message.split(`${prefix}.`).join('');
    throw new DomainError(error.code, error.kind, message, field);
  };

const UUID = new ParseUUIDPipe({
  exceptionFactory: () =>
    new InputValidationException([{ field: 'id', message: 'id must be a UUID' }]),
});

@ApiTags('commitments')
@ApiSecurity('api-key')
@ApiBearerAuth()
@Controller('api/commitments')
export class CommitmentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly trends: TrendService,
  ) {}

  private async run(
    input: CommandInput,
    actor: Actor,
    request: FastifyRequest,
  ): Promise<RecordedDto> {
    const outcome = await this.commands.execute(
      new ExecuteCommitmentCommand(input, { actor, correlationId: correlationIdOf(request) }),
    );
    return {
      id: outcome.commitmentId,
      events: outcome.events.map((e) => e.type),
      position: outcome.position,
    };
  }

  @Post()
  @Roles('analyst')
  @ApiOperation({ summary: 'Record a COSINUM decision as a new commitment' })
  @ApiCreatedResponse({ type: CreatedDto })
  async create(
    @Body() body: CreateCommitmentDto,
    @CurrentActor() actor: Actor,
    @Req() req: FastifyRequest,
  ): Promise<CreatedDto> {
    const commitmentId = commitmentIdFor(body.externalId);
    try {
      const { id } = await this.run(
        { type: 'DecideCommitment', data: { ...body, commitmentId } },
        actor,
        req,
      );
      return { id };
    } catch (error) {
      if (body.externalId && (error as { code?: string }).code === 'COMMITMENT.ALREADY_EXISTS') {
        throw CommitmentError.externalIdTaken(body.externalId);
      }
      throw error;
    }
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({
    summary: 'List every commitment (definitions, no status); a ministry sees those assigned to it',
  })
  async list(@CurrentIdentity() identity: Identity): Promise<{ items: CommitmentSummary[] }> {
    const items = await this.queries.execute(new ListCommitmentsQuery());
    const own = scopeMinistry(identity, undefined);
    return { items: own ? items.filter((c) => c.ministries.includes(own)) : items };
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'A commitment: definition, roll-up and status per ministry at (asOf, knownAt)',
  })
  @ApiOkResponse({ type: CommitmentViewSchema })
  async get(
    @Param('id', UUID) id: string,
    @Query() query: BoardMomentQueryDto,
    @CurrentIdentity() identity: Identity,
  ) {
    const view = await this.queries.execute(
      new GetCommitmentViewQuery(id, toMoment(query, this.clock.now()), query.rules),
    );
    if (!view) throw CommitmentError.notFound(id);
    const own = scopeMinistry(identity, undefined);
    if (!own) return view;
    // A ministry sees the definition and its own item: not the other ministries' states.
    if (!view.commitment.ministries.includes(own)) throw notAssigned(own);
    const { rollup: _others, ...rest } = view;
    return { ...rest, ministries: view.ministries.filter((m) => m.ministry === own) };
  }

  @Get(':id/trend')
  @Roles('analyst', 'auditor')
  @ApiOperation({
    summary:
      'The commitment week after week, each week as known at its end: how many of the ministries held to it had met it (metShare), and their mean progress rate',
  })
  async trend(@Param('id', UUID) id: string, @Query() query: TrendQueryDto) {
    const now = this.clock.now();
    const view = await this.queries.execute(
      new GetCommitmentViewQuery(id, { asOf: now, knownAt: now }),
    );
    if (!view) throw CommitmentError.notFound(id);
    return { commitmentId: id, weeks: await this.trends.commitmentTrend(id, query.weeks ?? 26) };
  }

  @Get(':id/history')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'Every event of the commitment, in order, with actor and recording time',
  })
  async history(
    @Param('id', UUID) id: string,
    @Query() query: HistoryQueryDto,
    @CurrentIdentity() identity: Identity,
  ) {
    const own = scopeMinistry(identity, undefined);
    if (own) {
      const now = this.clock.now();
      const view = await this.queries.execute(
        new GetCommitmentViewQuery(id, { asOf: now, knownAt: now }),
      );
      if (view && !view.commitment.ministries.includes(own)) throw notAssigned(own);
    }
    const page = await this.queries.execute(
      new GetCommitmentHistoryQuery(id, { ...toHistoryFilter(query), ministry: own }),
    );
    if (!page) throw CommitmentError.notFound(id);
    return { commitmentId: id, ...page };
  }

  @Post(':id/progress')
  @Roles('analyst', 'ministry')
  @ApiOperation({
    summary: 'A ministry reports a value reached on a date (a ministry only for itself)',
  })
  @ApiCreatedResponse({ type: RecordedDto })
  progress(
    @Param('id', UUID) id: string,
    @Body() body: ReportProgressDto,
    @CurrentActor() actor: Actor,
    @CurrentIdentity() identity: Identity,
    @Req() req: FastifyRequest,
  ) {
    scopeMinistry(identity, body.ministry, 'the ministry field');
    return this.run({ type: 'ReportProgress', data: { ...body, commitmentId: id } }, actor, req);
  }

  @Post(':id/deadline-extensions')
  @Roles('analyst')
  @ApiOperation({ summary: 'Extend the deadline, for one ministry or for all' })
  @ApiCreatedResponse({ type: RecordedDto })
  extend(
    @Param('id', UUID) id: string,
    @Body() body: ExtendDeadlineDto,
    @CurrentActor() actor: Actor,
    @Req() req: FastifyRequest,
  ) {
    return this.run({ type: 'ExtendDeadline', data: { ...body, commitmentId: id } }, actor, req);
  }

  @Post(':id/target-revisions')
  @Roles('analyst')
  @ApiOperation({ summary: 'Revise the target' })
  @ApiCreatedResponse({ type: RecordedDto })
  revise(
    @Param('id', UUID) id: string,
    @Body() body: ReviseTargetDto,
    @CurrentActor() actor: Actor,
    @Req() req: FastifyRequest,
  ) {
    return this.run({ type: 'ReviseTarget', data: { ...body, commitmentId: id } }, actor, req);
  }

  @Post(':id/exemptions')
  @Roles('analyst')
  @ApiOperation({ summary: 'Exempt a ministry from the commitment' })
  @ApiCreatedResponse({ type: RecordedDto })
  exempt(
    @Param('id', UUID) id: string,
    @Body() body: ExemptMinistryDto,
    @CurrentActor() actor: Actor,
    @Req() req: FastifyRequest,
  ) {
    return this.run({ type: 'ExemptMinistry', data: { ...body, commitmentId: id } }, actor, req);
  }

  @Post(':id/withdrawal')
  @Roles('analyst')
  @HttpCode(201)
  @ApiOperation({ summary: 'Withdraw the commitment: nothing more is accepted afterwards' })
  @ApiCreatedResponse({ type: RecordedDto })
  withdraw(
    @Param('id', UUID) id: string,
    @Body() body: WithdrawCommitmentDto,
    @CurrentActor() actor: Actor,
    @Req() req: FastifyRequest,
  ) {
    return this.run(
      { type: 'WithdrawCommitment', data: { ...body, commitmentId: id } },
      actor,
      req,
    );
  }

  @Post(':id/reporting')
  @Roles('analyst')
  @ApiOperation({
    summary:
      'Change the reporting cadence (`{ every, delayDays? }` as on a decision), from `on` (default today)',
  })
  @ApiCreatedResponse({ type: RecordedDto })
  changeReporting(
    @Param('id', UUID) id: string,
    @Body() body: ChangeReportingDto,
    @CurrentActor() actor: Actor,
    @Req() req: FastifyRequest,
  ) {
    const { every, delayDays, ...ruling } = body;
    const reporting = delayDays === undefined ? { every } : { every, delayDays };
    return this.run(
      { type: 'ChangeReporting', data: { ...ruling, reporting, commitmentId: id } },
      actor,
      req,
    ).catch(asSent('reporting', 'every'));
  }

  @Post(':id/milestones')
  @Roles('analyst')
  @ApiOperation({
    summary: 'Add a dated intermediate target (`{ on, target, label? }`): one per day',
  })
  @ApiCreatedResponse({ type: RecordedDto })
  addMilestone(
    @Param('id', UUID) id: string,
    @Body() body: AddMilestoneDto,
    @CurrentActor() actor: Actor,
    @Req() req: FastifyRequest,
  ) {
    const { on, target, label, ...ruling } = body;
    const milestone = label === undefined ? { on, target } : { on, target, label };
    return this.run(
      { type: 'AddMilestone', data: { ...ruling, milestone, commitmentId: id } },
      actor,
      req,
    ).catch(asSent('milestone', 'target'));
  }
}
