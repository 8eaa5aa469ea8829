import { randomUUID } from 'node:crypto';
import {
  assignedItems,
  CommitmentError,
  ORGANISATION_CODES,
  commitmentDecider,
  commitmentStream,
  decide,
  evolve,
  evolveHistory,
  frenchDate,
  initialHistory,
  initialState,
  parisDateOf,
  type CommitmentCommand,
  type CommitmentEvent,
  type CommitmentHistory,
  type CommitmentState,
  type MetricKind,
  type OrganisationChart,
  type FoldableEvent,
  type HistoryState,
} from '@cosinum/domain';
import {
  appendDecidedAtomically,
  handleCommand,
  type Actor,
  type CommandHandled,
  type Decider,
  type EventStore,
} from '@cosinum/event-store';
import type { Clock, CommitmentStateSource } from '@cosinum/application';
import { CatalogueValidationError, type CatalogueIssue } from './catalogue-issue';
import { commitmentIdFor } from './commitment-id';
import type { ImportWarning } from './import-catalogue';
import { organisationInText } from '@cosinum/presentation';
import type { ProgressColumn, ProgressRow } from './progress-csv';

export interface ImportProgressOptions {
  /** Check and report, write nothing. */
  readonly dryRun?: boolean;
  /** Attempts per report when another writer changes the stream meanwhile. */
  readonly maxAttempts?: number;
  /** Ties every event of the import together (default: a new id). */
  readonly correlationId?: string;
  /** Called after each batch of reports is written (or planned, on a dry run). */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Where to start each commitment from instead of reading its whole stream (the server's read
   * model): only the events after its revision are read.
   */
  readonly states?: ProgressImportSource;
  /**
   * Problems already found in the file (its parse): reported with the store's, all at once.
   */
  readonly fileIssues?: readonly CatalogueIssue[];
  /** The one ministry the rows may name (a ministry imports for itself only). */
  readonly onlyMinistry?: string;
  /**
   * The organisation chart (the server's): a row of a ministry that took the item over from an
   * organisation merged or split into it is recorded on the item it holds, as the command path
   * does; and a ministry created since an "every ministry" decision may report on it.
   */
  readonly chart?: OrganisationChart;
}

type PlanOptions = Pick<ImportProgressOptions, 'states' | 'fileIssues' | 'onlyMinistry' | 'chart'>;

/** The read model, as the import reads it: the decider's state and the recorded reports. */
export interface ProgressImportSource extends CommitmentStateSource {
  get(commitmentId: string): CommitmentHistory | undefined;
}

export interface ProgressImportSummary {
  /** Reports recorded (on a dry run: that would be). */
  readonly recorded: number;
  /** Rows already in the store, or repeated in the file. */
  readonly skipped: number;
  readonly warnings: readonly ImportWarning[];
  /** Events appended to the store (0 on a dry run). */
  readonly eventsWritten: number;
  readonly dryRun: boolean;
}

/** What the import does with a row that has no error. */
export type RowOutcome =
  | { readonly kind: 'record' }
  /** A different value is already recorded for that ministry and date: this one replaces it. */
  | { readonly kind: 'replace'; readonly replaces: number }
  /** The same value is already recorded: nothing to write. */
  | { readonly kind: 'recorded' }
  /** The same value on an earlier line of the file: written once. */
  | { readonly kind: 'repeat'; readonly line: number };

/** Every problem of a file (its own and the store's), and what would become of each good row. */
export interface ProgressCheck {
  readonly issues: readonly CatalogueIssue[];
  readonly outcomes: ReadonlyMap<number, RowOutcome>;
  readonly warnings: readonly ImportWarning[];
}

interface Planned {
  readonly commitmentId: string;
  readonly command: CommitmentCommand;
  readonly events: readonly CommitmentEvent[];
}

/** Where the plan of one commitment stands: what was recorded, and the decider's state. */
interface Planning {
  history: HistoryState;
  state: CommitmentState;
  /** Revision the plan was made on: its first append expects it (-1: no stream). */
  readonly revision: number;
  /** The decider's state at that revision. */
  readonly initial: CommitmentState;
}

