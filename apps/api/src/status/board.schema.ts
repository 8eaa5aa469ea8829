import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CADENCES, ITEM_STATES, type Cadence, type ItemState } from '@cosinum/domain';

/*
 * OpenAPI descriptions of what the boards answer. The boards are serialised by hand
 * (board-json.ts): these classes describe the JSON, they validate nothing.
 */

export class ReasonSchema {
  @ApiProperty({
    example: 'STALE',
    description:
      'DEADLINE_PASSED, DEADLINE_CLOSE, TRAJECTORY_LATE, TRAJECTORY_STALLED, STALE, MILESTONE_MISSED (at risk); TARGET_MET, TARGET_MET_LATE; ON_TRACK, FORECAST, MILESTONE_FORECAST, MILESTONE_FORECAST_LATE; TARGET_NOT_REACHED (a value was declared) or NO_REPORT (none at all); DEADLINE_EXTENDED, EXEMPTED, WITHDRAWN',
  })
  code!: string;
  @ApiProperty({
    example:
      'Une valeur est attendue chaque trimestre\u202f; la dernière date du 31/12/2019 et celle du 1er trimestre 2021 était due le 15/04/2021.',
    description: 'In French, for people',
  })
  message!: string;
}

export class ForecastSchema {
  @ApiProperty({ example: 4.9, description: 'Trend of the values, per 30-day month' })
  ratePerMonth!: number;
  @ApiProperty({
    format: 'date',
    nullable: true,
    type: String,
    description: 'When the trend reaches the target; null: never (flat or the wrong way)',
  })
  reachOn!: string | null;
  @ApiProperty({ example: 3, description: 'Dated values fitted, the baseline included' })
  points!: number;
}

export class ReportingSchema {
  @ApiProperty({ enum: CADENCES, example: 'month' })
  every!: Cadence;
  @ApiPropertyOptional({
    example: 30,
    description: "Absent: the rule set's staleDelayDays applies",
  })
  delayDays?: number;
}

export class MilestoneStatusSchema {
  @ApiProperty({ format: 'date', example: '2020-12-31' }) on!: string;
  @ApiProperty({ example: 85 }) target!: number;
  @ApiPropertyOptional({ example: '1re version fin 2020' }) label?: string;
  @ApiProperty({
    enum: ['met', 'missed', 'upcoming'],
    description:
      '`met`: the latest value on or before its day reached it; `missed`: its day is over and it did not; `upcoming`: its day is ahead',
  })
  state!: 'met' | 'missed' | 'upcoming';
  @ApiPropertyOptional({ format: 'date', description: 'For a met milestone: when it was reached' })
  metOn?: string;
}

export class StatusItemSchema {
  @ApiProperty({ format: 'uuid' }) commitmentId!: string;
  @ApiPropertyOptional() externalId?: string;
  @ApiProperty() title!: string;
  @ApiProperty({ example: 'MI' }) ministry!: string;
  @ApiProperty({ enum: ITEM_STATES }) state!: ItemState;
  @ApiProperty({ format: 'date', description: "This ministry's deadline, extensions included" })
  deadline!: string;
  @ApiProperty({ format: 'date' }) originalDeadline!: string;
  @ApiPropertyOptional({ example: '1er trimestre 2021' }) deadlineWording?: string;
  @ApiPropertyOptional({
    description: 'Present when the source gives no deadline: why this one was chosen',
    example: 'la demande n’a pas d’échéance : le prochain comité, « le COSINUM de décembre »',
  })
  deadlineInferredFrom?: string;
  @ApiProperty({ description: 'Extensions that moved this deadline' }) extensions!: number;
  @ApiProperty({ description: 'The target in force at asOf' }) target!: number;
  @ApiProperty({ enum: ['increase', 'decrease'] }) direction!: string;
  @ApiProperty({ enum: ['percentage', 'count', 'boolean', 'score'] }) kind!: string;
  @ApiPropertyOptional() unit?: string;
  @ApiProperty({ nullable: true, type: Number }) latestValue!: number | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) latestOn!: string | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    example: 50,
    description:
      'Progress rate, 0–100: 100·(latest − initial)/(target − initial), clamped, following the direction; the initial value is the baseline, else the first value. Null before any value.',
  })
  progressRate!: number | null;
  @ApiProperty({ type: ReportingSchema, description: 'The cadence in force at asOf' })
  reporting!: ReportingSchema;
  @ApiProperty({
    description:
      'False when the value the cadence expects (the period after the latest value, due its delay after the period ends) is past due. Always true with `every: none`.',
  })
  upToDate!: boolean;
  @ApiPropertyOptional({
    format: 'date',
    description: 'When a value is expected of an open item: the day it falls due',
  })
  nextReportDue?: string;
  @ApiProperty({ type: [MilestoneStatusSchema] }) milestones!: MilestoneStatusSchema[];
  @ApiPropertyOptional({ format: 'date' }) metOn?: string;
  @ApiPropertyOptional({ description: 'Met: days after the deadline; overdue: days past it' })
  daysLate?: number;
  @ApiPropertyOptional({ type: ForecastSchema }) forecast?: ForecastSchema;
  @ApiProperty({ type: [ReasonSchema] }) reasons!: ReasonSchema[];
}

