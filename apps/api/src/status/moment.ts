import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { parseMoment, type Moment } from '@cosinum/domain';
import type { RulesChoice } from '@cosinum/application';
import { IsMoment } from '../http/validators';

export class MomentQueryDto {
  @ApiPropertyOptional({
    description:
      'When the status is evaluated: a date (end of that day, Paris time) or an instant. Default: now.',
    example: '2021-04-01',
  })
  @IsOptional()
  @IsMoment()
  asOf?: string;

  @ApiPropertyOptional({
    description:
      'Only events recorded up to this moment count: a date (end of that day, Paris time) or an instant. Default: now.',
    example: '2021-04-01',
  })
  @IsOptional()
  @IsMoment()
  knownAt?: string;
}

/** Defaults are "now" for both axes; the validators have already checked both parse. */
export const toMoment = (
  query: MomentQueryDto,
  now: string = new Date().toISOString(),
): Moment => ({
  asOf: query.asOf ? (parseMoment(query.asOf) as string) : now,
  knownAt: query.knownAt ? (parseMoment(query.knownAt) as string) : now,
});

const RULES_CHOICES: readonly RulesChoice[] = ['as-known', 'current'];

/** A board's moment and the rule set it is evaluated under. */
export class BoardMomentQueryDto extends MomentQueryDto {
  @ApiPropertyOptional({
    enum: RULES_CHOICES,
    default: 'as-known',
    description:
      "`as-known`: the rule set in force at asOf as known at knownAt (what the board said then); `current`: the rule set in force today, as known now (the same facts judged by today's rules). The response names it in `rules`.",
  })
  @IsOptional()
  @IsIn(RULES_CHOICES, { message: `rules must be one of ${RULES_CHOICES.join(', ')}` })
  rules?: RulesChoice;
}