/** Several reports to one stream, decided in order: one append. */
const batchDecider: Decider<readonly CommitmentCommand[], CommitmentState, CommitmentEvent> = {
  decide: (commands, initial) => {
    let state = initial;
    const events: CommitmentEvent[] = [];
    for (const command of commands)
      for (const event of decide(command, state)) {
        state = evolve(state, event);
        events.push(event);
      }
    return events;
  },
  evolve: commitmentDecider.evolve,
  initialState: commitmentDecider.initialState,
};

/** Events per append: well under EventStoreDB's default 1 MiB append limit. */
const BATCH = 500;

/**
 * Records the values of a progress report, all or nothing. Every row is first resolved to its
 * commitment (by externalId) and decided in memory, in file order, against the folded stream
 * (each stream read once): unknown commitment, unassigned or exempted ministry, withdrawn
 * commitment, value outside the metric's range, date after today. If any row fails, nothing is
 * written and every failure comes back, with its line and column, in a
 * {@link CatalogueValidationError}, together with the file's own problems (`fileIssues`): one
 * answer lists them all. `onlyMinistry` refuses a row for another ministry, on its ministry cell.
 *
 * A row whose (commitment, ministry, date, value) is already recorded is skipped, so importing the
 * same file again writes nothing; a row repeated within the file is skipped with a warning.
 *
 * On the embedded store the whole plan is written in one transaction, every stream at the revision
 * its rows were decided on: all or nothing. A store without transactions across streams
 * (EventStoreDB) gets it stream by stream, in appends of up to 500 events (each atomic), so an
 * interruption there (a crash, a concurrent withdrawal) can leave a prefix of the plan written;
 * running the same file again completes it without doubling anything, since the rows already
 * written are then skipped. Either way, a stream another writer changed meanwhile is written row
 * by row through the command path, each row decided again.
 */
export const importProgress = async (
  store: EventStore,
  clock: Clock,
  rows: readonly ProgressRow[],
  actor: Actor,
  options: ImportProgressOptions = {},
): Promise<ProgressImportSummary> => {
  const { issues, warnings, planned, plans, skipped } = await planImport(
    store,
    clock,
    rows,
    options,
  );
  if (issues.length > 0) throw new CatalogueValidationError(issues);
  const order = [...new Set(planned.map((p) => p.commitmentId))];
  const correlationId = options.correlationId ?? randomUUID();
  const context = { actor, correlationId };
  const summary = (eventsWritten: number) => ({
    recorded: planned.length,
    skipped,
    warnings,
    eventsWritten,
    dryRun: Boolean(options.dryRun),
  });
  const rowsOf = (id: string) => planned.filter((p) => p.commitmentId === id);
  // Where the store can (SQLite), the whole plan goes in one transaction, every stream at the
  // revision its rows were decided on: the import is then all or nothing across streams too, and
  // far faster than one transaction per batch.
  if (
    !options.dryRun &&
    (await appendDecidedAtomically(
      store,
      order.map((id) => ({
        streamName: commitmentStream(id),
        events: rowsOf(id).flatMap((p) => p.events),
        revision: (plans.get(id) as Planning).revision,
      })),
      context,
      () => clock.now(),
    ))
  ) {
    options.onProgress?.(planned.length, planned.length);
    return summary(planned.reduce((n, p) => n + p.events.length, 0));
  }
  // Otherwise (another store, or another writer got in between): stream by stream, in the order the file first names them; within a stream, in file order, in
  // batches of commands decided together, each one append. The first batch starts from the state
  // it was planned on; if another writer changed the stream meanwhile, the command path reads
  // what it wrote and decides the batch again on it (a row now refused stops the import there).
  let eventsWritten = 0;
  let done = 0;
  for (const id of order) {
    const rows = rowsOf(id);
    const plan = plans.get(id) as Planning;
    let start: { state: CommitmentState; revision: number } | undefined = {
      state: plan.initial,
      revision: plan.revision,
    };
    for (let from = 0; from < rows.length; from += BATCH) {
      const batch = rows.slice(from, from + BATCH);
      if (options.dryRun) {
        done += batch.length;
        options.onProgress?.(done, planned.length);
        continue;
      }
      const commands = batch.map((p) => p.command);
      const startFrom: { state: CommitmentState; revision: number } | undefined = start;
      const handled: CommandHandled<CommitmentEvent> = await handleCommand(
        store,
        batchDecider,
        commands,
        {
          streamName: commitmentStream(id),
          context,
          now: () => clock.now(),
          maxAttempts: options.maxAttempts ?? 20,
          startFrom: startFrom
            ? () => startFrom
            : options.states && (() => options.states?.snapshotOf(id)),
        },
      );
      eventsWritten += handled.events.length;
      done += batch.length;
      options.onProgress?.(done, planned.length);
      // The state after this batch is known only if it was decided as planned.
      const asPlanned: boolean =
        handled.events.length === batch.reduce((n, p) => n + p.events.length, 0);
      start =
        start && asPlanned && handled.streamRevision === start.revision + handled.events.length
          ? { state: handled.events.reduce(evolve, start.state), revision: handled.streamRevision }
          : undefined;
    }
  }
  return summary(eventsWritten);
};

