import { Module } from '@nestjs/common';
import { CommitteeController } from './committee.controller';
import { DeclarationController } from './declaration.controller';
import { RemindersModule } from '@cosinum/reminders';
import { DashboardData } from './dashboard-data.service';
import { TrendService } from '../status/trend.service';
import { PdfPrinter } from './pdf/pdf-printer.service';
import { AnalystFormsController } from './analyst-forms.controller';
import { DashboardExportController } from './dashboard-export.controller';
import { DashboardController } from './dashboard.controller';
import { DashboardImportController } from './import.controller';

/** The analysts' dashboard: HTML pages under /tableau-de-bord and their exports. */
@Module({
  imports: [RemindersModule],
  providers: [DashboardData, TrendService, PdfPrinter],
  // The exports first: their static paths must never be taken for a page. Routes are matched
  // by their shape, static segments first (…/avancement before the analysts' …/:kind).
  controllers: [
    DashboardExportController,
    AnalystFormsController,
    DashboardController,
    DeclarationController,
    CommitteeController,
    DashboardImportController,
  ],
})
export class DashboardModule {}
