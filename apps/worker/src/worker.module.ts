import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { CosinumCoreModule, type CoreOverrides } from '@cosinum/application';
import type { AppConfig } from '@cosinum/config';
import { RemindersModule } from '@cosinum/reminders';

/** The product's core and the reminders, without HTTP: for deployments that split them. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, overrides: CoreOverrides = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: { level: config.logLevel, customProps: () => ({ service: 'cosinum-worker' }) },
        }),
        CosinumCoreModule.forRoot(config, overrides),
        RemindersModule,
      ],
    };
  }
}
