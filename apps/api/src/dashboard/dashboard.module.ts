import { Module } from '@nestjs/common';
import { RemindersModule } from '@cosinum/reminders';
import { DashboardData } from './dashboard-data.service';
import { AnalystFormsController } from './analyst-forms.controller';
import { DashboardExportController } from './dashboard-export.controller';
import { DashboardController } from './dashboard.controller';

/** The analysts' dashboard: HTML pages under /tableau-de-bord and their exports. */
@Module({
  imports: [RemindersModule],
  providers: [DashboardData],
  // The exports first: their static paths must never be taken for a page; the analysts' forms
  // before the pages' catch-all.
  controllers: [DashboardExportController, AnalystFormsController, DashboardController],
})
export class DashboardModule {}
