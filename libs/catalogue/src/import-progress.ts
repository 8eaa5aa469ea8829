import { randomUUID } from 'node:crypto';
import {
  CommitmentError,
  commitmentStream,
  decide,
  evolve,
  initialState,
  parisDateOf,
  type CommitmentState,
  type FoldableEvent,
} from '@cosinum/domain';
import type { Actor, EventStore } from '@cosinum/event-store';
import { executeCommitmentCommand, type Clock, type CommandInput } from '@cosinum/application';
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
  /** Called after each report is written (or planned, on a dry run). */
  readonly onProgress?: (done: number, total: number) => void;
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
}

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
 * The store has no transaction across streams: rows are written stream by stream, one append per
 * row, so an interruption (a crash, a concurrent withdrawal) can leave a prefix of the plan
 * written. Running the same file again completes it without doubling anything, since the rows
 * already written are then skipped.
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
      state = fold(await store.readStream(commitmentStream(commitmentId)));
      states.set(commitmentId, state);
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

    const sameDay = state.ministries[row.ministry]?.reports.filter((r) => r.on === row.on) ?? [];
    // Checked before the rules: a value already recorded stays so, even if it would now be refused.
    if (sameDay.some((r) => r.value === row.value)) {
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
    try {
      const events = decide(
        { ...command, metadata: { now } } as Parameters<typeof decide>[0],
        state,
      );
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
      warn(
        `replaces ${sameDay[sameDay.length - 1].value}, recorded for ${row.ministry} on ${row.on}`,
      );
    planned.push({ commitmentId, command });
  }
  if (issues.length > 0)
    throw new CatalogueValidationError(
      [...issues].sort((a, b) => a.line - b.line || a.column - b.column),
    );

  // Stream by stream, in the order the file first names them; within a stream, in file order.
  const order = [...new Set(planned.map((p) => p.commitmentId))];
  const plan = order.flatMap((id) => planned.filter((p) => p.commitmentId === id));
  let eventsWritten = 0;
  const correlationId = options.correlationId ?? randomUUID();
  for (const [i, { command }] of plan.entries()) {
    if (!options.dryRun) {
      const outcome = await executeCommitmentCommand(
        store,
        clock,
        command,
        { actor, correlationId },
        { maxAttempts: options.maxAttempts ?? 20 },
      );
      eventsWritten += outcome.events.length;
    }
    options.onProgress?.(i + 1, plan.length);
  }
  return {
    recorded: plan.length,
    skipped,
    warnings,
    eventsWritten,
    dryRun: Boolean(options.dryRun),
  };
};

const fold = (events: readonly unknown[]): CommitmentState =>
  events.reduce<CommitmentState>((s, e) => evolve(s, e as FoldableEvent), initialState());

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
