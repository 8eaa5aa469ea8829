import {
  Body,
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  registerDecorator,
} from 'class-validator';
import type { FastifyRequest } from 'fastify';
import {
  CLOCK,
  GetMinistryHistoryQuery,
  ProjectionService,
  type Clock,
  ListOrganisationsQuery,
  RecordOrganisationChangeCommand,
  lineage,
  listOrganisations,
  type OrganisationChangeInput,
  type OrganisationChangeOutcome,
} from '@cosinum/application';
import { organisation, type OrganisationChart } from '@cosinum/domain';
import type { Actor } from '@cosinum/event-store';
import { staticOrganisation } from '@cosinum/presentation';
import { CurrentIdentity, scopeMinistry } from '../auth/current-identity';
import type { Identity } from '../auth/identity';
import { READERS, Roles } from '../auth/roles.decorator';
import { CurrentActor, correlationIdOf } from '../http/actor';
import { HistoryQueryDto, toHistoryFilter } from '../http/history-query.dto';
import { IsCalendarDate, IsCleanText, registerOrganisationCodes } from '../http/validators';
import { MomentQueryDto, toMoment } from '../status/moment';

const CODE = /^[A-Z][A-Z0-9_]{1,29}$/;
const CODE_MESSAGE =
  '$property must be 2 to 30 capital letters, digits or underscores, starting with a letter';
const KINDS = ['ministry', 'operator', 'directorate'] as const;

/** The effective date, the reason and the reference (the decree) of every change. */
class RulingDto {
  @ApiProperty({
    example: '2020-07-06',
    format: 'date',
    description: 'The day the change takes effect',
  })
  @IsCalendarDate()
  on!: string;

  @ApiProperty({ example: 'Gouvernement Castex', maxLength: 2000 })
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  @IsCleanText({ singleLine: true })
  reason!: string;

  @ApiPropertyOptional({
    example: 'Décret du 6 juillet 2020 relatif à la composition du Gouvernement',
    maxLength: 300,
  })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  @IsCleanText({ singleLine: true })
  reference?: string;
}

/** The name and how a sentence says it. */
class NamedRulingDto extends RulingDto {
  @ApiProperty({ example: 'Ministère de la Mer', maxLength: 200 })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  @IsCleanText({ singleLine: true })
  name!: string;

  @ApiProperty({ example: 'Mer', maxLength: 80 })
  @IsString()
  @MinLength(2)
  @MaxLength(80)
  @IsCleanText({ singleLine: true })
  shortName!: string;

  @ApiProperty({
    example: 'du ministère de la Mer',
    maxLength: 220,
    description:
      'The name after « de », with its article: « du ministère des Armées », « de la DINUM »',
  })
  @IsString()
  @MinLength(3)
  @MaxLength(220)
  @IsCleanText({ singleLine: true })
  of!: string;

  @ApiProperty({
    example: 'au ministère de la Mer',
    maxLength: 220,
    description: 'The name after « à », with its article: « aux services du Premier ministre »',
  })
  @IsString()
  @MinLength(3)
  @MaxLength(220)
  @IsCleanText({ singleLine: true })
  to!: string;
}

export class CreateOrganisationDto extends NamedRulingDto {
  @ApiProperty({ example: 'MMER', pattern: CODE.source, description: 'Stable, never reused' })
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE })
  code!: string;

  @ApiProperty({ enum: KINDS, example: 'ministry' })
  @IsIn(KINDS, { message: `kind must be one of ${KINDS.join(', ')}` })
  kind!: (typeof KINDS)[number];
}

export class RenameOrganisationDto extends NamedRulingDto {}

export class MergeOrganisationDto extends RulingDto {
  @ApiProperty({ example: 'MEFR', description: 'The successor, existing on that day' })
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE })
  into!: string;
}

/** `{ commitmentId: successorCode }`: ids of at most 100 characters, codes of the right form. */
const IsAssignments = (): PropertyDecorator => (target, propertyName) =>
  registerDecorator({
    name: 'isAssignments',
    target: target.constructor,
    propertyName: propertyName as string,
    options: {
      message: '$property must map commitment ids to successor codes (at most 500 entries)',
    },
    validator: {
      validate: (value: unknown) =>
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.keys(value).length <= 500 &&
        Object.entries(value).every(
          ([id, code]) =>
            id.length > 0 && id.length <= 100 && typeof code === 'string' && CODE.test(code),
        ),
    },
  });

export class SplitOrganisationDto extends RulingDto {
  @ApiProperty({
    type: [String],
    example: ['MSP', 'MSAPH'],
    description: 'At least two successors',
  })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(20)
  @Matches(CODE, { each: true, message: CODE_MESSAGE })
  into!: string[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { 'c0ffee00-0000-4000-8000-000000000001': 'MSP' },
    description:
      'Which successor takes each commitment; a commitment not listed passes to every successor',
  })
  @IsOptional()
  @IsObject()
  @IsAssignments()
  assignments?: Record<string, string>;
}

export class DissolveOrganisationDto extends RulingDto {}

export class OrganisationsQueryDto extends MomentQueryDto {}

class ListedOrganisationDto {
  @ApiProperty({ example: 'MI' }) code!: string;
  @ApiProperty({ example: "Ministère de l'Intérieur" }) name!: string;
  @ApiProperty({ example: 'Intérieur' }) shortName!: string;
  @ApiProperty({ enum: KINDS }) kind!: string;
  @ApiProperty({ example: "du ministère de l'Intérieur" }) of!: string;
  @ApiProperty({ example: "au ministère de l'Intérieur" }) to!: string;
  @ApiProperty({
    format: 'date',
    nullable: true,
    type: String,
    description: 'The day it came into existence (null: no organisation chart recorded)',
  })
  since!: string | null;
}