/**
 * Every problem of a file at once, its own (`fileIssues`) and the store's for the rows that were
 * read, and what the import would do with each good row: writes nothing (the dashboard's preview).
 */
export const checkProgress = async (
  store: EventStore,
  clock: Clock,
  rows: readonly ProgressRow[],
  options: PlanOptions = {},
): Promise<ProgressCheck> => {
  const { issues, outcomes, warnings } = await planImport(store, clock, rows, options);
  return { issues, outcomes, warnings };
};

/** Each row resolved and decided in memory, in file order (see {@link importProgress}). */
const planImport = async (
  store: EventStore,
  clock: Clock,
  rows: readonly ProgressRow[],
  options: PlanOptions,
) => {
  const now = clock.now();
  const organisations =
    options.chart && options.chart.size > 0
      ? new Set([...ORGANISATION_CODES, ...options.chart.keys()])
      : undefined;
  const plans = new Map<string, Planning>();
  const firstSeen = new Map<string, ProgressRow>();
  const warnings: ImportWarning[] = [];
  const issues: CatalogueIssue[] = [...(options.fileIssues ?? [])];
  const outcomes = new Map<number, RowOutcome>();
  const planned: Planned[] = [];
  let skipped = 0;
  for (const row of rows) {
    const report = (column: ProgressColumn, problem: Problem) =>
      issues.push({ line: row.line, column: column.index, path: column.name, ...problem });
    const warn = (message: string) =>
      warnings.push({ externalId: row.externalId, line: row.line, message });
    if (options.onlyMinistry !== undefined && row.ministry !== options.onlyMinistry) {
      report(row.columns.ministry, {
        message: `a ${options.onlyMinistry} identity may report for ${options.onlyMinistry} only, not ${row.ministry}`,
        messageFr: `vous ne pouvez déclarer que pour ${organisationInText(options.onlyMinistry, 'le')}, pas pour ${row.ministry}`,
        expectedFr: `le code de votre ministère, ${options.onlyMinistry}`,
      });
      continue;
    }
    const commitmentId = commitmentIdFor(row.externalId);
    let planning = plans.get(commitmentId);
    if (!planning) {
      planning = await startPlanning(store, commitmentId, options.states);
      plans.set(commitmentId, planning);
    }
    const { history, state } = planning;
    if (state.status === 'initial') {
      report(row.columns.externalId, {
        message: `no commitment has the external id "${row.externalId}"`,
        messageFr: `aucun engagement n’a l’identifiant «\u202f${row.externalId}\u202f»`,
        expectedFr: 'l’identifiant d’un engagement, tel que le modèle l’écrit',
      });
      continue;
    }
    if (row.valueWord !== undefined && state.metricKind !== 'boolean') {
      report(row.columns.value, {
        message: `"${row.valueWord}" is for a yes/no action only: "${row.externalId}" is measured, write a number`,
        messageFr: `«\u202f${row.valueWord}\u202f» ne convient qu’à une action à réaliser (oui ou non)\u202f: cet engagement se mesure`,
        expectedFr: EXPECTED_VALUE[state.metricKind],
      });
      continue;
    }

    // The item the row's ministry holds: its own, or the one it took over (see `chart`).
    const ministry = heldItem(history, row.ministry, options.chart, now);
    const key = JSON.stringify([commitmentId, ministry, row.on]);
    const earlier = firstSeen.get(key);
    if (earlier && earlier.value === row.value) {
      skipped++;
      outcomes.set(row.line, { kind: 'repeat', line: earlier.line });
      warn(`same value as line ${earlier.line} for ${row.ministry} on ${row.on}: skipped`);
      continue;
    }
    if (earlier) {
      // Both would be recorded and the later one would silently win: the file must choose.
      report(row.columns.value, {
        message: `line ${earlier.line} gives ${earlier.value} for ${row.ministry} on ${row.on}: one value per ministry and date`,
        messageFr: `la ligne ${earlier.line} donne déjà ${frenchNumber(earlier.value)} pour ${row.ministry} au ${frenchDate(row.on)}`,
        expectedFr:
          'une seule valeur par ministère et par date\u202f: gardez l’une des deux lignes',
      });
      continue;
    }
    firstSeen.set(key, row);

    const sameDay =
      history.status === 'initial'
        ? []
        : (history.ministries[ministry]?.reports.valuesOn(row.on) ?? []);
    // Checked before the rules: a value already recorded stays so, even if it would now be refused.
    if (sameDay.includes(row.value)) {
      skipped++;
      outcomes.set(row.line, { kind: 'recorded' });
      continue;
    }
    const command: CommitmentCommand = {
      metadata: { now, ...(organisations && { organisations }) },
      type: 'ReportProgress',
      data: {
        commitmentId,
        ministry,
        value: row.value,
        on: row.on,
        ...(row.note !== undefined && { note: row.note }),
      },
    };
    let events: CommitmentEvent[];
    try {
      events = decide(command, state);
      planning.state = events.reduce(evolve, state);
      planning.history = events.reduce<HistoryState>(evolveHistory, history);
    } catch (error) {
      if (!(error instanceof CommitmentError)) throw error;
      const { column, ...problem } = describeRejection(error, row, now, state);
      report(column, problem);
      continue;
    }
    if (sameDay.length > 0) {
      const replaced = sameDay[sameDay.length - 1];
      outcomes.set(row.line, { kind: 'replace', replaces: replaced });
      warn(`replaces ${replaced}, recorded for ${row.ministry} on ${row.on}`);
    } else outcomes.set(row.line, { kind: 'record' });
    planned.push({ commitmentId, command, events });
  }
  return {
    issues: issues.sort((a, b) => a.line - b.line || a.column - b.column),
    outcomes,
    warnings,
    planned,
    plans,
    skipped,
  };
};

