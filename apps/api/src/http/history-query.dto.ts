import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { parseMoment, type HistoryFilterLike } from './history-filter';
import { IsMoment } from './validators';

const list = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((s) => s.trim()) : value;

export class HistoryQueryDto {
  @ApiPropertyOptional({
    description: 'Event types, comma-separated',
    example: 'ProgressReported,DeadlineExtended',
  })
  @IsOptional()
  @Transform(list)
  @IsString({ each: true })
  @Matches(/^[A-Z][A-Za-z]{1,60}$/, {
    each: true,
    message: 'type must be event type names such as ProgressReported',
  })
  type?: string[];

  @ApiPropertyOptional({
    description: 'Recorded at or after (date: start of that Paris day, or instant)',
    example: '2021-01-01',
  })
  @IsOptional()
  @IsMoment()
  from?: string;

  @ApiPropertyOptional({
    description: 'Recorded at or before (date: end of that Paris day, or instant)',
    example: '2021-06-30',
  })
  @IsOptional()
  @IsMoment()
  to?: string;

  @ApiPropertyOptional({ description: 'Paging cursor: the `next` of the previous page' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  @ApiPropertyOptional({ description: 'Page size (default 100, at most 1000)', example: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export const toHistoryFilter = (q: HistoryQueryDto): HistoryFilterLike => ({
  types: q.type,
  from: q.from ? parseMoment(q.from, 'start') : undefined,
  to: q.to ? parseMoment(q.to, 'end') : undefined,
  after: q.after,
  limit: q.limit ?? 100,
});
