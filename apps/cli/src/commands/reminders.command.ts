import { NestFactory } from '@nestjs/core';
import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { Command } from 'commander';
import { CosinumCoreModule } from '@cosinum/application';
import { loadConfig, type AppConfig } from '@cosinum/config';
import {
  ContactsService,
  ReminderDispatcher,
  RemindersModule,
  isIsoWeek,
  nothingToReportText,
} from '@cosinum/reminders';
import { CliError } from '../cli-error';

/** The core (store, clock, read models) and the reminders, as the worker has them. */
@Module({})
class CliRemindersModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliRemindersModule,
      imports: [CosinumCoreModule.forRoot(config), RemindersModule],
    };
  }
}

/**
 * The reminders' own services on the configured store and mail transport (the schedule off,
 * silent): the CLI plans, renders and sends exactly as the server does.
 */
const withReminders = async <T>(
  work: (dispatcher: ReminderDispatcher, contacts: ContactsService) => Promise<T>,
): Promise<T> => {
  const config: AppConfig = {
    ...loadConfig(process.env),
    schedulerEnabled: false,
    logLevel: 'silent',
  };
  const app: INestApplicationContext = await NestFactory.createApplicationContext(
    CliRemindersModule.forRoot(config),
    { logger: false },
  );
  try {
    await app.init();
    return await work(app.get(ReminderDispatcher), app.get(ContactsService));
  } finally {
    await app.close();
  }
};

/** `--week`: an ISO week not after the current one, else the current week. */
const weekOf = (dispatcher: ReminderDispatcher, week: string | undefined): string => {
  if (week === undefined) return dispatcher.currentWeek();
  if (!isIsoWeek(week))
    throw new CliError(`--week must be an ISO week, YYYY-Www (2021-W12), got "${week}"`);
  try {
    dispatcher.weekInstant(week);
  } catch {
    throw new CliError(`--week ${week} is after the current week`);
  }
  return week;
};

const preview = (): Command =>
  new Command('preview')
    .description(
      "Print a ministry's weekly e-mail for an ISO week as its run builds it (GET /api/reminders/preview): sends and writes nothing",
    )
    .requiredOption('-m, --ministry <code>', 'the ministry (see `cosinum ministries`)')
    .option('--week <YYYY-Www>', 'the ISO week, not after the current one; default the current one')
    .option('--html', 'print the HTML part instead of the text part')
    .option('--json', 'print as JSON (the body of GET /api/reminders/preview)')
    .action(async (options: { ministry: string; week?: string; html?: boolean; json?: boolean }) =>
      withReminders(async (dispatcher, contacts) => {
        try {
          contacts.assertKnown(options.ministry);
        } catch {
          throw new CliError(`unknown ministry code "${options.ministry}"`);
        }
        const shown = await dispatcher.preview(options.ministry, weekOf(dispatcher, options.week));
        if (options.json) {
          process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
          return;
        }
        if (!shown.digest) {
          process.stdout.write(`${nothingToReportText(shown.isoWeek)}
`);
          return;
        }
        if (options.html) {
          process.stdout.write(shown.digest.html);
          return;
        }
        process.stdout.write(
          `Objet\u202f: ${shown.digest.subject}\nÀ\u202f: ${shown.recipients.join(', ') || '(aucun contact)'}\n\n${shown.digest.text}`,
        );
      }),
    );

const run = (): Command =>
  new Command('run')
    .description(
      'Run the weekly reminders for an ISO week (POST /api/reminders/runs): each ministry once, through the configured SMTP server or outbox; --dry-run renders and sends nothing',
    )
    .option('--week <YYYY-Www>', 'the ISO week, not after the current one; default the current one')
    .option('--dry-run', 'plan and render only: nothing is sent, no event is written')
    .option('--json', 'print the run as JSON (the body of POST /api/reminders/runs)')
    .action(async (options: { week?: string; dryRun?: boolean; json?: boolean }) =>
      withReminders(async (dispatcher) => {
        const done = await dispatcher.run('manual', undefined, {
          isoWeek: weekOf(dispatcher, options.week),
          dryRun: Boolean(options.dryRun),
        });
        if (options.json) {
          process.stdout.write(`${JSON.stringify(done, null, 2)}\n`);
          return;
        }
        process.stdout.write(
          `${done.dryRun ? 'Dry run' : 'Run'} ${done.runId} for ${done.isoWeek} (board of ${done.asOf})\n`,
        );
        for (const o of done.outcomes)
          process.stdout.write(
            `${o.ministry.padEnd(12)} ${o.isoWeek && o.isoWeek !== done.isoWeek ? `${o.isoWeek} ` : ''}${o.status}${'subject' in o ? `  ${o.subject}` : ''}\n`,
          );
      }),
    );

export const remindersCommand = (): Command =>
  new Command('reminders')
    .description('The weekly reminders: preview an e-mail, run a week (or dry-run it)')
    .addCommand(preview())
    .addCommand(run());
