import { randomUUID } from 'node:crypto';
import {
  CommitmentError,
  commitmentStream,
  currentDeadline,
  currentTarget,
  decide,
  defaultReporting,
  sameReporting,
  evolve,
  evolveHistory,
  initialHistory,
  initialState,
  type CommitmentEvent,
  type CommitmentHistory,
  type CommitmentState,
  type FoldableEvent,
  type HistoryState,
  type ReportProgress,
} from '@cosinum/domain';
import {
  handleCommand,
  type Actor,
  type Decider,
  type EventStore,
  type RecordedEvent,
} from '@cosinum/event-store';
import type { Clock, CommandInput } from '@cosinum/application';
import { CatalogueValidationError, type CatalogueIssue } from './catalogue-issue';
import type { CatalogueEntry } from './catalogue.schema';
import { commitmentIdFor } from './commitment-id';

/** The reason given to the rulings an import records; it also marks them as the catalogue's own. */
export const CATALOGUE_REASON = 'Catalogue mis à jour';

export interface ImportOptions {
  /** Plan and report, write nothing. */
  readonly dryRun?: boolean;
  /** Attempts per command when another writer changes the stream meanwhile. */
  readonly maxAttempts?: number;
  /** Ties every event of the import together (default: a new id). */
  readonly correlationId?: string;
  /** Called after each entry is written (or planned, on a dry run). */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ImportWarning {
  readonly externalId: string;
  readonly line: number;
  readonly message: string;
}

export interface ImportSummary {
  readonly created: number;
  readonly revised: number;
  readonly extended: number;
  /** Existing commitments whose reporting cadence the catalogue changed. */
  readonly reportingChanged: number;
  /** Milestones added to existing commitments (a new commitment's come with its decision). */
  readonly milestonesAdded: number;
  readonly progressRecorded: number;
  /** Entries that needed no command. */
  readonly unchanged: number;
  readonly warnings: readonly ImportWarning[];
  /** Events appended to the store (0 on a dry run). */
  readonly eventsWritten: number;
  readonly dryRun: boolean;
}

interface Plan {
  readonly entry: CatalogueEntry;
  readonly commands: readonly CommandInput[];
  /** The stream folded when the entry was planned, and its revision (-1: none). */
  readonly start: { readonly state: EntryState; readonly revision: number };
}

/**
 * Brings the store in line with a validated catalogue. Entries match commitments on `externalId`
 * (the id is derived from it), so importing the same file again writes nothing. For an existing
 * commitment, only what the catalogue itself changed is applied, as rulings: a new target is one
 * `ReviseTarget`, a later deadline one `ExtendDeadline` for every ministry; a definition is never
 * rewritten, so other differences (an earlier deadline, a new title…) come back as warnings.
 * A new cadence is one `ChangeReporting`, a milestone on a day that has none one `AddMilestone`.
 * Historic values become progress reports, each once.
 *
 * Every command is first decided against the folded stream, in memory: if any would be rejected,
 * nothing is written and the rejections come back as a {@link CatalogueValidationError}.
 */
export const importCatalogue = async (
  store: EventStore,
  clock: Clock,
  entries: readonly CatalogueEntry[],
  actor: Actor,
  options: ImportOptions = {},
): Promise<ImportSummary> => {
  const warnings: ImportWarning[] = [];
  const issues: CatalogueIssue[] = [];
  const plans: Plan[] = [];
  const decider = entryDecider(clock);
  for (const entry of entries) {
    const events = await store.readStream(commitmentStream(commitmentIdFor(entry.externalId)));
    // What was recorded, to plan what the catalogue changes; what the decider needs, to rehearse.
    const folded = events.reduce(decider.evolve, decider.initialState());
    const { history, state } = folded;
    const commands = planEntry(entry, history, (message) =>
      warnings.push({ externalId: entry.externalId, line: entry.line, message }),
    );
    rehearse(entry, state, commands, clock.now(), issues);
    plans.push({
      entry,
      commands,
      start: { state: folded, revision: events.at(-1)?.streamRevision ?? -1 },
    });
  }
  if (issues.length > 0) throw new CatalogueValidationError(issues);

  const count = (type: CommandInput['type']) =>
    plans.reduce((n, p) => n + p.commands.filter((c) => c.type === type).length, 0);
  const summary = {
    created: count('DecideCommitment'),
    revised: count('ReviseTarget'),
    extended: count('ExtendDeadline'),
    reportingChanged: count('ChangeReporting'),
    milestonesAdded: count('AddMilestone'),
    progressRecorded: count('ReportProgress'),
    unchanged: plans.filter((p) => p.commands.length === 0).length,
    warnings,
    dryRun: Boolean(options.dryRun),
  };
  let eventsWritten = 0;
  const correlationId = options.correlationId ?? randomUUID();
  for (const [i, plan] of plans.entries()) {
    if (!options.dryRun && plan.commands.length > 0) {
      // An entry's events go in one append, at the revision they were planned on. If another
      // writer changed the stream meanwhile (another server loading the same catalogue at
      // start-up, say), the entry is planned again on what is there now: what that writer
      // already recorded is not recorded twice, and a commitment it created is not refused.
      const handled = await handleCommand(store, decider, plan.entry, {
        streamName: commitmentStream(commitmentIdFor(plan.entry.externalId)),
        context: { actor, correlationId },
        now: () => clock.now(),
        maxAttempts: options.maxAttempts ?? 20,
        // The stream as it was planned on: read again only if it changed since.
        startFrom: () => plan.start,
      });
      eventsWritten += handled.events.length;
    }
    options.onProgress?.(i + 1, plans.length);
  }
  return { ...summary, eventsWritten };
};

/** Both folds of one commitment's stream: what the catalogue is compared with, and what decides. */
interface EntryState {
  readonly history: HistoryState;
  readonly state: CommitmentState;
}

/**
 * One catalogue entry as one command: planned against the stream as it is, every planned command
 * decided in order. Pure but for `clock.now()`, which stamps the commands as a handler would.
 */
const entryDecider = (
  clock: Clock,
): Decider<CatalogueEntry, EntryState, CommitmentEvent, RecordedEvent> => ({
  initialState: () => ({ history: initialHistory(), state: initialState() }),
  evolve: (s, event) => ({
    history: evolveHistory(s.history, event as unknown as FoldableEvent),
    state: evolve(s.state, event as unknown as CommitmentEvent),
  }),
  // Warnings were reported when the import was planned; a re-plan only decides again.
  decide: (entry, s) =>
    decideInOrder(
      planEntry(entry, s.history, () => undefined),
      s.state,
      clock.now(),
    ),
});

/**
 * Every command decided in order, each on the state the ones before it left. A refusal is thrown,
 * or handed to `onRejected` (which ends the sequence there) when there is one.
 */
const decideInOrder = (
  commands: readonly CommandInput[],
  initial: CommitmentState,
  now: string,
  onRejected?: (input: CommandInput, error: CommitmentError) => void,
): CommitmentEvent[] => {
  let state = initial;
  const events: CommitmentEvent[] = [];
  for (const input of commands) {
    let decided: CommitmentEvent[];
    try {
      decided = decide({ ...input, metadata: { now } } as Parameters<typeof decide>[0], state);
    } catch (error) {
      if (!(error instanceof CommitmentError) || !onRejected) throw error;
      onRejected(input, error);
      return events;
    }
    state = decided.reduce<CommitmentState>((s, e) => evolve(s, e), state);
    events.push(...decided);
  }
  return events;
};

/** Decides every planned command in memory, in order, so that a rejection stops the import early. */
const rehearse = (
  entry: CatalogueEntry,
  initial: CommitmentState,
  commands: readonly CommandInput[],
  now: string,
  issues: CatalogueIssue[],
): void => {
  decideInOrder(commands, initial, now, (input, error) => {
    const report =
      input.type === 'ReportProgress' ? (input.data as ReportProgress['data']) : undefined;
    const line = entry.progress.find(
      (p) => p.ministry === report?.ministry && p.on === report?.on,
    )?.line;
    issues.push({
      line: line ?? entry.line,
      column: 1,
      path: entry.externalId,
      message: `${input.type} would be rejected: ${error.message}`,
    });
  });
};

const planEntry = (
  entry: CatalogueEntry,
  state: HistoryState,
  warn: (message: string) => void,
): CommandInput[] => {
  const commitmentId = commitmentIdFor(entry.externalId);
  const reports = entry.progress.map((p): CommandInput => ({
    type: 'ReportProgress',
    data: {
      commitmentId,
      ministry: p.ministry,
      value: p.value,
      on: p.on,
      ...(p.note !== undefined && { note: p.note }),
    },
  }));
  if (state.status === 'initial') {
    return [
      {
        type: 'DecideCommitment',
        data: {
          commitmentId,
          externalId: entry.externalId,
          title: entry.title,
          description: entry.description,
          source: entry.source,
          ...(entry.mission !== undefined && { mission: entry.mission }),
          metric: entry.metric,
          deadline: entry.deadline,
          deadlineWording: entry.deadlineWording,
          ...(entry.deadlineInferredFrom !== undefined && {
            deadlineInferredFrom: entry.deadlineInferredFrom,
          }),
          ministries: entry.ministries,
          reporting: entry.reporting,
          ...(entry.milestones.length > 0 && { milestones: entry.milestones }),
        },
      },
      ...reports,
    ];
  }
  const commands: CommandInput[] = [];
  for (const field of definitionDifferences(entry, state)) {
    warn(
      `${field} differs from the recorded decision: not applied (a decision is never rewritten; record a ruling instead)`,
    );
  }

  // Compare with what the catalogue said last, not with the current value: a ruling recorded
  // since by someone else must survive a re-import of an unchanged file.
  const catalogueTarget =
    [...state.targetRevisions].reverse().find((r) => r.reason === CATALOGUE_REASON)?.target ??
    state.definition.metric.target;
  // A target is only comparable on the same kind of metric (a yes/no action since counted in steps
  // keeps its recorded kind: the metric.kind warning above says so).
  const sameKind = entry.metric.kind === state.definition.metric.kind;
  if (
    sameKind &&
    entry.metric.target !== catalogueTarget &&
    entry.metric.target !== currentTarget(state)
  ) {
    commands.push({
      type: 'ReviseTarget',
      data: { commitmentId, target: entry.metric.target, reason: CATALOGUE_REASON },
    });
  }
  const catalogueDeadline = state.extensions
    .filter((e) => e.ministry === undefined && e.reason === CATALOGUE_REASON)
    .reduce((d, e) => (e.deadline > d ? e.deadline : d), state.definition.deadline);
  if (entry.deadline > catalogueDeadline && entry.deadline > currentDeadline(state)) {
    commands.push({
      type: 'ExtendDeadline',
      data: { commitmentId, deadline: entry.deadline, reason: CATALOGUE_REASON },
    });
  } else if (entry.deadline < catalogueDeadline) {
    warn(
      `deadline ${entry.deadline} is earlier than the recorded ${catalogueDeadline}: not applied (a deadline is only ever extended)`,
    );
  }

  commands.push(...planCadenceAndMilestones(entry, state, commitmentId, warn));

  for (const [i, report] of reports.entries()) {
    const p = entry.progress[i];
    const track = state.ministries[p.ministry];
    if (track?.reports.some((r) => r.on === p.on && r.value === p.value)) continue;
    if (!track)
      warn(
        `progress for ${p.ministry} on ${p.on}: ${p.ministry} is not assigned to the recorded commitment; not applied`,
      );
    else if (track.exemption)
      warn(`progress for ${p.ministry} on ${p.on}: ${p.ministry} is exempted; not applied`);
    else commands.push(report);
  }
  if (state.status === 'withdrawn' && commands.length > 0) {
    warn('the commitment has been withdrawn: its catalogue changes are not applied');
    return [];
  }
  return commands;
};

/**
 * The cadence and milestones of an existing commitment, brought in line with the entry as
 * rulings: a cadence the catalogue changed since it last said one (a cadence set since by someone
 * else survives a re-import of an unchanged file), and each milestone on a day that has none. A
 * milestone already set on that day is never replaced.
 */
const planCadenceAndMilestones = (
  entry: CatalogueEntry,
  state: CommitmentHistory,
  commitmentId: string,
  warn: (message: string) => void,
): CommandInput[] => {
  const commands: CommandInput[] = [];
  const decided = state.definition.reporting ?? defaultReporting(state.definition.metric.kind);
  const catalogueReporting =
    [...state.reportingChanges].reverse().find((r) => r.reason === CATALOGUE_REASON)?.reporting ??
    decided;
  const inForce = state.reportingChanges.at(-1)?.reporting ?? decided;
  if (
    !sameReporting(entry.reporting, catalogueReporting) &&
    !sameReporting(entry.reporting, inForce)
  )
    commands.push({
      type: 'ChangeReporting',
      data: { commitmentId, reporting: entry.reporting, reason: CATALOGUE_REASON },
    });
  for (const milestone of entry.milestones) {
    const recorded = state.milestones.find((m) => m.milestone.on === milestone.on)?.milestone;
    if (recorded) {
      if (recorded.target !== milestone.target || recorded.label !== milestone.label)
        warn(
          `milestone on ${milestone.on} differs from the recorded one: not applied (one milestone a day, never replaced)`,
        );
    } else if (state.definition.metric.kind !== entry.metric.kind)
      warn(
        `milestone on ${milestone.on}: the recorded metric is of kind ${state.definition.metric.kind}, not ${entry.metric.kind}; not applied`,
      );
    else
      commands.push({
        type: 'AddMilestone',
        data: { commitmentId, milestone, reason: CATALOGUE_REASON },
      });
  }
  return commands;
};

/** Definition fields that differ between the entry and the recorded decision, by path. */
const definitionDifferences = (entry: CatalogueEntry, state: CommitmentHistory): string[] => {
  const d = state.definition;
  const ministries = (list: readonly string[] | 'all') =>
    list === 'all' ? 'all' : [...list].sort().join(',');
  const recordedMinistries = d.allMinistries ? 'all' : [...d.ministries].sort().join(',');
  const checks: Array<[string, unknown, unknown]> = [
    ['title', entry.title, d.title],
    ['description', entry.description, d.description],
    ['source.document', entry.source.document, d.source.document],
    ['source.section', entry.source.section, d.source.section],
    ['source.decidedOn', entry.source.decidedOn, d.source.decidedOn],
    [
      'source.decidedOnPrecision',
      entry.source.decidedOnPrecision ?? 'day',
      d.source.decidedOnPrecision ?? 'day',
    ],
    ['deadline.inferredFrom', entry.deadlineInferredFrom, d.deadlineInferredFrom],
    ['mission', entry.mission, d.mission],
    ['metric.kind', entry.metric.kind, d.metric.kind],
    ['metric.unit', entry.metric.unit, d.metric.unit],
    ['metric.direction', entry.metric.direction, d.metric.direction],
    [
      'metric.baseline',
      JSON.stringify(entry.metric.baseline ?? null),
      JSON.stringify(d.metric.baseline ?? null),
    ],
    // A moved deadline comes with a new wording: the move itself is handled as an extension.
    [
      'deadline.wording',
      entry.deadline === d.deadline ? entry.deadlineWording : d.deadlineWording,
      d.deadlineWording,
    ],
    ['ministries', ministries(entry.ministries), recordedMinistries],
  ];
  return checks.filter(([, a, b]) => a !== b).map(([field]) => field);
};
