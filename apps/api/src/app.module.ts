import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { CosinumCoreModule, type CoreOverrides } from '@cosinum/application';
import { IMPORT_HANDLERS } from '@cosinum/catalogue';
import type { AppConfig } from '@cosinum/config';
import { RemindersModule } from '@cosinum/reminders';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_GUARD } from '@nestjs/core';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CommitmentsController } from './commitments/commitments.controller';
import { DashboardModule } from './dashboard/dashboard.module';
import { HealthController } from './health/health.controller';
import { CatalogueLoader } from './imports/catalogue-loader.service';
import { ImportsController } from './imports/imports.controller';
import { LineageLoader } from './organisations/lineage-loader.service';
import { OrganisationsController } from './organisations/organisations.controller';
import { RootController } from './root.controller';
import { StatusRulesController } from './rules/status-rules.controller';
import { StatusController } from './status/status.controller';
import { TrendService } from './status/trend.service';
import { ContactsController } from './reminders/contacts.controller';
import { RemindersController } from './reminders/reminders.controller';
import { ClientThrottlerGuard } from './http/client-throttler.guard';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, overrides: CoreOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            // Request bodies may carry personal data (contacts): log the route, not the payload.
            serializers: {
              req: (req: { id: unknown; method: string; url: string }) => ({
                id: req.id,
                method: req.method,
                url: req.url,
              }),
            },
            customProps: () => ({ service: 'cosinum-api' }),
          },
        }),
        CosinumCoreModule.forRoot(config, overrides),
        ThrottlerModule.forRoot([{ ttl: 60_000, limit: config.rateLimitPerMinute }]),
        AuthModule,
        AuditModule,
        RemindersModule,
        DashboardModule,
      ],
      controllers: [
        RootController,
        CommitmentsController,
        OrganisationsController,
        StatusController,
        StatusRulesController,
        ImportsController,
        HealthController,
        ContactsController,
        RemindersController,
      ],
      // The rate limit applies before authentication: unauthenticated floods are limited too.
      providers: [
        { provide: APP_GUARD, useClass: ClientThrottlerGuard },
        LineageLoader,
        CatalogueLoader,
        TrendService,
        ...IMPORT_HANDLERS,
      ],
    };
  }
}
