import { Command } from 'commander';
import { ConfigError } from '@cosinum/config';
import { EventStoreUnavailableError } from '@cosinum/event-store';
import { CliError } from './cli-error';
import { apiKeyCommand } from './commands/api-key.command';
import { auditCommand } from './commands/audit.command';
import { exportCommand } from './commands/export.command';
import { historyCommand } from './commands/history.command';
import { importCommand } from './commands/import.command';
import { migrateCommand } from './commands/migrate.command';
import { remindersCommand } from './commands/reminders.command';
import { ministriesCommand } from './commands/ministries.command';
import { replayCommand } from './commands/replay.command';
import { rulesCommand } from './commands/rules.command';
import { statusCommand } from './commands/status.command';

export const buildProgram = (): Command =>
  new Command('cosinum')
    .description(
      'cosinum-tracker command line: the COSINUM commitments, their status and history, on the same store as the server (DATA_DIR, default ./data).',
    )
    .version('0.1.0')
    .showHelpAfterError()
    .addCommand(statusCommand())
    .addCommand(rulesCommand())
    .addCommand(ministriesCommand())
    .addCommand(historyCommand())
    .addCommand(replayCommand())
    .addCommand(auditCommand())
    .addCommand(exportCommand())
    .addCommand(apiKeyCommand())
    .addCommand(migrateCommand())
    .addCommand(importCommand())
    .addCommand(remindersCommand());

export const run = async (argv: string[]): Promise<number> => {
  process.exitCode = undefined;
  try {
    await buildProgram().parseAsync(argv);
    // A command may set its own exit code (e.g. `audit verify` exits 3 on a tampered log).
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    // An unreachable EventStoreDB is the operator's to fix too: its message names the server.
    if (
      error instanceof CliError ||
      error instanceof ConfigError ||
      error instanceof EventStoreUnavailableError
    ) {
      process.stderr.write(`cosinum: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(
      `cosinum: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    return 1;
  }
};

if (require.main === module) {
  void run(process.argv).then((code) => {
    process.exitCode = code;
  });
}
