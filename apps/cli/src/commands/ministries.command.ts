import { userInfo } from 'node:os';
import { Argument, Command, Option } from 'commander';
import {
  listOrganisations,
  recordOrganisationChange,
  systemClock,
  type OrganisationChangeInput,
} from '@cosinum/application';
import {
  DomainError,
  ORGANISATIONS_STREAM,
  emptyChart,
  evolveChart,
  type OrganisationChart,
  type OrganisationEvent,
} from '@cosinum/domain';
import type { EventStore } from '@cosinum/event-store';
import { staticOrganisation } from '@cosinum/presentation';
import { CliError } from '../cli-error';
import { momentOption } from '../moment-option';
import { openStore, signHead } from '../store';

/** The chart of the store: the `organisations` stream folded (a handful of events). */
const chartOf = async (store: EventStore): Promise<OrganisationChart> =>
  (await store.readStream(ORGANISATIONS_STREAM)).reduce(
    (chart, event) =>
      evolveChart(chart, event as unknown as OrganisationEvent, event.streamRevision),
    emptyChart(),
  );

const list = (): Command =>
  new Command('list')
    .description(
      'List the ministries, operators and DINUM existing on a day (GET /api/ministries): codes and French names as they were then',
    )
    .option('--as-of <moment>', 'the day (end of day, Paris) or instant; default now')
    .option('--known-at <moment>', 'only changes recorded by then count; default now')
    .option('--json', 'print as JSON (the items of GET /api/ministries)')
    .action(async (options: { asOf?: string; knownAt?: string; json?: boolean }) => {
      const at = {
        asOf: momentOption(options.asOf, '--as-of'),
        knownAt: momentOption(options.knownAt, '--known-at'),
      };
      const { store } = await openStore();
      try {
        const items = listOrganisations(await chartOf(store), at, staticOrganisation);
        if (options.json) {
          process.stdout.write(`${JSON.stringify(items, null, 2)}\n`);
          return;
        }
        for (const o of items)
          process.stdout.write(
            `${o.code.padEnd(12)} ${o.name}${o.since ? `  (depuis le ${o.since})` : ''}\n`,
          );
      } finally {
        await store.close();
      }
    });

const CHANGES = ['create', 'rename', 'merge', 'split', 'dissolve'] as const;

interface RecordOptions {
  kind?: string;
  name?: string;
  shortName?: string;
  of?: string;
  to?: string;
  into?: string;
  assign?: string[];
  on: string;
  reason: string;
  reference?: string;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** The command's input from the options: the domain checks what each change needs. */
const inputOf = (
  change: (typeof CHANGES)[number],
  code: string,
  o: RecordOptions,
): OrganisationChangeInput => {
  const ruling = {
    on: o.on,
    reason: o.reason,
    ...(o.reference !== undefined && { reference: o.reference }),
  };
  const forms = { name: o.name!, shortName: o.shortName!, of: o.of!, to: o.to! };
  const need = (option: string, value: unknown) => {
    if (value === undefined) throw new CliError(`${change} needs ${option}`);
  };
  switch (change) {
    case 'create':
    case 'rename':
      need('--name', o.name);
      need('--short-name', o.shortName);
      need('--of', o.of);
      need('--to', o.to);
      if (change === 'rename') return { change, code, ...forms, ...ruling };
      need('--kind', o.kind);
      return {
        change,
        code,
        kind: o.kind as 'ministry' | 'operator' | 'directorate',
        ...forms,
        ...ruling,
      };
    case 'merge':
      need('--into', o.into);
      return { change, code, into: o.into!, ...ruling };
    case 'split': {
      need('--into', o.into);
      const assignments: Record<string, string> = {};
      for (const a of o.assign ?? []) {
        const [id, successor] = a.split('=');
        if (!id || !successor)
          throw new CliError(`--assign must be <commitmentId>=<code>, got "${a}"`);
        assignments[id] = successor;
      }
      return {
        change,
        code,
        into: o.into!.split(',').map((s) => s.trim()),
        assignments,
        ...ruling,
      };
    }
    case 'dissolve':
      return { change, code, ...ruling };
  }
};

const record = (): Command =>
  new Command('record')
    .description(
      'Record a change of the organisation chart, as POST /api/ministries and its sub-resources do: create, rename, merge (into one successor), split (into several, --assign saying which commitment goes where), dissolve',
    )
    .addArgument(new Argument('<change>', 'the change').choices(CHANGES))
    .argument('<code>', 'the organisation (a new code for create: stable, never reused)')
    .requiredOption('--on <date>', 'the day the change takes effect (YYYY-MM-DD)')
    .requiredOption('--reason <text>', 'why (e.g. « Gouvernement Castex »)')
    .option('--reference <text>', 'the decree or decision it rests on')
    .addOption(
      new Option('--kind <kind>', 'create: what it is').choices([
        'ministry',
        'operator',
        'directorate',
      ]),
    )
    .option('--name <text>', 'create, rename: « Ministère de la Mer »')
    .option('--short-name <text>', 'create, rename: « Mer »')
    .option('--of <text>', 'create, rename: the name after « de », « du ministère de la Mer »')
    .option('--to <text>', 'create, rename: the name after « à », « au ministère de la Mer »')
    .option('--into <codes>', 'merge: the successor; split: the successors, comma-separated')
    .option(
      '--assign <commitmentId=code>',
      'split: which successor takes a commitment (repeatable; the others pass to every successor)',
      collect,
    )
    .action(async (change: (typeof CHANGES)[number], code: string, options: RecordOptions) => {
      const input = inputOf(change, code, options);
      const opened = await openStore();
      try {
        const outcome = await recordOrganisationChange(
          opened.store,
          systemClock,
          input,
          { actor: { subject: `cli:${userInfo().username}`, role: 'analyst' } },
          { maxAttempts: opened.config.conflictRetries },
        ).catch((error: unknown) => {
          if (error instanceof DomainError)
            throw new CliError(
              `${error.code}${error.field ? ` (${error.field})` : ''}: ${error.message}`,
            );
          throw error;
        });
        await signHead(opened);
        for (const e of outcome.events)
          process.stdout.write(
            `${e.type} ${e.data.code} on ${e.data.on} (position ${outcome.position})\n`,
          );
      } finally {
        await opened.store.close();
      }
    });

export const ministriesCommand = (): Command =>
  new Command('ministries')
    .description(
      'The organisation chart: ministries, operators and DINUM, their names on a day, and the changes governments make (see the README, Organisations)',
    )
    .addCommand(list(), { isDefault: true })
    .addCommand(record());
