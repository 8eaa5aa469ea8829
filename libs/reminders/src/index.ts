export * from './iso-week';
export * from './reminder.events';
export * from './reminder-stream';
export * from './contacts';
export * from './plan-digests';
export * from './render-digest';
export { frenchLongDate } from './french';
export {
  MAIL_TRANSPORT,
  type MailTransport,
  type OutgoingMail,
  type MailReceipt,
} from './mail-transport';
export { ContactsService } from './contacts.service';
export { ReminderDispatcher, type ReminderRun, type ReminderOutcome } from './reminder-dispatcher';
export { ReminderScheduler, scheduledTimeInWeekOf } from './reminder-scheduler';
export { RemindersModule } from './reminders.module';
