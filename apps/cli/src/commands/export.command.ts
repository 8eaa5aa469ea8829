import { createWriteStream, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { Command, Option } from 'commander';
import { rulesFor } from '@cosinum/application';
import {
  exportBoard,
  manifestText,
  replay,
  trail,
  trailCsvHeader,
  trailCsvLine,
  trailJsonLine,
} from '@cosinum/audit';
import { parseMoment, startOfParisDay, isCalendarDate } from '@cosinum/domain';
import { CliError } from '../cli-error';
import { Progress } from '../progress';
import { openStore } from '../store';
import { momentOption } from './replay.command';

const board = (): Command =>
  new Command('board')
    .description(
      'Write the board as it stood on --as-of, as known on --known-at, as CSV for French Excel, and its manifest (<file>.manifest.json: log position and hash it was computed from). Producing it again gives the same bytes.',
    )
    .requiredOption('-o, --out <file>', 'the CSV file to write')
    .option('--as-of <moment>', 'date (end of that Paris day) or instant; default now')
    .option('--known-at <moment>', 'count only events recorded by then; default: --as-of')
    .option('-q, --quiet', 'no progress display')
    .action(async (options: { out: string; asOf?: string; knownAt?: string; quiet?: boolean }) => {
      const asOf = momentOption(options.asOf, '--as-of', new Date().toISOString());
      const knownAt = momentOption(options.knownAt, '--known-at', asOf);
      const { config, store } = await openStore();
      try {
        const progress = new Progress(
          'Replaying',
          await store.headPosition(),
          Boolean(options.quiet),
        );
        const { model, log } = await replay(store, {
          knownAt,
          onProgress: (p) => progress.update(p),
        });
        progress.done();
        const { csv, manifest } = exportBoard(
          model,
          { asOf, knownAt },
          rulesFor(model, config, { asOf, knownAt }),
          log,
        );
        writeFileSync(options.out, csv, 'utf8');
        writeFileSync(`${options.out}.manifest.json`, manifestText(manifest), 'utf8');
        process.stdout.write(
          `${manifest.file.rows} rows written to ${options.out} (sha256 ${manifest.file.sha256}), under rule set ${manifest.rules.id} (in force from ${manifest.rules.effectiveFrom}); manifest: ${options.out}.manifest.json\n`,
        );
      } finally {
        await store.close();
      }
    });

const bound = (value: string | undefined, name: string, start: boolean): string | undefined => {
  if (value === undefined) return undefined;
  if (start && isCalendarDate(value)) return startOfParisDay(value);
  const parsed = parseMoment(value);
  if (!parsed)
    throw new CliError(`${name} must be a date YYYY-MM-DD or an ISO-8601 instant, got "${value}"`);
  return parsed;
};

const trailCommand = (): Command =>
  new Command('trail')
    .description(
      'Write the audit trail (every event recorded in the period) as JSON lines or as CSV for French Excel',
    )
    .requiredOption('-o, --out <file>', 'the file to write')
    .addOption(
      new Option('-f, --format <format>', 'jsonl or csv')
        .choices(['jsonl', 'csv'])
        .default('jsonl'),
    )
    .option('--from <moment>', 'recorded at or after (date: start of that Paris day)')
    .option('--to <moment>', 'recorded at or before (date: end of that Paris day)')
    .action(
      async (options: { out: string; format: 'jsonl' | 'csv'; from?: string; to?: string }) => {
        const filter = {
          from: bound(options.from, '--from', true),
          to: bound(options.to, '--to', false),
        };
        const { store } = await openStore();
        const out = createWriteStream(options.out, 'utf8');
        let n = 0;
        try {
          if (options.format === 'csv') out.write(trailCsvHeader());
          for await (const e of trail(store, filter)) {
            if (!out.write(options.format === 'csv' ? trailCsvLine(e) : trailJsonLine(e)))
              await once(out, 'drain');
            n++;
          }
        } finally {
          out.end();
          await once(out, 'finish');
          await store.close();
        }
        process.stdout.write(`${n} events written to ${options.out}\n`);
      },
    );

export const exportCommand = (): Command =>
  new Command('export')
    .description('Exports for analysts and auditors')
    .addCommand(board())
    .addCommand(trailCommand());
