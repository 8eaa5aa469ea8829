import { ApiProperty, ApiPropertyOptional, IntersectionType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  CADENCES,
  EVIDENCE_MAX,
  MAX_DELAY_DAYS,
  ORGANISATION_CODES,
  type Cadence,
} from '@cosinum/domain';
import {
  IsCalendarDate,
  IsCleanText,
  IsEvidenceLink,
  IsMinistrySelection,
  IsOrganisationCode,
  Trimmed,
} from '../http/validators';

const FINITE = { allowNaN: false, allowInfinity: false };

export class SourceDto {
  @ApiProperty({ example: 'Relevé de décisions du COSINUM du 3 décembre 2020', maxLength: 300 })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  @IsCleanText({ singleLine: true })
  document!: string;

  @ApiPropertyOptional({ example: 'Fiche 01 — Postes de travail des agents', maxLength: 300 })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  @IsCleanText({ singleLine: true })
  section?: string;

  @ApiProperty({ example: '2020-12-03', format: 'date' })
  @IsCalendarDate()
  decidedOn!: string;

  @ApiPropertyOptional({
    enum: ['day', 'month', 'quarter', 'half-year', 'year'],
    description:
      'How precisely the source dates the decision (default day): « half-year » reads « décidé au 1er semestre 2021 » from decidedOn 2021-01-01',
  })
  @IsOptional()
  @IsIn(['day', 'month', 'quarter', 'half-year', 'year'])
  decidedOnPrecision?: 'day' | 'month' | 'quarter' | 'half-year' | 'year';
}

export class BaselineDto {
  @ApiProperty({ example: 70 })
  @IsNumber(FINITE)
  value!: number;

  @ApiProperty({ example: '2020-11-01', format: 'date' })
  @IsCalendarDate()
  on!: string;
}

export class MetricDto {
  @ApiProperty({ enum: ['percentage', 'count', 'boolean', 'score'] })
  @IsIn(['percentage', 'count', 'boolean', 'score'])
  kind!: 'percentage' | 'count' | 'boolean' | 'score';

  @ApiPropertyOptional({ example: '% des agents', maxLength: 60 })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  @IsCleanText({ singleLine: true })
  unit?: string;

  @ApiProperty({ enum: ['increase', 'decrease'] })
  @IsIn(['increase', 'decrease'])
  direction!: 'increase' | 'decrease';

  @ApiProperty({
    example: 100,
    description: 'percentage 0..100, boolean 0 or 1, score 0..10, count ≥ 0',
  })
  @IsNumber(FINITE)
  target!: number;

  @ApiPropertyOptional({ type: BaselineDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => BaselineDto)
  baseline?: BaselineDto;
}

const CADENCE_DESCRIPTION =
  'How often each ministry is expected to report a value: one value per calendar period (weeks Monday to Sunday, civil quarters and half-years), due `delayDays` after the period ends. An unmet item with no value for the period now due is at risk (`STALE`). `none`: nothing is expected on a schedule, the item is never stale.';

const DELAY_DESCRIPTION = `Days after a period ends before its value is due (0 to ${MAX_DELAY_DAYS}); absent: the rule set's \`staleDelayDays\`. Not with \`every: none\`.`;

export class ReportingDto {
  @ApiProperty({ enum: CADENCES, example: 'quarter', description: CADENCE_DESCRIPTION })
  @IsIn(CADENCES, { message: `$property must be one of ${CADENCES.join(', ')}` })
  every!: Cadence;

  @ApiPropertyOptional({
    example: 30,
    minimum: 0,
    maximum: MAX_DELAY_DAYS,
    description: DELAY_DESCRIPTION,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_DELAY_DAYS)
  delayDays?: number;
}

export class MilestoneDto {
  @ApiProperty({
    example: '2020-12-31',
    format: 'date',
    description:
      'The day the intermediate target is due: between the decision and the deadline, one milestone per day',
  })
  @IsCalendarDate()
  on!: string;

  @ApiProperty({
    example: 85,
    description: "The value expected by then, in the metric's range (not on a yes/no metric)",
  })
  @IsNumber(FINITE)
  target!: number;

