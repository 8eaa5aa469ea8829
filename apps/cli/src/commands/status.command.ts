import { Command, Option } from 'commander';
import { ITEM_STATES, isKnownOrganisation, type ItemState } from '@cosinum/domain';
import { stateLabelInText } from '@cosinum/presentation';
import { statusBoard } from '@cosinum/projections';
import { rulesFor, type RulesChoice } from '@cosinum/application';
import { foldReadModel, openStore } from '../store';
import { CliError } from '../cli-error';
import { momentOption } from '../moment-option';

export const statusCommand = (): Command =>
  new Command('status')
    .description('Print the status board: one line per (commitment, ministry), with the reasons')
    .option('-m, --ministry <code>', 'only this ministry (see `cosinum ministries`)')
    .addOption(
      new Option('-s, --state <states>', 'only these states, comma-separated').argParser((v) =>
        v.split(','),
      ),
    )
    .option('--as-of <moment>', 'evaluate at this date (end of day, Paris) or instant; default now')
    .option('--known-at <moment>', 'count only events recorded by then; default now')
    .addOption(
      new Option(
        '--rules <choice>',
        "as-known: the rule set in force at --as-of as known at --known-at (what the board said then); current: the rule set in force today (the same facts under today's rules)",
      )
        .choices(['as-known', 'current'])
        .default('as-known'),
    )
    .option('--json', 'print the board as JSON (same shape as GET /api/status)')
    .option('-q, --quiet', 'no progress display')
    .action(
      async (options: {
        ministry?: string;
        state?: string[];
        asOf?: string;
        knownAt?: string;
        rules: RulesChoice;
        json?: boolean;
        quiet?: boolean;
      }) => {
        if (options.ministry && !isKnownOrganisation(options.ministry))
          throw new CliError(`unknown ministry code "${options.ministry}"`);
        const bad = (options.state ?? []).filter(
          (s) => !(ITEM_STATES as readonly string[]).includes(s),
        );
        if (bad.length > 0)
          throw new CliError(`unknown state ${bad.join(', ')}; use ${ITEM_STATES.join(', ')}`);
        const when = {
          asOf: momentOption(options.asOf, '--as-of'),
          knownAt: momentOption(options.knownAt, '--known-at'),
        };
        const { config, store } = await openStore();
        try {
          const model = await foldReadModel(store, Boolean(options.quiet || options.json), config);
          const board = statusBoard(model, when, rulesFor(model, config, when, options.rules), {
            ministry: options.ministry,
            states: options.state as ItemState[] | undefined,
          });
          if (options.json) {
            process.stdout.write(`${JSON.stringify(board, null, 2)}\n`);
            return;
          }
          process.stdout.write(
            `Board as of ${board.asOf}, as known at ${board.knownAt}, under rule set ${board.rules.id} (in force from ${board.rules.effectiveFrom}; see \`cosinum rules list\`)\n`,
          );
          process.stdout.write(
            `${ITEM_STATES.map((s) => `${stateLabelInText(s)}: ${board.counts[s]}`).join(' · ')}\n\n`,
          );
          for (const item of board.items) {
            process.stdout.write(
              `[${stateLabelInText(item.state)}] ${item.ministry} — ${item.title} (échéance ${item.deadline})\n`,
            );
            for (const reason of item.reasons) process.stdout.write(`    ${reason.message}\n`);
          }
        } finally {
          await store.close();
        }
      },
    );
