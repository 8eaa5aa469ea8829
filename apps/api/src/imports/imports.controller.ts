import { BadRequestException, Body, Controller, HttpCode, Post, Query, Req } from '@nestjs/common';
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
import { CommandBus } from '@nestjs/cqrs';
import {
  CatalogueValidationError,
  ImportCatalogueCommand,
  ImportProgressCommand,
  parseCatalogue,
  parseProgressCsv,
} from '@cosinum/catalogue';
import type { Actor } from '@cosinum/event-store';
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
    error.total,
  );

@ApiTags('imports')
@ApiSecurity('api-key')
@ApiBearerAuth()
@Roles('analyst')
@Controller('api/imports')
export class ImportsController {
  constructor(private readonly commands: CommandBus) {}

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
      return await this.commands.execute(
        new ImportCatalogueCommand(entries, {
          actor,
          dryRun: query.dryRun,
          correlationId: correlationIdOf(req),
        }),
      );
    } catch (error) {
      if (error instanceof CatalogueValidationError) throw fileErrors(error);
      throw error;
    }
  }

  @Post('progress')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Import progress reports from a spreadsheet (CSV as French Excel writes it: `;`, UTF-8 with or without BOM or Windows-1252, decimal comma, dates JJ/MM/AAAA or ISO). All or nothing: any bad row writes nothing and every error names its line; re-importing the same file writes nothing.',
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
      return await this.commands.execute(
        new ImportProgressCommand(rows, {
          actor,
          dryRun: query.dryRun,
          correlationId: correlationIdOf(req),
        }),
      );
    } catch (error) {
      if (error instanceof CatalogueValidationError) throw fileErrors(error);
      throw error;
    }
  }
}
