import { Command } from 'commander';
import { configuredRules, listRuleSets, type ListedRuleSet } from '@cosinum/application';
import { configurationRuleSet } from '@cosinum/domain';
import { openStore } from '../store';

const describe = (r: ListedRuleSet): string =>
  [
    `${r.id}  in force from ${r.effectiveFrom}${r.initial ? ' (first rule set: applies before the next one too)' : ''}`,
    `    warningDays ${r.warningDays} · staleDelayDays ${r.staleDelayDays} · trajectory ${r.trajectory} · milestones ${r.milestones}`,
    `    ${r.reason}${r.decisionRef ? ` (${r.decisionRef})` : ''}`,
    `    recorded ${r.recordedAt ?? 'never'}${r.actor ? ` by ${r.actor.subject}` : ''}`,
  ].join('\n');

const list = (): Command =>
  new Command('list')
    .description(
      'List every status rule set in the order adopted (POST /api/status-rules), with who recorded it; on a store that has none, the rule set the configuration gives (WARNING_DAYS, STALE_DELAY_DAYS, TRAJECTORY_RULE, MILESTONE_RULE)',
    )
    .option('--json', 'print as JSON (the items of GET /api/status-rules)')
    .action(async (options: { json?: boolean }) => {
      const { config, store } = await openStore();
      try {
        const recorded = await listRuleSets(store);
        const items: ListedRuleSet[] =
          recorded.length > 0
            ? recorded
            : [{ ...configurationRuleSet(configuredRules(config)), actor: null }];
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ items }, null, 2)}\n`);
          return;
        }
        if (recorded.length === 0)
          process.stdout.write(
            'No rule set recorded in the store yet: the server records the configuration as R1 when it starts.\n\n',
          );
        process.stdout.write(`${items.map(describe).join('\n\n')}\n`);
      } finally {
        await store.close();
      }
    });

export const rulesCommand = (): Command =>
  new Command('rules')
    .description('The status rule sets: every board names the one it was evaluated under')
    .addCommand(list());
