import type { CalendarDate, Instant } from '../calendar';
import type { CommitmentDecided, CommitmentEvent } from '../commitment/commitment.events';
import type { Milestone, Reporting } from '../commitment/reporting';
import { ReportSeries } from './report-series';

export type { Report } from './report-series';

/**
 * The read side's fold of a commitment: every fact with its two dates, `on`, the business date it
 * refers to, and `recordedAt`, when the store learnt it (null when folded from events without
 * metadata, as in unit specs). Status evaluation filters it by both axes. The decider never sees
 * it: it decides on the small state of `commitment/commitment.state.ts`.
 */
export interface Fact {
  readonly on: CalendarDate;
  readonly recordedAt: Instant | null;
  /** Order of the fact within the stream, to break ties between facts of the same day. */
  readonly seq: number;
}

export interface Extension extends Fact {
  readonly ministry?: string;
  readonly previousDeadline: CalendarDate;
  readonly deadline: CalendarDate;
  readonly reason: string;
  readonly decisionRef?: string;
}

export interface TargetRevision extends Fact {
  readonly previousTarget: number;
  readonly target: number;
  readonly reason: string;
  readonly decisionRef?: string;
}

export interface Ruling extends Fact {
  readonly reason: string;
  readonly decisionRef?: string;
}

export interface ReportingChange extends Fact {
  readonly reporting: Reporting;
  readonly reason?: string;
  readonly decisionRef?: string;
}

/** A milestone and when it was set: `on` is the business date of that decision. */
export interface MilestoneFact extends Fact {
  readonly milestone: Milestone;
}

export interface MinistryTrack {
  readonly code: string;
  /** In stream order, stored column by column (see ReportSeries). */
  readonly reports: ReportSeries;
  readonly exemption?: Ruling;
}

export type Definition = CommitmentDecided['data'] & { readonly recordedAt: Instant | null };

export interface CommitmentHistory {
  readonly status: 'active' | 'withdrawn';
  readonly definition: Definition;
  readonly ministries: Readonly<Record<string, MinistryTrack>>;
  /** Every extension, common or for one ministry, in stream order. */
  readonly extensions: readonly Extension[];
  readonly targetRevisions: readonly TargetRevision[];
  /** Cadence changes after the decision, in stream order. */
  readonly reportingChanges: readonly ReportingChange[];
  /** Every milestone, those of the decision first, in stream order. */
  readonly milestones: readonly MilestoneFact[];
  readonly withdrawal?: Ruling;
  /** Number of events folded: the stream revision is `seq - 1`. */
  readonly seq: number;
}

export type HistoryState = { readonly status: 'initial' } | CommitmentHistory;

export const initialHistory = (): HistoryState => ({ status: 'initial' });

/** A stored event as evolve may see it: domain event plus, when known, its recording time. */
export type FoldableEvent = CommitmentEvent & {
  readonly metadata?: { readonly recordedAt?: Instant };
};

/**
 * The target in force: the revision with the latest business date (stream order breaks ties), as
 * the status board reads it. A back-dated revision recorded last is not necessarily in force.
 */
export const currentTarget = (state: CommitmentHistory): number =>
  state.targetRevisions.reduce<TargetRevision | undefined>(
    (inForce, r) => (inForce === undefined || r.on >= inForce.on ? r : inForce),
    undefined,
  )?.target ?? state.definition.metric.target;

/** The latest deadline of a ministry (or of the commitment as a whole, without a ministry). */
export const currentDeadline = (state: CommitmentHistory, ministry?: string): CalendarDate =>
  state.extensions
    .filter((e) => e.ministry === undefined || e.ministry === ministry)
    .reduce((d, e) => (e.deadline > d ? e.deadline : d), state.definition.deadline);

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The fold itself. `owned` says whether the caller owns `state` (and every array and record in
 * it, which only this fold creates): then the new fact is appended in place, in O(1); otherwise
 * the state is copied on write, so that no earlier state ever changes.
 */
