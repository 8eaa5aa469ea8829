import { Controller, Get, Inject, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import fresh from 'fresh';
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
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
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
import { InputValidationException } from '../http/problem';
import { negotiateEncoding } from './board-encoding';
import { boardBody, pagedBoardBody, readCursor, type BoardBody } from './board-json';
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

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the items of this commitment' })
  @IsOptional()
  @IsUUID()
  commitment?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 5000,
    description:
      'Page size. With it (or `after`), the items come in a stable order (commitment id, then ministry) so that pages hold while the board changes; the response adds `total` and `next`. Without it, the whole board, worst first',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value,
  )
  @IsInt()
  @Min(1)
  @Max(5000)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `next` cursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string;
}

/** How long the whole board is paged by default once `after` is given without `limit`. */
const DEFAULT_PAGE = 500;

/**
 * A board with its entity tag, or 304 when the client already has those bytes (If-None-Match,
 * RFC 9110 13.1.2, read by the `fresh` package). `no-cache`: a cache keeps the board and asks
 * again each time, which costs a 304 when nothing changed.
 */
const sendBoard = async (
  request: FastifyRequest,
  reply: FastifyReply,
  board: BoardBody,
): Promise<Buffer> => {
  void reply
    .type('application/json; charset=utf-8')
    .header('etag', board.etag)
    .header('cache-control', 'private, no-cache');
  if (fresh(request.headers, { etag: board.etag })) {
    void reply.status(304);
    return Buffer.alloc(0);
  }
  // A cached board is compressed once (board-encoding.ts), not by @fastify/compress on every
  // request: it leaves an answer that names its Content-Encoding as it is.
  const encoding =
    request.headers['x-no-compression'] === undefined
      ? negotiateEncoding(request.headers['accept-encoding'])
      : undefined;
  const encoded = encoding && (await board.encoded?.(encoding));
  if (encoding && encoded) {
    void reply.header('content-encoding', encoding).header('vary', 'accept-encoding');
    return encoded;
  }
  return board.body;
};

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
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const moment = toMoment(query, this.clock.now());
    const ministry = scopeMinistry(identity, query.ministry);
    const after = query.after === undefined ? undefined : readCursor(query.after);
    if (query.after !== undefined && after === undefined)
      throw new InputValidationException([
        { field: 'after', message: 'after must be the `next` cursor of a previous page' },
      ]);
    const board = await this.queries.execute(
      new GetStatusBoardQuery(
        moment,
        {
          ministry,
          states: query.state,
          ...(query.commitment !== undefined && { commitmentId: query.commitment }),
        },
        query.rules,
      ),
    );
    // Serialised here, once per distinct board (board-json.ts): sent as is.
    return sendBoard(
      request,
      reply,
      query.limit === undefined && after === undefined
        ? boardBody(board)
        : pagedBoardBody(board, { limit: query.limit ?? DEFAULT_PAGE, after }),
    );
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
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const moment = toMoment(query, this.clock.now());
    const found = organisationNamed(this.projections.commitments.chart, code, moment);
    if (!found) throw new NotFoundException(`Unknown ministry code "${code}"`);
    scopeMinistry(identity, code);
    const board = await this.queries.execute(
      new GetStatusBoardQuery(moment, { ministry: code }, query.rules),
    );
    return sendBoard(request, reply, boardBody(board, `"ministry":${JSON.stringify(found)},`));
  }
}