export class StateCountsSchema {
  @ApiProperty() overdue!: number;
  @ApiProperty() at_risk!: number;
  @ApiProperty() on_track!: number;
  @ApiProperty() met!: number;
  @ApiProperty() exempt!: number;
  @ApiProperty() withdrawn!: number;
}

export class BoardRulesSchema {
  @ApiProperty({
    example: 'R2',
    description: 'The rule set the board was evaluated under (GET /api/status-rules)',
  })
  id!: string;
  @ApiProperty({ format: 'date', example: '2021-04-01' }) effectiveFrom!: string;
  @ApiProperty({
    description:
      "The store's first rule set, taken from the configuration: it applies from the start, whatever its effectiveFrom",
  })
  initial!: boolean;
}

export class BoardSchema {
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty({ format: 'date-time' }) knownAt!: string;
  @ApiProperty({
    type: StateCountsSchema,
    description: 'Items per state (before the state filter)',
  })
  counts!: StateCountsSchema;
  @ApiProperty({
    type: StateCountsSchema,
    description: 'Of each state’s items, those with no value declared at all ("sans déclaration")',
  })
  noReport!: StateCountsSchema;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Mean progress rate of the items held to a target that have a value',
  })
  meanProgressRate!: number | null;
  @ApiProperty({ type: BoardRulesSchema }) rules!: BoardRulesSchema;
  @ApiPropertyOptional({ description: 'Paged responses only: items on the whole board' })
  total?: number;
  @ApiPropertyOptional({ description: 'Paged responses only: the page size' })
  limit?: number;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Paged responses only: pass as `after` for the next page; null on the last one',
  })
  next?: string | null;
  @ApiProperty({ type: [StatusItemSchema] }) items!: StatusItemSchema[];
}

export class OrganisationSchema {
  @ApiProperty({ example: 'MI' }) code!: string;
  @ApiProperty({ example: "Ministère de l'Intérieur" }) name!: string;
  @ApiProperty({ example: 'Intérieur' }) shortName!: string;
  @ApiProperty({ enum: ['ministry', 'operator', 'directorate'] }) kind!: string;
}

export class MinistryBoardSchema extends BoardSchema {
  @ApiProperty({ type: OrganisationSchema }) ministry!: OrganisationSchema;
}

class HoldingBackSchema {
  @ApiProperty({ example: 'MJ' }) ministry!: string;
  @ApiProperty({ enum: ITEM_STATES }) state!: ItemState;
  @ApiProperty({ nullable: true, type: Number }) progressRate!: number | null;
}

export class RollupSchema {
  @ApiProperty({
    enum: ITEM_STATES,
    description: '`met` only when every assigned, non-exempted ministry has met it',
  })
  state!: ItemState;
  @ApiProperty({ type: StateCountsSchema }) counts!: StateCountsSchema;
  @ApiProperty({ type: [String], description: 'Ministries that have not met it, worst first' })
  notMet!: string[];
  @ApiProperty({
    nullable: true,
    type: Number,
    example: 33.3,
    description: 'Share (0–100) of the ministries held to it that met it',
  })
  metShare!: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Mean progress rate of the ministries held to it that declared a value',
  })
  meanProgressRate!: number | null;
  @ApiProperty({ description: 'Ministries held to it with no value at all' })
  noReport!: number;
  @ApiProperty({
    type: [HoldingBackSchema],
    description: 'The ministries that hold the roll-up back, worst first (state, then lowest rate)',
  })
  holdingBack!: HoldingBackSchema[];
}

export class CommitmentViewSchema {
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty({ format: 'date-time' }) knownAt!: string;
  @ApiProperty({ type: BoardRulesSchema }) rules!: BoardRulesSchema;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The definition as decided (metric, deadline, source, ministries, reporting, milestones), with `status` (active or withdrawn) and `currentTarget`',
  })
  commitment!: Record<string, unknown>;
  @ApiPropertyOptional({
    type: RollupSchema,
    description: 'Absent for a ministry, which sees its own item only',
  })
  rollup?: RollupSchema;
  @ApiProperty({ type: [StatusItemSchema] }) ministries!: StatusItemSchema[];
}
