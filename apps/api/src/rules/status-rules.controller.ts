import { Body, Controller, Get, Inject, Post, Req } from '@nestjs/common';
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
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import {
  APP_CONFIG,
  AdoptStatusRulesCommand,
  CLOCK,
  ListStatusRulesQuery,
  ProjectionService,
  rulesFor,
  type Clock,
  type ListedRuleSet,
} from '@cosinum/application';
import type { AppConfig } from '@cosinum/config';
import type { Actor } from '@cosinum/event-store';
import { READERS, Roles } from '../auth/roles.decorator';
import { ReasonDto } from '../commitments/commitment.dto';
import { CurrentActor, correlationIdOf } from '../http/actor';
import { IsCalendarDate } from '../http/validators';

const MAX_DAYS = 366;

export class AdoptStatusRulesDto extends ReasonDto {
  @ApiProperty({
    example: '2021-04-01',
    format: 'date',
    description:
      'The first Paris day on which the rules apply: boards of earlier dates keep the rule set then in force',
  })
  @IsCalendarDate()
  effectiveFrom!: string;

  @ApiPropertyOptional({
    example: 45,
    minimum: 0,
    maximum: MAX_DAYS,
    description:
      'An unmet item whose deadline is this close is at risk (DEADLINE_CLOSE). Absent: kept from the rule set in force on effectiveFrom.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_DAYS)
  warningDays?: number;

  @ApiPropertyOptional({
    example: 15,
    minimum: 0,
    maximum: MAX_DAYS,
    description:
      'Days after a reporting period ends before its value is due, for commitments whose cadence names no delay (STALE). Absent: kept from the rule set in force.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_DAYS)
  staleDelayDays?: number;

  @ApiPropertyOptional({
    description:
      'Whether an unmet item whose trend reaches the target after the deadline, or never, is at risk (TRAJECTORY_LATE, TRAJECTORY_STALLED). Absent: kept.',
  })
  @IsOptional()
  @IsBoolean()
  trajectory?: boolean;

  @ApiPropertyOptional({
    description:
      'Whether an unmet item whose latest past milestone was missed is at risk (MILESTONE_MISSED). Absent: kept.',
  })
  @IsOptional()
  @IsBoolean()
  milestones?: boolean;
}

class RuleSetActorDto {
  @ApiProperty({ example: 'test-analyst' }) subject!: string;
  @ApiPropertyOptional({ example: 'analyst' }) role?: string;
  @ApiPropertyOptional() ministry?: string;
}

export class RuleSetDto {
  @ApiProperty({ example: 'R2', description: 'R1, R2…: the order of adoption' })
  id!: string;
  @ApiProperty({ format: 'date', example: '2021-04-01' })
  effectiveFrom!: string;
  @ApiProperty({ example: 30 }) warningDays!: number;
  @ApiProperty({ example: 15 }) staleDelayDays!: number;
  @ApiProperty() trajectory!: boolean;
  @ApiProperty() milestones!: boolean;
  @ApiProperty() reason!: string;
  @ApiPropertyOptional() decisionRef?: string;
  @ApiProperty({
    description:
      "The store's first rule set, taken from the configuration: it applies to every date before the next one",
  })
  initial!: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  recordedAt!: string | null;
  @ApiProperty({ type: RuleSetActorDto, nullable: true })
  actor!: RuleSetActorDto | null;
}

class RuleSetNameDto {
  @ApiProperty({ example: 'R2' }) id!: string;
  @ApiProperty({ format: 'date', example: '2021-04-01' }) effectiveFrom!: string;
}

class RuleSetListDto {
  @ApiProperty({ type: [RuleSetDto] }) items!: RuleSetDto[];
  @ApiProperty({
    type: RuleSetNameDto,
    description: 'The rule set in force today, as known now (what `rules=current` uses)',
  })
  current!: RuleSetNameDto;
}

@ApiTags('status rules')
@ApiSecurity('api-key')
@ApiBearerAuth()
@Controller('api/status-rules')
export class StatusRulesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly projections: ProjectionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @Roles('analyst')
  @ApiOperation({
    summary:
      'Adopt a status rule set from effectiveFrom (a field left out keeps its value from the rule set in force)',
  })
  @ApiCreatedResponse({ type: RuleSetDto })
  async adopt(
    @Body() body: AdoptStatusRulesDto,
    @CurrentActor() actor: Actor,
    @Req() req: FastifyRequest,
  ): Promise<ListedRuleSet> {
    const { adopted } = await this.commands.execute(
      new AdoptStatusRulesCommand(body, { actor, correlationId: correlationIdOf(req) }),
    );
    return { ...adopted[adopted.length - 1], actor };
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({
    summary: 'Every status rule set, in the order adopted, with who recorded it and when',
  })
  @ApiOkResponse({ type: RuleSetListDto })
  async list(): Promise<{
    items: ListedRuleSet[];
    current: { id: string; effectiveFrom: string };
  }> {
    const items = await this.queries.execute(new ListStatusRulesQuery());
    const now = this.clock.now();
    const current = rulesFor(
      this.projections.commitments,
      this.config,
      { asOf: now, knownAt: now },
      'current',
      now,
    );
    return { items, current: { id: current.id, effectiveFrom: current.effectiveFrom } };
  }
}
