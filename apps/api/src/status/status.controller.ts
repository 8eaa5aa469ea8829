import { Controller, Get, Inject, NotFoundException, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import type { FastifyReply } from 'fastify';
import { IsIn, IsOptional } from 'class-validator';
import {
  CLOCK,
  GetSlippageReportQuery,
  GetStatusBoardQuery,
  ProjectionService,
  type Clock,
} from '@cosinum/application';
import { ITEM_STATES, type ItemState } from '@cosinum/domain';
import { organisationNamed } from '../organisations/organisation-names';
import { CurrentIdentity, scopeMinistry } from '../auth/current-identity';
import type { Identity } from '../auth/identity';
import { READERS, Roles } from '../auth/roles.decorator';
import { IsOrganisationCode } from '../http/validators';
import { boardJson } from './board-json';
import { BoardSchema, MinistryBoardSchema } from './board.schema';
import { BoardMomentQueryDto, MomentQueryDto, toMoment } from './moment';
import { TrendQueryDto } from './trend-query.dto';
import { TrendService } from './trend.service';

export class StatusQueryDto extends BoardMomentQueryDto {
  @ApiPropertyOptional({ example: 'MI' })
  @IsOptional()
  @IsOrganisationCode()
  ministry?: string;

  @ApiPropertyOptional({
    description: 'One state or several, comma-separated',
    example: 'overdue,at_risk',
    enum: ITEM_STATES,
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.split(',').map((s) => s.trim()) : value,
  )
  @IsIn(ITEM_STATES, {
    each: true,
    message: `state must be one or more of ${ITEM_STATES.join(', ')}`,
  })
  state?: ItemState[];
}

@ApiTags('status')
@ApiSecurity('api-key')
@ApiBearerAuth()
@Controller('api')
export class StatusController {
  constructor(
    private readonly queries: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly projections: ProjectionService,
    private readonly trends: TrendService,
  ) {}

  @Get('status')
  @Roles(...READERS)
  @ApiOperation({
    summary:
      'The status board: one item per (commitment, ministry), with reasons, at (asOf, knownAt), under the rule set the response names',
  })
  @ApiOkResponse({ type: BoardSchema })
  async status(
    @Query() query: StatusQueryDto,
    @CurrentIdentity() identity: Identity,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const moment = toMoment(query, this.clock.now());
    const ministry = scopeMinistry(identity, query.ministry);
    const board = await this.queries.execute(
      new GetStatusBoardQuery(moment, { ministry, states: query.state }, query.rules),
    );
    // Serialised here, once per distinct board (board-json.ts): sent as is.
    void reply.type('application/json; charset=utf-8');
    return boardJson(board);
  }

  @Get('slippage')
  @Roles('analyst', 'auditor')
  @ApiOperation({
    summary:
      'Slippage ("glissement calendaire"): original against current deadlines, extensions and days slipped, per ministry and overall',
  })
  async slippage(@Query() query: MomentQueryDto) {
    return this.queries.execute(new GetSlippageReportQuery(toMoment(query, this.clock.now())));
  }

  @Get('ministries/:code/trend')
  @Roles(...READERS)
  @ApiOperation({
    summary:
      "A ministry's trend, week after week: its counts by state, its mean progress rate and the median of the ministries' mean rates, each week as it was known at the end of that week (values recorded late count from the week they were recorded)",
  })
  async ministryTrend(
    @Param('code') code: string,
    @Query() query: TrendQueryDto,
    @CurrentIdentity() identity: Identity,
  ) {
    const now = this.clock.now();
    const found = organisationNamed(this.projections.commitments.chart, code, {
      asOf: now,
      knownAt: now,
    });
    if (!found) throw new NotFoundException(`Unknown ministry code "${code}"`);
    scopeMinistry(identity, code);
    return {
      ministry: found,
      weeks: await this.trends.ministryTrend(code, query.weeks ?? 26),
    };
  }

  @Get('ministries/:code/status')
  @Roles(...READERS)
  @ApiOperation({ summary: "One ministry's board at (asOf, knownAt): its counts and mean rate" })
  @ApiOkResponse({ type: MinistryBoardSchema })
  async ministryStatus(
    @Param('code') code: string,
    @Query() query: BoardMomentQueryDto,
    @CurrentIdentity() identity: Identity,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const moment = toMoment(query, this.clock.now());
    const found = organisationNamed(this.projections.commitments.chart, code, moment);
    if (!found) throw new NotFoundException(`Unknown ministry code "${code}"`);
    scopeMinistry(identity, code);
    const board = await this.queries.execute(
      new GetStatusBoardQuery(moment, { ministry: code }, query.rules),
    );
    void reply.type('application/json; charset=utf-8');
    return boardJson(board, `"ministry":${JSON.stringify(found)},`);
  }
}
