import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { APP_CONFIG } from '@cosinum/application';
import type { AppConfig } from '@cosinum/config';
import { ContactsService } from './contacts.service';
import { MAIL_TRANSPORT, createMailTransport } from './mail-transport';
import { ReminderDispatcher } from './reminder-dispatcher';
import { ReminderScheduler } from './reminder-scheduler';

/**
 * Weekly reminders: contacts, the dispatcher and its scheduler. Needs CosinumCoreModule (global)
 * for the store, the clock, the configuration and the status board. The HTTP routes live in
 * apps/api (`reminders/`): the worker imports this module without them.
 */
@Module({
  imports: [ScheduleModule.forRoot()],
  providers: [
    {
      provide: MAIL_TRANSPORT,
      useFactory: (config: AppConfig) => createMailTransport(config),
      inject: [APP_CONFIG],
    },
    ContactsService,
    ReminderDispatcher,
    ReminderScheduler,
  ],
  exports: [ContactsService, ReminderDispatcher, ReminderScheduler],
})
export class RemindersModule {}
