import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_TREND_WEEKS } from './trend.service';

/** `?weeks=`: how many weeks a trend covers, ending with the current one. */
export class TrendQueryDto {
  @ApiPropertyOptional({
    description: `How many weeks, ending with the current one (1 to ${MAX_TREND_WEEKS})`,
    default: 26,
    minimum: 1,
    maximum: MAX_TREND_WEEKS,
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : value,
  )
  @IsInt()
  @Min(1)
  @Max(MAX_TREND_WEEKS)
  weeks?: number;
}
