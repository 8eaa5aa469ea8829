import { BadRequestException, Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { csvDocument } from '@cosinum/audit';
import { ITEM_STATES } from '@cosinum/domain';
import { CurrentIdentity, scopeMinistry } from '../auth/current-identity';
import type { Identity } from '../auth/identity';
import { READERS, Roles } from '../auth/roles.decorator';
import { DashboardData } from './dashboard-data.service';
import {
  type DashboardQuery,
  EXPORT_DATE_COLUMNS,
  EXPORT_HEADER,
  exportFileName,
  exportParameters,
  exportRows,
  type RawQuery,
} from '@cosinum/presentation';
import { toWorkbook } from './export-xlsx';

const QUERY_DOCS = [
  {
    name: 'asOf',
    description: 'Date of the status (YYYY-MM-DD, end of that Paris day) or instant',
  },
  { name: 'knownAt', description: 'Only events recorded up to this date or instant' },
  { name: 'document', description: 'Source document, as recorded' },
  { name: 'mission', description: 'Mission code' },
  { name: 'ministry', description: 'Ministry code' },
  {
    name: 'state',
    description: `One or more of ${ITEM_STATES.join(', ')} (repeated or comma-separated)`,
  },
  { name: 'within', description: 'Due within this many days of asOf' },
  { name: 'from', description: 'Deadline on or after (YYYY-MM-DD)' },
  { name: 'to', description: 'Deadline on or before (YYYY-MM-DD)' },
];

const DocumentedQuery = (): MethodDecorator => (target, key, descriptor) => {
  for (const q of QUERY_DOCS)
    ApiQuery({ ...q, required: false, type: String })(target, key, descriptor);
};

/** The dashboard's current view as a file: the same filters and time control as the page. */
@ApiTags('dashboard')
@ApiSecurity('api-key')
@ApiBearerAuth()
@Roles(...READERS)
@Controller('tableau-de-bord')
export class DashboardExportController {
  constructor(private readonly data: DashboardData) {}

  @Get('export.csv')
  @ApiOperation({
    summary: "The dashboard's view (filters, asOf, knownAt) as CSV for French Excel",
  })
  @ApiProduces('text/csv')
  @DocumentedQuery()
  async csv(
    @Query() raw: RawQuery,
    @CurrentIdentity() identity: Identity,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const q = this.query(raw, identity);
    const rows = exportRows(await this.data.overview(q));
    void reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${exportFileName(q, 'csv')}"`)
      .header('cache-control', 'no-store');
    return csvDocument(EXPORT_HEADER, rows);
  }

  @Get('export.xlsx')
  @ApiOperation({ summary: "The dashboard's view (filters, asOf, knownAt) as an Excel workbook" })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @DocumentedQuery()
  async xlsx(
    @Query() raw: RawQuery,
    @CurrentIdentity() identity: Identity,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const q = this.query(raw, identity);
    const overview = await this.data.overview(q);
    const rows = exportRows(overview);
    const buffer = await toWorkbook(
      EXPORT_HEADER,
      rows,
      exportParameters(q, overview.rules),
      q.moment.asOf,
      EXPORT_DATE_COLUMNS,
    );
    void reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${exportFileName(q, 'xlsx')}"`)
      .header('cache-control', 'no-store');
    return new StreamableFile(buffer);
  }

  /** A file has no page to explain an ignored parameter on: a bad one is refused instead. */
  private query(raw: RawQuery, identity: Identity): DashboardQuery {
    const q = this.data.parse(raw);
    if (q.errors.length > 0)
      throw new BadRequestException(q.errors.map((e) => e.message).join(' '));
    return this.data.scoped(q, scopeMinistry(identity, q.filters.ministry));
  }
}