const heldItem = (
  history: HistoryState,
  ministry: string,
  chart: OrganisationChart | undefined,
  now: string,
): string => {
  if (!chart || chart.size === 0 || history.status === 'initial' || history.ministries[ministry])
    return ministry;
  const held = assignedItems(history, chart, { asOf: now, knownAt: now }).find(
    (a) => a.code === ministry && a.track !== ministry,
  );
  return held?.track ?? ministry;
};

/** The commitment as recorded (from the read model when there is one, then its stream). */
const startPlanning = async (
  store: EventStore,
  commitmentId: string,
  source: ProgressImportSource | undefined,
): Promise<Planning> => {
  const snapshot = source?.snapshotOf(commitmentId);
  const known = snapshot && source?.get(commitmentId);
  const recorded = await store.readStream(
    commitmentStream(commitmentId),
    snapshot && known ? { fromRevision: snapshot.revision + 1 } : {},
  );
  let history: HistoryState = (snapshot && known) || initialHistory();
  let state: CommitmentState = (known && snapshot?.state) || initialState();
  let revision = (known && snapshot?.revision) ?? -1;
  for (const e of recorded) {
    history = evolveHistory(history, e as unknown as FoldableEvent);
    state = evolve(state, e as unknown as CommitmentEvent);
    revision = e.streamRevision;
  }
  return { history, state, revision, initial: state };
};