  @ApiPropertyOptional({ example: '1re version fin 2020', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IsCleanText({ singleLine: true })
  label?: string;
}

export class CreateCommitmentDto {
  @ApiPropertyOptional({
    example: 'cosinum-2020-12-03-messagerie-distance',
    description: 'Stable identifier from the source catalogue; unique.',
    maxLength: 100,
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, {
    message: 'externalId must be 1 to 100 letters, digits, dots, dashes or underscores',
  })
  externalId?: string;

  @ApiProperty({
    example: "100 % des agents disposent d'une adresse email professionnelle accessible à distance",
    maxLength: 300,
  })
  @IsString()
  @MinLength(3)
  @MaxLength(300)
  @Trimmed()
  @IsCleanText({ singleLine: true })
  title!: string;

  @ApiProperty({ maxLength: 5000 })
  @IsString()
  @MaxLength(5000)
  @IsCleanText({ allowBlank: true })
  description!: string;

  @ApiProperty({ type: SourceDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => SourceDto)
  source!: SourceDto;

  @ApiPropertyOptional({ maxLength: 300 })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  @IsCleanText({ singleLine: true })
  mission?: string;

  @ApiProperty({ type: MetricDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => MetricDto)
  metric!: MetricDto;

  @ApiProperty({ example: '2021-03-31', format: 'date' })
  @IsCalendarDate()
  deadline!: string;

  @ApiPropertyOptional({ example: '1er trimestre 2021', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsCleanText({ singleLine: true })
  deadlineWording?: string;

  @ApiPropertyOptional({
    example: 'le prochain comité, « le COSINUM de décembre »',
    maxLength: 300,
    description:
      'When the source gives no deadline: what it was inferred from; the board shows « échéance déduite »',
  })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  @IsCleanText({ singleLine: true })
  deadlineInferredFrom?: string;

  @ApiProperty({
    oneOf: [
      { type: 'string', enum: ['all'] },
      { type: 'array', items: { type: 'string', enum: [...ORGANISATION_CODES] } },
    ],
    example: 'all',
  })
  @IsMinistrySelection()
  ministries!: 'all' | string[];

  @ApiPropertyOptional({
    type: ReportingDto,
    description:
      'The reporting cadence. Absent: `{ "every": "none" }` for a yes/no (boolean) metric, `{ "every": "month" }` otherwise.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReportingDto)
  reporting?: ReportingDto;

  @ApiPropertyOptional({
    type: [MilestoneDto],
    maxItems: 50,
    description:
      'Dated intermediate targets (not on a yes/no metric). On the board each is `met`, `missed` or `upcoming`; a missed one makes an otherwise on-track item at risk (`MILESTONE_MISSED`).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => MilestoneDto)
  milestones?: MilestoneDto[];
}

export class ReportProgressDto {
  @ApiProperty({ example: 'MI', enum: [...ORGANISATION_CODES] })
  @IsOrganisationCode()
  ministry!: string;

  @ApiProperty({
    example: 85,
    description: "In the metric's range: percentage 0..100, boolean 0/1, score 0..10",
  })
  @IsNumber(FINITE)
  value!: number;

  @ApiProperty({
    example: '2021-02-01',
    format: 'date',
    description: 'The date the value refers to',
  })
  @IsCalendarDate()
  on!: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsCleanText()
  note?: string;

  @ApiPropertyOptional({
    maxLength: EVIDENCE_MAX,
    example: 'https://intranet.interieur.gouv.fr/bilan-messagerie-2021.pdf',
    description: 'A link to what attests the value (http or https)',
  })
  @IsOptional()
  @IsString()
  @IsEvidenceLink()
  evidence?: string;
}

/** Why a ruling was made, and the decision that made it. */
export class ReasonDto {
  @ApiProperty({ example: 'Décision du COSINUM du 28 mai 2020', maxLength: 2000 })
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  @IsCleanText()
  reason!: string;

  @ApiPropertyOptional({ example: 'COSINUM-2020-05-28', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IsCleanText({ singleLine: true })
  decisionRef?: string;
}

class RulingDto extends ReasonDto {
  @ApiPropertyOptional({
    format: 'date',
    description: 'Business date from which it applies; default today (Paris)',
  })
  @IsOptional()
  @IsCalendarDate()
  on?: string;
}

export class ExtendDeadlineDto extends RulingDto {
  @ApiPropertyOptional({ example: 'POLE_EMPLOI', description: 'Absent: every assigned ministry' })
  @IsOptional()
  @IsOrganisationCode()
  ministry?: string;

  @ApiProperty({ example: '2020-09-30', format: 'date' })
  @IsCalendarDate()
  deadline!: string;
}

export class ReviseTargetDto extends RulingDto {
  @ApiProperty({ example: 95 })
  @IsNumber(FINITE)
  target!: number;
}

export class ExemptMinistryDto extends RulingDto {
  @ApiProperty({ example: 'MINARM' })
  @IsOrganisationCode()
  ministry!: string;
}

export class WithdrawCommitmentDto extends RulingDto {}

/** The why of a change that needs no ruling of its own: a reason and a reference, both optional. */
class NoteDto extends PartialType(ReasonDto) {}

/** `{ every, delayDays? }` as on a decision, with why and from when. */
export class ChangeReportingDto extends IntersectionType(ReportingDto, NoteDto) {
  @ApiPropertyOptional({
    format: 'date',
    description: 'Business date from which the new cadence applies; default today (Paris)',
  })
  @IsOptional()
  @IsCalendarDate()
  on?: string;
}

/** One `{ on, target, label? }` as on a decision, with why. */
export class AddMilestoneDto extends IntersectionType(MilestoneDto, NoteDto) {}

export class CreatedDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
}

export class RecordedDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: ['ProgressReported'] })
  events!: string[];

  @ApiProperty({ description: 'Global log position of the last event written' })
  position!: number;
}
