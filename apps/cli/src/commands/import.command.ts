import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { Command } from 'commander';
import { systemClock } from '@cosinum/application';
import {
  CatalogueValidationError,
  formatIssue,
  formatProgressIssue,
  importCatalogue,
  importProgress,
  loadCatalogueFile,
  loadProgressCsvFile,
  type CatalogueEntry,
  type CatalogueIssue,
  type ImportSummary,
  type ImportWarning,
  type ProgressImportSummary,
  type ProgressRow,
} from '@cosinum/catalogue';
import type { EventStore } from '@cosinum/event-store';
import { CliError } from '../cli-error';
import { Progress } from '../progress';
import { openStore, signHead } from '../store';

const DEFAULT_CATALOGUE = join('data', 'catalogue', 'cosinum.catalogue.yaml');

/** The repository's catalogue: from the working directory, else from where the CLI is installed. */
const defaultCatalogue = (): string => {
  const fromCwd = resolve(DEFAULT_CATALOGUE);
  if (existsSync(fromCwd)) return fromCwd;
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, DEFAULT_CATALOGUE);
    if (existsSync(candidate)) return candidate;
  }
  throw new CliError(`no file given and no ${DEFAULT_CATALOGUE} found`);
};

interface ImportFlags {
  readonly dryRun?: boolean;
  readonly quiet?: boolean;
}

const describeCatalogue = (s: ImportSummary): string => {
  const counts = `${s.created} created, ${s.revised} target revised, ${s.extended} deadline extended, ${s.reportingChanged} cadence changed, ${s.milestonesAdded} milestones added, ${s.progressRecorded} progress reports, ${s.unchanged} unchanged`;
  if (s.dryRun) return `Dry run, nothing written. Would do: ${counts}.`;
  if (s.eventsWritten === 0)
    return `Nothing written: the store already matches the catalogue (${counts}).`;
  return `Imported: ${counts}; ${s.eventsWritten} events written.`;
};

const describeProgress = (s: ProgressImportSummary): string => {
  const counts = `${s.recorded} progress reports, ${s.skipped} skipped (already recorded or repeated)`;
  if (s.dryRun) return `Dry run, nothing written. Would record: ${counts}.`;
  if (s.eventsWritten === 0)
    return `Nothing written: every report is already recorded (${counts}).`;
  return `Imported: ${counts}; ${s.eventsWritten} events written.`;
};

const plural = (n: number, word: string) => `${n} ${word}${n > 1 ? 's' : ''}`;

/**
 * Validation first, then the store: whatever the file, a refused import prints every problem,
 * one per line, and writes nothing.
 */
const runImport = async <
  Item,
  Summary extends { readonly warnings: readonly ImportWarning[]; readonly eventsWritten: number },
>(
  path: string,
  flags: ImportFlags,
  what: {
    readonly kind: string;
    readonly load: (path: string) => readonly Item[];
    readonly format: (issue: CatalogueIssue, file: string) => string;
    readonly write: (
      store: EventStore,
      items: readonly Item[],
      onProgress: (done: number, total: number) => void,
    ) => Promise<Summary>;
    readonly describe: (summary: Summary) => string;
  },
): Promise<void> => {
  const invalid = (error: CatalogueValidationError) =>
    new CliError(
      `${path} is not a valid ${what.kind}, nothing was written (${plural(error.total, 'error')}${error.total > error.issues.length ? `, the first ${error.issues.length} below` : ''}):\n${error.issues.map((i) => what.format(i, path)).join('\n')}`,
    );
  let items: readonly Item[];
  try {
    items = what.load(path);
  } catch (error) {
    if (error instanceof CatalogueValidationError) throw invalid(error);
    throw error;
  }
  const opened = await openStore();
  const { store } = opened;
  // Sized by the import itself: a progress report plans fewer writes than it has rows.
  let progress: Progress | undefined;
  const onProgress = (done: number, total: number) => {
    progress ??= new Progress(flags.dryRun ? 'Planning' : 'Importing', total, flags.quiet);
    progress.update(done);
  };
  try {
    const summary = await what.write(store, items, onProgress);
    progress?.done();
    // What the CLI wrote is signed at once, as the server does on its own writes.
    if (summary.eventsWritten > 0) await signHead(opened);
    for (const w of summary.warnings)
      process.stderr.write(`warning: ${path}:${w.line}: ${w.externalId}: ${w.message}\n`);
    process.stdout.write(`${what.describe(summary)}\n`);
  } catch (error) {
    if (error instanceof CatalogueValidationError) throw invalid(error);
    throw error;
  } finally {
    await store.close();
  }
};

const actor = () => ({ subject: `cli:${userInfo().username}`, role: 'analyst' });

export const importCommand = (): Command =>
  new Command('import')
    .summary('import a catalogue (YAML) or a progress report (.csv) into the store')
    .description(
      [
        'Import a file into the store, all or nothing; importing the same file twice writes nothing.',
        'A COSINUM catalogue (YAML): new commitments, changed targets and later deadlines as rulings, historic values as progress.',
        'A progress report (.csv, as French Excel saves it: `;`, decimal comma, JJ/MM/AAAA; columns engagement, ministère, valeur, date and optionally note): one progress report per line, each checked against its commitment first.',
      ].join('\n'),
    )
    .argument(
      '[file]',
      `a catalogue (YAML) or a progress report (.csv) (default: ${DEFAULT_CATALOGUE})`,
    )
    .option('-n, --dry-run', 'validate and show what would be written, write nothing')
    .option('-q, --quiet', 'no progress display')
    .action(async (file: string | undefined, flags: ImportFlags) => {
      const path = file ? resolve(file) : defaultCatalogue();
      if (!existsSync(path)) throw new CliError(`no such file: ${path}`);
      if (extname(path).toLowerCase() === '.csv') {
        await runImport<ProgressRow, ProgressImportSummary>(path, flags, {
          kind: 'progress report',
          load: (p) => loadProgressCsvFile(p).rows,
          format: formatProgressIssue,
          write: (store, rows, onProgress) =>
            importProgress(store, systemClock, rows, actor(), {
              dryRun: flags.dryRun,
              onProgress,
            }),
          describe: describeProgress,
        });
        return;
      }
      await runImport<CatalogueEntry, ImportSummary>(path, flags, {
        kind: 'catalogue',
        load: (p) => loadCatalogueFile(p).entries,
        format: formatIssue,
        write: (store, entries, onProgress) =>
          importCatalogue(store, systemClock, entries, actor(), {
            dryRun: flags.dryRun,
            onProgress,
          }),
        describe: describeCatalogue,
      });
    });
