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
  readProgressFile,
} from '@cosinum/catalogue';
import type { Actor } from '@cosinum/event-store';
import { CurrentIdentity, scopeMinistry } from '../auth/current-identity';
import type { Identity } from '../auth/identity';
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

/**
 * Field errors of a file: the path inside the file (a spreadsheet's column as its header names
 * it), with its line and column; in French too when the file was a person's (`messageFr`:
 * what is wrong, then what is expected).
 */
const fileErrors = (error: CatalogueValidationError) =>
  new InputValidationException(
    error.issues.map((i) => ({
      field: i.path || 'body',
      line: i.line,
      column: i.column,
      message: `line ${i.line}, column ${i.column}: ${i.message}`,
      ...(i.messageFr !== undefined && {
        messageFr: `Ligne ${i.line}${i.path ? `, colonne «\u202f${i.path}\u202f»` : ''}\u202f: ${i.messageFr}.${i.expectedFr ? ` Attendu\u202f: ${i.expectedFr}.` : ''}`,
      }),
    })),
    error.total,
  );

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('imports')
@ApiSecurity('api-key')
@ApiBearerAuth()
@Controller('api/imports')
export class ImportsController {
  constructor(private readonly commands: CommandBus) {}

  @Post('catalogue')
  @Roles('analyst')
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
  @Roles('analyst', 'ministry')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Import progress reports from a spreadsheet: CSV as French Excel writes it (`;`, UTF-8 with or without BOM or Windows-1252, decimal comma, dates JJ/MM/AAAA or ISO) or an Excel workbook (.xlsx: its first sheet, date and number cells or text). Columns engagement, ministère, valeur, date and optionally commentaire; the template's informative columns (titre, dernière valeur, date de la dernière valeur, à écrire dans valeur) are ignored, and a line with neither value nor date is skipped. A yes/no action takes « oui », « réalisé », « fait » or 1, « non » or 0. A ministry imports for itself only (a row for another ministry is an error on its ministère cell). All or nothing: the file's own problems and the store's checks (unknown commitment, ministry not assigned or exempted, withdrawn commitment, value out of range, date in the future, one value per ministry and date) come back together, each naming its line and column, with `messageFr`; re-importing the same file writes nothing.",
  })
  @ApiConsumes('text/csv', XLSX)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse({ description: 'Summary: recorded, skipped, warnings, eventsWritten' })
  async progress(
    @Body() body: unknown,
    @Query() query: ImportQueryDto,
    @CurrentActor() actor: Actor,
    @CurrentIdentity() identity: Identity,
    @Req() req: FastifyRequest,
  ) {
    if (typeof body !== 'string' && !Buffer.isBuffer(body)) {
      throw new BadRequestException(
        `Send the spreadsheet as CSV with content-type text/csv, or as an Excel workbook with content-type ${XLSX}`,
      );
    }
    const file = await readProgressFile(Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'));
    try {
      return await this.commands.execute(
        new ImportProgressCommand(file.rows, {
          actor,
          dryRun: query.dryRun,
          correlationId: correlationIdOf(req),
          fileIssues: file.issues,
          onlyMinistry: scopeMinistry(identity, undefined),
        }),
      );
    } catch (error) {
      if (error instanceof CatalogueValidationError) throw fileErrors(error);
      throw error;
    }
  }
}
