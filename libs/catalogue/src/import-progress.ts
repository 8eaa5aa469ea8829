import { randomUUID } from 'node:crypto';
import {
  CommitmentError,
  commitmentStream,
  decide,
  evolve,
  initialState,
  parisDateOf,
  type CommitmentEvent,
  type CommitmentState,
  type FoldableEvent,
} from '@cosinum/domain';
import { WrongExpectedRevisionError, type Actor, type EventStore } from '@cosinum/event-store';
import {
  executeCommitmentCommand,
  toNewEvents,
  type Clock,
  type CommandInput,
  type CommitmentStateSource,
} from '@cosinum/application';
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
  readonly states?: CommitmentStateSource;
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
  readonly command: CommandInput;
  readonly events: readonly CommitmentEvent[];
}

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
  const states = new Map<string, CommitmentState>();
  /** Revision of each stream as planned on: the batches append at it. */
  const revisions = new Map<string, number | 'no_stream'>();
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
    let state = states.get(commitmentId);
    if (!state) {
      const start = options.states?.snapshotOf(commitmentId);
      const recorded = await store.readStream(
        commitmentStream(commitmentId),
        start ? { fromRevision: start.revision + 1 } : {},
      );
      state = recorded.reduce<CommitmentState>(
        (s, e) => evolve(s, e as unknown as FoldableEvent),
        start?.state ?? initialState(),
      );
      const last =
        recorded.length > 0
          ? recorded[recorded.length - 1].streamRevision
          : (start?.revision ?? -1);
      states.set(commitmentId, state);
      revisions.set(commitmentId, last < 0 ? 'no_stream' : last);
    }
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

    const sameDay = state.ministries[row.ministry]?.reports.valuesOn(row.on) ?? [];
    // Checked before the rules: a value already recorded stays so, even if it would now be refused.
    if (sameDay.includes(row.value)) {
      skipped++;
      continue;
    }
    const command: CommandInput = {
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
      events = decide({ ...command, metadata: { now } } as Parameters<typeof decide>[0], state);
      states.set(
        commitmentId,
        events.reduce<CommitmentState>((s, e) => evolve(s, e), state),
      );
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

  // Stream by stream, in the order the file first names them; within a stream, in file order,
  // in batches appended at the revision the rows were decided on. If another writer changed the
  // stream meanwhile, the rest of that stream goes row by row through the command path, which
  // decides each row again on the fresh stream.
  const order = [...new Set(planned.map((p) => p.commitmentId))];
  let eventsWritten = 0;
  let done = 0;
  const correlationId = options.correlationId ?? randomUUID();
  const context = { actor, correlationId };
  // Where the store can (SQLite), the whole plan goes in one transaction: the import is then all
  // or nothing across streams too, and far faster than one transaction per batch.
  if (!options.dryRun && store.appendAtomically && planned.length > 0) {
    const recordedAt = clock.now();
    try {
      await store.appendAtomically(
        order.map((id) => ({
          streamName: commitmentStream(id),
          events: toNewEvents(
            planned.filter((p) => p.commitmentId === id).flatMap((p) => p.events),
            context,
            recordedAt,
          ),
          expectedRevision: revisions.get(id) ?? 'no_stream',
        })),
      );
      options.onProgress?.(planned.length, planned.length);
      return {
        recorded: planned.length,
        skipped,
        warnings,
        eventsWritten: planned.reduce((n, p) => n + p.events.length, 0),
        dryRun: false,
      };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      // Another writer got in between: stream by stream below, conflicts decided again.
    }
  }
  for (const id of order) {
    const rowsOfStream = planned.filter((p) => p.commitmentId === id);
    let revision = revisions.get(id) ?? 'no_stream';
    for (let from = 0; from < rowsOfStream.length; from += BATCH) {
      const batch = rowsOfStream.slice(from, from + BATCH);
      if (options.dryRun) {
        done += batch.length;
        options.onProgress?.(done, planned.length);
        continue;
      }
      const events = toNewEvents(
        batch.flatMap((p) => p.events),
        context,
        clock.now(),
      );
      try {
        const result = await store.appendToStream(commitmentStream(id), events, {
          expectedRevision: revision,
        });
        revision = result.nextExpectedRevision;
        eventsWritten += events.length;
        done += batch.length;
        options.onProgress?.(done, planned.length);
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        for (const { command } of rowsOfStream.slice(from)) {
          const outcome = await executeCommitmentCommand(store, clock, command, context, {
            maxAttempts: options.maxAttempts ?? 20,
            states: options.states,
          });
          eventsWritten += outcome.events.length;
          options.onProgress?.(++done, planned.length);
        }
        break;
      }
    }
  }
  const plan = planned;
  return {
    recorded: plan.length,
    skipped,
    warnings,
    eventsWritten,
    dryRun: Boolean(options.dryRun),
  };
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
