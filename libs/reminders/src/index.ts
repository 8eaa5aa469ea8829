// The public surface of @cosinum/reminders: what the other libraries, the apps, the tests and the
// benchmarks import. Anything else is internal to the library (imported there from its own file).
export { ContactError, PLAIN_EMAIL_PATTERN, assertKnownMinistry } from './contacts';
export { ContactsService } from './contacts.service';
export { ReminderDispatcher, type ReminderPreview, type ReminderRun } from './reminder-dispatcher';
export { isIsoWeek } from './iso-week';
export { ReminderScheduler } from './reminder-scheduler';
export { RemindersModule } from './reminders.module';
export { givenUpReminders } from './reminder-stream';
export { nothingToReportText, weekMondayInWords } from './render-digest';
export {
  listReminders,
  type ListedReminder,
  type ReminderListFilter,
  type ReminderOutcomeKind,
} from './reminder-outcomes';