interface Problem {
  readonly message: string;
  readonly messageFr: string;
  readonly expectedFr: string;
}

const FRENCH_NUMBER = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 6 });
const frenchNumber = (n: number) => FRENCH_NUMBER.format(n);

/** What a value must be, by the kind of its metric, in French. */
const EXPECTED_VALUE: Record<MetricKind, string> = {
  percentage: 'un pourcentage entre 0 et 100, par exemple 85,5',
  count: 'un nombre positif ou nul',
  score: 'une note entre 0 et 10',
  boolean: '«\u202foui\u202f» (ou 1) une fois l’action réalisée, «\u202fnon\u202f» (ou 0) sinon',
};

/** The domain's refusal, said in the file's terms: the cell at fault, the external id. */
const describeRejection = (
  error: CommitmentError,
  row: ProgressRow,
  now: string,
  state: Extract<CommitmentState, { metricKind: MetricKind }>,
): Problem & { column: ProgressColumn } => {
  const { columns } = row;
  const id = `«\u202f${row.externalId}\u202f»`;
  switch (error.code) {
    case 'COMMITMENT.ALREADY_WITHDRAWN':
      return {
        column: columns.externalId,
        message: `commitment "${row.externalId}" has been withdrawn: it accepts no more values`,
        messageFr: `l’engagement ${id} a été retiré\u202f: il n’accepte plus de valeur`,
        expectedFr: 'un engagement en cours',
      };
    case 'COMMITMENT.MINISTRY_NOT_ASSIGNED':
      return {
        column: columns.ministry,
        message: `${row.ministry} is not assigned to commitment "${row.externalId}"`,
        messageFr: `l’engagement ${id} n’est pas assigné ${organisationInText(row.ministry, 'à')}`,
        expectedFr: 'le code d’un ministère auquel l’engagement est assigné',
      };
    case 'COMMITMENT.MINISTRY_EXEMPTED':
      return {
        column: columns.ministry,
        message: `${row.ministry} is exempted from commitment "${row.externalId}"`,
        messageFr: `${capitalise(organisationInText(row.ministry, 'le'))} est exempté de l’engagement ${id}`,
        expectedFr: 'un ministère qui n’en est pas exempté',
      };
    case 'COMMITMENT.VALUE_OUT_OF_RANGE':
      return {
        column: columns.value,
        message: error.message.replace(/^value /, ''),
        messageFr: `${row.valueWord ?? frenchNumber(row.value)} n’est pas une valeur admise pour cet engagement`,
        expectedFr: EXPECTED_VALUE[state.metricKind],
      };
    case 'COMMITMENT.DATE_IN_FUTURE':
      return {
        column: columns.on,
        message: `${row.on} is after today (${parisDateOf(now)})`,
        messageFr: `le ${frenchDate(row.on)} est postérieur à aujourd’hui (${frenchDate(parisDateOf(now))})`,
        expectedFr: 'une date passée, ou celle du jour',
      };
  }
  const column =
    error.field === 'ministry'
      ? columns.ministry
      : error.field === 'value'
        ? columns.value
        : error.field === 'on'
          ? columns.on
          : columns.externalId;
  return {
    column,
    message: error.message,
    messageFr: `la ligne est refusée (${error.message})`,
    expectedFr: 'une ligne que l’engagement accepte',
  };
};

const capitalise = (text: string) => text.charAt(0).toLocaleUpperCase('fr') + text.slice(1);
