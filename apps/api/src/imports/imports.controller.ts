import {
  BadRequestException,
  Body,
  Controller,
  HttpCode,
  Inject,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiSecurity,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { CLOCK, ProjectionService, type Clock } from '@cosinum/application';
import {
  CatalogueValidationError,
  importCatalogue,
  importProgress,
  parseCatalogue,
  parseProgressCsv,
} from '@cosinum/catalogue';
import { EVENT_STORE, type Actor, type EventStore } from '@cosinum/event-store';
import { Roles } from '../auth/roles.decorator';
import { CurrentActor, correlationIdOf } from '../http/actor';
import { InputValidationException } from '../http/problem';

export class ImportQueryDto {
  @ApiPropertyOptional({ description: 'Validate and report what would be written; write nothing' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean()
  dryRun?: boolean;
}

/** Field errors of a file: the path inside the file, with its line and column. */
const fileErrors = (error: CatalogueValidationError) =>
  new InputValidationException(
    error.issues.map((i) => ({
      field: i.path || 'body',
      line: i.line,
      column: i.column,
      message: `line ${i.line}, column ${i.column}: ${i.message}`,
    })),
  );

@ApiTags('imports')
@ApiSecurity('api-key')
@ApiBearerAuth()
@Roles('analyst')
@Controller('api/imports')
export class ImportsController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly projections: ProjectionService,
  ) {}

  @Post('catalogue')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Import a COSINUM catalogue (YAML). Matches entries on externalId: importing the same file twice writes nothing; a changed target or later deadline becomes a ruling. A file with any error writes nothing.',
  })
  @ApiConsumes('application/yaml', 'text/yaml')
  @ApiBody({ schema: { type: 'string' } })
  @ApiOkResponse({
    description:
      'Summary: created, revised, extended, progressRecorded, unchanged, warnings, eventsWritten',
  })
  async catalogue(
    @Body() body: unknown,
    @Query() query: ImportQueryDto,
    @CurrentActor() actor: Actor,
    @Req() req: FastifyRequest,
  ) {
    if (typeof body !== 'string' && !Buffer.isBuffer(body)) {
      throw new BadRequestException(
        'Send the catalogue as YAML with content-type application/yaml',
      );
    }
    try {
      const { entries } = parseCatalogue(body);
      const summary = await importCatalogue(this.store, this.clock, entries, actor, {
        dryRun: query.dryRun,
        correlationId: correlationIdOf(req),
      });
      if (summary.eventsWritten > 0)
        await this.projections.waitFor(await this.store.headPosition());
      return summary;
    } catch (error) {
      if (error instanceof CatalogueValidationError) throw fileErrors(error);
      throw error;
    }
  }

  @Post('progress')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Import progress reports from a spreadsheet (CSV as French Excel writes it: `;`, UTF-8 with or without BOM, decimal comma, dates JJ/MM/AAAA or ISO). All or nothing: any bad row writes nothing and every error names its line; re-importing the same file writes nothing.',
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string' } })
  @ApiOkResponse({ description: 'Summary: recorded, skipped, warnings, eventsWritten' })
  async progress(
    @Body() body: unknown,
    @Query() query: ImportQueryDto,
    @CurrentActor() actor: Actor,
    @Req() req: FastifyRequest,
  ) {
    if (typeof body !== 'string' && !Buffer.isBuffer(body)) {
      throw new BadRequestException('Send the spreadsheet as CSV with content-type text/csv');
    }
    try {
      const { rows } = parseProgressCsv(body);
      const summary = await importProgress(this.store, this.clock, rows, actor, {
        dryRun: query.dryRun,
        correlationId: correlationIdOf(req),
        states: this.projections.commitments,
      });
      if (summary.eventsWritten > 0)
        await this.projections.waitFor(await this.store.headPosition());
      return summary;
    } catch (error) {
      if (error instanceof CatalogueValidationError) throw fileErrors(error);
      throw error;
    }
  }
}
