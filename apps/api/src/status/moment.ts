import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { parseMoment, type Moment } from '@cosinum/domain';
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
