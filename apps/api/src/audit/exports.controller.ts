import { Controller, Get, Header, Inject, Query, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiProduces,
  ApiPropertyOptional,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches } from 'class-validator';
import { Readable } from 'node:stream';
import { APP_CONFIG, CLOCK, rulesFor, type Clock } from '@cosinum/application';
import {
  exportBoard,
  manifestText,
  replay,
  trail,
  trailCsvHeader,
  trailCsvLine,
  trailJsonLine,
  type TrailFilter,
} from '@cosinum/audit';
import type { AppConfig } from '@cosinum/config';
import { EVENT_STORE, type EventStore } from '@cosinum/event-store';
import { parseMoment } from '../http/history-filter';
import { IsMoment } from '../http/validators';
import { MomentQueryDto, toMoment } from '../status/moment';

export class TrailQueryDto {
  @ApiPropertyOptional({
    description: 'Recorded at or after (date: start of that Paris day, or instant)',
    example: '2021-01-01',
  })
  @IsOptional()
  @IsMoment()
  from?: string;

  @ApiPropertyOptional({
    description: 'Recorded at or before (date: end of that Paris day, or instant)',
    example: '2021-12-31',
  })
  @IsOptional()
  @IsMoment()
  to?: string;

  @ApiPropertyOptional({ description: 'Event types, comma-separated' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.split(',').map((s) => s.trim()) : value,
  )
  @IsString({ each: true })
  @Matches(/^[A-Z][A-Za-z]{1,60}$/, {
    each: true,
    message: 'type must be event type names such as ProgressReported',
  })
  type?: string[];
}

const filterOf = (q: TrailQueryDto): TrailFilter => ({
  from: q.from ? parseMoment(q.from, 'start') : undefined,
  to: q.to ? parseMoment(q.to, 'end') : undefined,
  types: q.type,
});

const stamp = (instant: string) => instant.slice(0, 19).replace(/[:T]/g, '-');

@ApiTags('audit')
@ApiSecurity('api-key')
@ApiBearerAuth()
@Roles('analyst', 'auditor')
@Controller('api/exports')
export class ExportsController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async board(query: MomentQueryDto) {
    const moment = toMoment(query, this.clock.now());
    // Replayed from the log itself, so the manifest names exactly what the file was computed from.
    const { model, log } = await replay(this.store, { knownAt: moment.knownAt });
    return exportBoard(model, moment, rulesFor(model, this.config, moment), log);
  }

  @Get('board.csv')
  @ApiOperation({
    summary:
      'The board as it stood on asOf, as known on knownAt, as CSV for French Excel (`;`, UTF-8 BOM). Reproducible byte for byte; its manifest is at board.manifest.json with the same parameters.',
  })
  @ApiProduces('text/csv')
  async boardCsv(@Query() query: MomentQueryDto) {
    const { csv, manifest } = await this.board(query);
    return new StreamableFile(Buffer.from(csv, 'utf8'), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="tableau-cosinum-${stamp(manifest.asOf)}-connu-${stamp(manifest.knownAt)}.csv"`,
    });
  }

  @Get('board.manifest.json')
  @Header('content-type', 'application/json; charset=utf-8')
  @ApiOperation({
    summary:
      'What board.csv was computed from: log position, event count, rolling hash, rules, and the file SHA-256',
  })
  async boardManifest(@Query() query: MomentQueryDto) {
    return manifestText((await this.board(query)).manifest);
  }

  @Get('trail.jsonl')
  @ApiOperation({
    summary: 'The audit trail for a period: every event, one canonical JSON object per line',
  })
  @ApiProduces('application/x-ndjson')
  trailJsonl(@Query() query: TrailQueryDto) {
    const store = this.store;
    const filter = filterOf(query);
    const lines = async function* () {
      for await (const e of trail(store, filter)) yield trailJsonLine(e);
    };
    return new StreamableFile(Readable.from(lines()), {
      type: 'application/x-ndjson; charset=utf-8',
      disposition: 'attachment; filename="piste-audit-cosinum.jsonl"',
    });
  }

  @Get('trail.csv')
  @ApiOperation({
    summary:
      'The audit trail for a period as CSV for French Excel (`;`, UTF-8 BOM), formulas neutralised',
  })
  @ApiProduces('text/csv')
  trailCsv(@Query() query: TrailQueryDto) {
    const store = this.store;
    const filter = filterOf(query);
    const lines = async function* () {
      yield trailCsvHeader();
      for await (const e of trail(store, filter)) yield trailCsvLine(e);
    };
    return new StreamableFile(Readable.from(lines()), {
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="piste-audit-cosinum.csv"',
    });
  }
}
