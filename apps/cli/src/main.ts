import { Command } from 'commander';
import { ConfigError } from '@cosinum/config';
import { CliError } from './cli-error';
import { historyCommand } from './commands/history.command';
import { importCommand } from './commands/import.command';
import { ministriesCommand } from './commands/ministries.command';
import { statusCommand } from './commands/status.command';

export const buildProgram = (): Command =>
  new Command('cosinum')
    .description(
      'cosinum-tracker command line: the COSINUM commitments, their status and history, on the same store as the server (DATA_DIR, default ./data).',
    )
    .version('0.1.0')
    .showHelpAfterError()
    .addCommand(statusCommand())
    .addCommand(ministriesCommand())
    .addCommand(historyCommand())
    .addCommand(importCommand());

export const run = async (argv: string[]): Promise<number> => {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CliError || error instanceof ConfigError) {
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
