import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadConfigOrExit, type AppConfig } from '@cosinum/config';
import { WorkerModule } from './worker.module';

const readConfig = (): AppConfig => loadConfigOrExit('cosinum-worker');

/**
 * The scheduler and the reminder dispatcher alone. The worker exists to schedule, so it does so
 * whatever SCHEDULER_ENABLED says (that variable is for the api, to leave the schedule to it).
 */
const main = async (): Promise<void> => {
  const config: AppConfig = { ...readConfig(), schedulerEnabled: true };
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  app.get(Logger).log({
    msg: 'cosinum-tracker worker started: weekly reminders',
    cron: config.reminders.cron,
    store: config.sqliteFile,
    transport: config.smtp
      ? `smtp://${config.smtp.host}:${config.smtp.port}`
      : config.reminders.outboxDir,
  });
};

main().catch((error: unknown) => {
  process.stderr.write(
    `cosinum-worker: failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