class OrganisationListDto {
  @ApiProperty({ type: [ListedOrganisationDto] }) items!: ListedOrganisationDto[];
  @ApiProperty({ example: '2020-07-15T21:59:59.999Z' }) asOf!: string;
  @ApiProperty({ example: '2026-12-02T06:00:00.000Z' }) knownAt!: string;
}

class ChangeRecordedDto {
  @ApiProperty({ example: 'OrganisationsMerged' }) type!: string;
  @ApiProperty() data!: object;
}

class ChangeOutcomeDto {
  @ApiProperty({ type: [ChangeRecordedDto] }) events!: ChangeRecordedDto[];
  @ApiProperty({ example: 42 }) position!: number;
}

@ApiTags('organisations')
@ApiSecurity('api-key')
@ApiBearerAuth()
@Controller('api/ministries')
export class OrganisationsController implements OnModuleInit, OnModuleDestroy {
  private unregister?: () => void;

  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly projections: ProjectionService,
  ) {}

  /** Codes created through the chart pass the request validators (the decider checks again). */
  onModuleInit(): void {
    this.unregister = registerOrganisationCodes(() => this.projections.commitments.chart.keys());
  }

  onModuleDestroy(): void {
    this.unregister?.();
  }

  private record(
    input: OrganisationChangeInput,
    actor: Actor,
    req: FastifyRequest,
  ): Promise<OrganisationChangeOutcome> {
    return this.commands.execute(
      new RecordOrganisationChangeCommand(input, { actor, correlationId: correlationIdOf(req) }),
    );
  }

  private async chart(): Promise<OrganisationChart> {
    return (await this.queries.execute(new ListOrganisationsQuery())).chart;
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({
    summary:
      'Ministries, operators and DINUM existing on the day of asOf (default today), as known at knownAt, with the names and article forms they had then',
  })
  @ApiOkResponse({ type: OrganisationListDto })
  async list(@Query() query: OrganisationsQueryDto) {
    const moment = toMoment(query, this.clock.now());
    return { items: listOrganisations(await this.chart(), moment, staticOrganisation), ...moment };
  }

  @Post()
  @Roles('analyst')
  @ApiOperation({ summary: 'Record the creation of an organisation (a new, never used code)' })
  @ApiCreatedResponse({ type: ChangeOutcomeDto })
  create(
    @Body() body: CreateOrganisationDto,
    @CurrentActor() actor: Actor,
    @Req() req: FastifyRequest,
  ) {
    return this.record({ change: 'create', ...body }, actor, req);
  }

  @Post(':code/renaming')
  @Roles('analyst')
  @ApiOperation({ summary: 'Record a new name of an organisation from a date (its code stays)' })
  @ApiCreatedResponse({ type: ChangeOutcomeDto })
  rename(
    @Param('code') code: string,
    @Body() body: RenameOrganisationDto,
    @CurrentActor() actor: Actor,
    @Req() req: FastifyRequest,
  ) {
    return this.record({ change: 'rename', code, ...body }, actor, req);
  }

  @Post(':code/merger')
  @Roles('analyst')
  @ApiOperation({
    summary:
      'Record the merger of an organisation into a successor: its items pass to it from that day',
  })
  @ApiCreatedResponse({ type: ChangeOutcomeDto })
  merge(
    @Param('code') code: string,
    @Body() body: MergeOrganisationDto,
    @CurrentActor() actor: Actor,
    @Req() req: FastifyRequest,
  ) {
    return this.record({ change: 'merge', code, ...body }, actor, req);
  }

  @Post(':code/split')
  @Roles('analyst')
  @ApiOperation({
    summary:
      'Record the split of an organisation into successors, with which commitment goes where (the others pass to every successor)',
  })
  @ApiCreatedResponse({ type: ChangeOutcomeDto })
  split(
    @Param('code') code: string,
    @Body() body: SplitOrganisationDto,
    @CurrentActor() actor: Actor,
    @Req() req: FastifyRequest,
  ) {
    return this.record({ change: 'split', code, ...body }, actor, req);
  }

  @Post(':code/dissolution')
  @Roles('analyst')
  @ApiOperation({
    summary: 'Record the dissolution of an organisation (nobody takes its items over)',
  })
  @ApiCreatedResponse({ type: ChangeOutcomeDto })
  dissolve(
    @Param('code') code: string,
    @Body() body: DissolveOrganisationDto,
    @CurrentActor() actor: Actor,
    @Req() req: FastifyRequest,
  ) {
    return this.record({ change: 'dissolve', code, ...body }, actor, req);
  }

  @Get(':code/history')
  @Roles(...READERS)
  @ApiOperation({
    summary:
      "A ministry's history: its lineage (names, predecessors, successors, ending, with dates and references) and its reports, extensions, exemptions and rulings, its predecessors' included, in log order, paged",
  })
  async history(
    @Param('code') code: string,
    @Query() query: HistoryQueryDto,
    @CurrentIdentity() identity: Identity,
  ) {
    const chart = await this.chart();
    const filter = toHistoryFilter(query);
    // The lineage as known at the end of the recording period asked (`to`), else now.
    const found = lineage(chart, code, filter.to ?? this.clock.now());
    if (!found && !organisation(code))
      throw new NotFoundException(`Unknown ministry code "${code}"`);
    scopeMinistry(identity, code);
    return {
      ministry: code,
      lineage: found,
      ...(await this.queries.execute(new GetMinistryHistoryQuery(code, filter))),
    };
  }
}
