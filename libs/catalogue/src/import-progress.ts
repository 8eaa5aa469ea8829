import { randomUUID } from 'node:crypto';
import {
  CommitmentError,
  commitmentDecider,
  commitmentStream,
  decide,
  evolve,
  evolveHistory,
  initialHistory,
  initialState,
  parisDateOf,
  type CommitmentCommand,
  type CommitmentEvent,
  type CommitmentHistory,
  type CommitmentState,
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
}

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
 * {@link CatalogueValidationError}.
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
  const now = clock.now();
  const plans = new Map<string, Planning>();
  const firstSeen = new Map<string, ProgressRow>();
  const warnings: ImportWarning[] = [];
  const issues: CatalogueIssue[] = [];
  const planned: Planned[] = [];
  let skipped = 0;
  for (const row of rows) {
    const report = (column: ProgressColumn, message: string) =>
      issues.push({ line: row.line, column: column.index, path: column.name, message });
    const warn = (message: string) =>
      warnings.push({ externalId: row.externalId, line: row.line, message });
    const commitmentId = commitmentIdFor(row.externalId);
    let plan = plans.get(commitmentId);
    if (!plan) {
      plan = await startPlanning(store, commitmentId, options.states);
      plans.set(commitmentId, plan);
    }
    const { history, state } = plan;
    if (state.status === 'initial') {
      report(row.columns.externalId, `no commitment has the external id "${row.externalId}"`);
      continue;
    }

    const key = JSON.stringify([commitmentId, row.ministry, row.on]);
    const earlier = firstSeen.get(key);
    if (earlier && earlier.value === row.value) {
      skipped++;
      warn(`same value as line ${earlier.line} for ${row.ministry} on ${row.on}: skipped`);
      continue;
    }
    if (earlier) {
      // Both would be recorded and the later one would silently win: the file must choose.
      report(
        row.columns.value,
        `line ${earlier.line} gives ${earlier.value} for ${row.ministry} on ${row.on}: one value per ministry and date`,
      );
      continue;
    }
    firstSeen.set(key, row);

    const sameDay =
      history.status === 'initial'
        ? []
        : (history.ministries[row.ministry]?.reports.valuesOn(row.on) ?? []);
    // Checked before the rules: a value already recorded stays so, even if it would now be refused.
    if (sameDay.includes(row.value)) {
      skipped++;
      continue;
    }
    const command: CommitmentCommand = {
      metadata: { now },
      type: 'ReportProgress',
      data: {
        commitmentId,
        ministry: row.ministry,
        value: row.value,
        on: row.on,
        ...(row.note !== undefined && { note: row.note }),
      },
    };
    let events: CommitmentEvent[];
    try {
      events = decide(command, state);
      plan.state = events.reduce(evolve, state);
      plan.history = events.reduce<HistoryState>(evolveHistory, history);
    } catch (error) {
      if (!(error instanceof CommitmentError)) throw error;
      const { column, message } = describeRejection(error, row, now);
      report(column, message);
      continue;
    }
    if (sameDay.length > 0)
      warn(`replaces ${sameDay[sameDay.length - 1]}, recorded for ${row.ministry} on ${row.on}`);
    planned.push({ commitmentId, command, events });
  }
  if (issues.length > 0)
    throw new CatalogueValidationError(
      [...issues].sort((a, b) => a.line - b.line || a.column - b.column),
    );

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

/** The domain's refusal, said in the file's terms: the cell at fault, the external id. */
const describeRejection = (
  error: CommitmentError,
  row: ProgressRow,
  now: string,
): { column: ProgressColumn; message: string } => {
  const { columns } = row;
  switch (error.code) {
    case 'COMMITMENT.ALREADY_WITHDRAWN':
      return {
        column: columns.externalId,
        message: `commitment "${row.externalId}" has been withdrawn: it accepts no more values`,
      };
    case 'COMMITMENT.MINISTRY_NOT_ASSIGNED':
      return {
        column: columns.ministry,
        message: `${row.ministry} is not assigned to commitment "${row.externalId}"`,
      };
    case 'COMMITMENT.MINISTRY_EXEMPTED':
      return {
        column: columns.ministry,
        message: `${row.ministry} is exempted from commitment "${row.externalId}"`,
      };
    case 'COMMITMENT.VALUE_OUT_OF_RANGE':
      return {
        column: columns.value,
        message: error.message.replace(/^value /, ''),
      };
    case 'COMMITMENT.DATE_IN_FUTURE':
      return { column: columns.on, message: `${row.on} is after today (${parisDateOf(now)})` };
  }
  const column =
    error.field === 'ministry'
      ? columns.ministry
      : error.field === 'value'
        ? columns.value
        : error.field === 'on'
          ? columns.on
          : columns.externalId;
  return { column, message: error.message };
};