const fold = (state: HistoryState, event: FoldableEvent, owned: boolean): HistoryState => {
  const recordedAt = event.metadata?.recordedAt ?? null;
  if (event.type === 'CommitmentDecided') {
    if (state.status !== 'initial') return state;
    const ministries: Record<string, MinistryTrack> = {};
    for (const code of event.data.ministries)
      ministries[code] = { code, reports: ReportSeries.empty() };
    const decidedOn = event.data.source.decidedOn;
    return {
      status: 'active',
      definition: { ...event.data, recordedAt },
      ministries,
      extensions: [],
      targetRevisions: [],
      reportingChanges: [],
      milestones: (event.data.milestones ?? []).map((milestone) => ({
        milestone,
        on: decidedOn,
        recordedAt,
        seq: 0,
      })),
      seq: 1,
    };
  }
  if (state.status === 'initial') return state;
  const seq = state.seq;
  const next: Mutable<CommitmentHistory> = owned ? state : { ...state };
  next.seq = seq + 1;
  const { type, data } = event;
  switch (type) {
    case 'ProgressReported': {
      const track = next.ministries[data.ministry];
      if (owned && track) track.reports.pushFields(data.value, data.on, recordedAt, seq, data.note);
      else
        updateMinistry(next, data.ministry, owned, (t) => ({
          ...t,
          reports: t.reports.append({
            value: data.value,
            on: data.on,
            note: data.note,
            recordedAt,
            seq,
          }),
        }));
      return next;
    }
    case 'DeadlineExtended': {
      const extension: Extension = { ...omitId(data), recordedAt, seq };
      if (owned) (next.extensions as Extension[]).push(extension);
      else next.extensions = [...next.extensions, extension];
      return next;
    }
    case 'TargetRevised': {
      const revision: TargetRevision = { ...omitId(data), recordedAt, seq };
      if (owned) (next.targetRevisions as TargetRevision[]).push(revision);
      else next.targetRevisions = [...next.targetRevisions, revision];
      return next;
    }
    case 'MinistryExempted': {
      const { ministry, ...ruling } = omitId(data);
      updateMinistry(next, ministry, owned, (t) => ({
        ...t,
        exemption: { ...ruling, recordedAt, seq },
      }));
      return next;
    }
    case 'CommitmentWithdrawn':
      next.status = 'withdrawn';
      next.withdrawal = { ...omitId(data), recordedAt, seq };
      return next;
    case 'ReportingChanged': {
      const { previousReporting: _previous, ...change } = omitId(data);
      const fact: ReportingChange = { ...change, recordedAt, seq };
      if (owned) (next.reportingChanges as ReportingChange[]).push(fact);
      else next.reportingChanges = [...next.reportingChanges, fact];
      return next;
    }
    case 'MilestoneAdded': {
      const fact: MilestoneFact = { milestone: data.milestone, on: data.on, recordedAt, seq };
      if (owned) (next.milestones as MilestoneFact[]).push(fact);
      else next.milestones = [...next.milestones, fact];
      return next;
    }
    default: {
      const unknown: never = type;
      throw new Error(`Unknown commitment event ${String(unknown)}`);
    }
  }
};

const updateMinistry = (
  next: Mutable<CommitmentHistory>,
  code: string,
  owned: boolean,
  update: (track: MinistryTrack) => MinistryTrack,
): void => {
  const track = next.ministries[code] ?? { code, reports: ReportSeries.empty() };
  if (owned) (next.ministries as Record<string, MinistryTrack>)[code] = update(track);
  else next.ministries = { ...next.ministries, [code]: update(track) };
};

/** Pure: returns the next state and never changes `state` (copy on write). */
export const evolveHistory = (state: HistoryState, event: FoldableEvent): HistoryState =>
  fold(state, event, false);

/**
 * The same fold, in place, in O(1) per event: for a fold that owns its states and keeps no
 * earlier one (a read model, a replay). It mutates the arrays and records of `state`, so the
 * caller must own them: states produced by `evolveHistoryInPlace` or `evolveHistory`, never one shared with a
 * reader that expects it frozen. The result is equal to what `evolveHistory` gives.
 */
export const evolveHistoryInPlace = (state: HistoryState, event: FoldableEvent): HistoryState =>
  fold(state, event, true);

const omitId = <T extends { commitmentId: string }>(data: T): Omit<T, 'commitmentId'> => {
  const { commitmentId: _ignored, ...rest } = data;
  return rest;
};
