import { Command } from 'commander';
import { ORGANISATIONS } from '@cosinum/domain';

export const ministriesCommand = (): Command =>
  new Command('ministries')
    .description('List ministry, operator and DINUM codes with their French names')
    .option('--json', 'print as JSON')
    .action((options: { json?: boolean }) => {
      if (options.json) {
        process.stdout.write(`${JSON.stringify(ORGANISATIONS, null, 2)}\n`);
        return;
      }
      for (const o of ORGANISATIONS) process.stdout.write(`${o.code.padEnd(12)} ${o.name}\n`);
    });
