import { Command } from 'commander';
import { rulesFor } from '@cosinum/application';
import { replay } from '@cosinum/audit';
import { parseMoment } from '@cosinum/domain';
import { statusBoard } from '@cosinum/projections';
import { CliError } from '../cli-error';
import { Progress } from '../progress';
import { openStore } from '../store';

export const momentOption = (value: string | undefined, name: string, fallback: string): string => {
  if (value === undefined) return fallback;
  const parsed = parseMoment(value);
  if (!parsed)
    throw new CliError(`${name} must be a date YYYY-MM-DD or an ISO-8601 instant, got "${value}"`);
  return parsed;
};

export const replayCommand = (): Command =>
  new Command('replay')
    .description(
      'Rebuild every read model from scratch from the log, keeping only the events recorded up to --known-at, and print the board at --as-of: what the board showed then, as it was known then.',
    )
    .option(
      '--known-at <moment>',
      'count only events recorded by then (date: end of that Paris day); default now',
    )
    .option('--as-of <moment>', 'evaluate the board at this moment; default: --known-at')
    .option('--json', 'print the board as JSON (same shape as GET /api/status)')
    .option('-q, --quiet', 'no progress display')
    .action(
      async (options: { knownAt?: string; asOf?: string; json?: boolean; quiet?: boolean }) => {
        const knownAt = momentOption(options.knownAt, '--known-at', new Date().toISOString());
        const asOf = momentOption(options.asOf, '--as-of', knownAt);
        const { config, store } = await openStore();
        try {
          const progress = new Progress(
            'Replaying',
            await store.headPosition(),
            Boolean(options.quiet || options.json),
          );
          const result = await replay(store, { knownAt, onProgress: (p) => progress.update(p) });
          progress.done();
          const board = statusBoard(
            result.model,
            { asOf, knownAt },
            rulesFor(result.model, config, { asOf, knownAt }),
          );
          if (options.json) {
            process.stdout.write(`${JSON.stringify({ log: result.log, ...board }, null, 2)}\n`);
            return;
          }
          process.stdout.write(
            `Replayed ${result.log.eventCount} of ${result.eventsRead} events (known at ${knownAt}) in ${result.durationMs} ms: ${result.model.size} commitments.\n` +
              `Log prefix: position ${result.log.position}, hash ${result.log.globalHash}\n` +
              `Rule set ${board.rules.id} (in force from ${board.rules.effectiveFrom})\n` +
              `Board as of ${asOf}: ${Object.entries(board.counts)
                .map(([s, n]) => `${s} ${n}`)
                .join(', ')}\n`,
          );
        } finally {
          await store.close();
        }
      },
    );
