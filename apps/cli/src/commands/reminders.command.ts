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
  type ListedReminder,
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

/** `--from`/`--to`: an ISO week, or nothing. */
const boundWeek = (option: string, week: string | undefined): string | undefined => {
  if (week !== undefined && !isIsoWeek(week))
    throw new CliError(`--${option} must be an ISO week, YYYY-Www (2021-W12), got "${week}"`);
  return week;
};

/** One line of `reminders list`: what happened, by outcome. */
const outcomeDetail = (r: ListedReminder): string => {
  switch (r.outcome) {
    case 'sent':
      return `sent ${r.sentAt}, ${r.commitmentCount} item(s)${r.refused?.length ? `, refused: ${r.refused.join(' ')}` : ''}`;
    case 'failed':
      return `last error: ${r.lastError}${r.retryAt ? `; retry from ${r.retryAt}` : ''}`;
    case 'given_up':
      return `${r.permanent ? 'refused for good' : 'attempts spent'}; last error: ${r.lastError ?? 'none (no outcome recorded)'}`;
    case 'in_progress':
      return `claimed ${r.lastClaimedAt}, no outcome yet`;
  }
};

const list = (): Command =>
  new Command('list')
    .description(
      "Each ministry's weekly reminders with their outcome (GET /api/reminders): sent, failed (will retry), given up, in progress; newest week first",
    )
    .option('-m, --ministry <code>', 'one ministry only (see `cosinum ministries`)')
    .option('--from <YYYY-Www>', 'first ISO week listed')
    .option('--to <YYYY-Www>', 'last ISO week listed')
    .option('--json', 'print as JSON (the body of GET /api/reminders)')
    .action(async (options: { ministry?: string; from?: string; to?: string; json?: boolean }) =>
      withReminders(async (dispatcher, contacts) => {
        if (options.ministry !== undefined)
          try {
            contacts.assertKnown(options.ministry);
          } catch {
            throw new CliError(`unknown ministry code "${options.ministry}"`);
          }
        const listed = dispatcher.list({
          ministry: options.ministry,
          from: boundWeek('from', options.from),
          to: boundWeek('to', options.to),
        });
        if (options.json) {
          process.stdout.write(`${JSON.stringify(listed, null, 2)}\n`);
          return;
        }
        if (listed.items.length === 0) {
          process.stdout.write('No reminder recorded.\n');
          return;
        }
        process.stdout.write(
          `${'week'.padEnd(9)} ${'ministry'.padEnd(12)} ${'outcome'.padEnd(12)} attempts  recipients  detail\n`,
        );
        for (const r of listed.items)
          process.stdout.write(
            `${r.isoWeek.padEnd(9)} ${r.ministry.padEnd(12)} ${r.outcome.padEnd(12)} ${String(r.attempts).padEnd(9)} ${String(r.recipients.length).padEnd(11)} ${outcomeDetail(r)}\n`,
          );
      }),
    );

export const remindersCommand = (): Command =>
  new Command('reminders')
    .description(
      'The weekly reminders: preview an e-mail, run a week (or dry-run it), list their outcomes',
    )
    .addCommand(preview())
    .addCommand(run())
    .addCommand(list());
