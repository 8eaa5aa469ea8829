import type { CalendarDate } from '../calendar';
import type { CommitmentEvent, MetricKind } from './commitment.events';
import { defaultReporting, type Reporting } from './reporting';

/**
 * What the decider needs to know of a commitment, and nothing more: the invariants of its
 * commands read this state only. The history of facts (reports, both time axes) is the read
 * side's (`status/commitment-history.ts`); a progress report changes nothing here.
 */
export interface AssignedMinistry {
  /** The latest deadline extended for this ministry alone, if any. */
  readonly ownDeadline?: CalendarDate;
  readonly exempted: boolean;
}

export interface Commitment {
  readonly status: 'active' | 'withdrawn';
  readonly metricKind: MetricKind;
  /**
   * The target in force: the revision with the latest business date (stream order breaks ties),
   * as the board reads it; `on` is null while the decision's target holds.
   */
  readonly target: { readonly value: number; readonly on: CalendarDate | null };
  /** The latest deadline common to every ministry. */
  readonly deadline: CalendarDate;
  readonly ministries: Readonly<Record<string, AssignedMinistry>>;
  /** Decided for "every ministry": a ministry created since is held to it too. */
  readonly allMinistries: boolean;
  readonly decidedOn: CalendarDate;
  /** The cadence in force: the latest change by business date (stream order breaks ties). */
  readonly reporting: { readonly value: Reporting; readonly on: CalendarDate | null };
  /** The dates that already carry a milestone: one milestone a day. */
  readonly milestoneDates: readonly CalendarDate[];
}

export type CommitmentState = { readonly status: 'initial' } | Commitment;

export const initialState = (): CommitmentState => ({ status: 'initial' });

/** The deadline in force for a ministry, or for the commitment as a whole without one. */
export const deadlineOf = (state: Commitment, ministry?: string): CalendarDate => {
  const own = ministry === undefined ? undefined : state.ministries[ministry]?.ownDeadline;
  return own !== undefined && own > state.deadline ? own : state.deadline;
};

const later = (a: CalendarDate | undefined, b: CalendarDate): CalendarDate =>
  a !== undefined && a > b ? a : b;

const withMinistry = (
  state: Commitment,
  code: string,
  change: (m: AssignedMinistry) => AssignedMinistry,
): Commitment => ({
  ...state,
  ministries: {
    ...state.ministries,
    [code]: change(state.ministries[code] ?? { exempted: false }),
  },
});

/** Pure: returns the next state, never changes `state`. */
export const evolve = (state: CommitmentState, event: CommitmentEvent): CommitmentState => {
  if (event.type === 'CommitmentDecided') {
    if (state.status !== 'initial') return state;
    const { data } = event;
    return {
      status: 'active',
      metricKind: data.metric.kind,
      target: { value: data.metric.target, on: null },
      deadline: data.deadline,
      ministries: Object.fromEntries(data.ministries.map((code) => [code, { exempted: false }])),
      allMinistries: data.allMinistries,
      decidedOn: data.source.decidedOn,
      reporting: { value: data.reporting ?? defaultReporting(data.metric.kind), on: null },
      milestoneDates: (data.milestones ?? []).map((m) => m.on),
    };
  }
  if (state.status === 'initial') return state;
  switch (event.type) {
    case 'ProgressReported':
      return state;
    case 'DeadlineExtended': {
      const { ministry, deadline } = event.data;
      return ministry === undefined
        ? { ...state, deadline: later(state.deadline, deadline) }
        : withMinistry(state, ministry, (m) => ({
            ...m,
            ownDeadline: later(m.ownDeadline, deadline),
          }));
    }
    case 'TargetRevised': {
      const { target, on } = event.data;
      // A back-dated revision recorded last is not necessarily in force.
      return state.target.on !== null && on < state.target.on
        ? state
        : { ...state, target: { value: target, on } };
    }
    case 'MinistryExempted':
      return withMinistry(state, event.data.ministry, (m) => ({ ...m, exempted: true }));
    case 'CommitmentWithdrawn':
      return { ...state, status: 'withdrawn' };
    case 'ReportingChanged': {
      const { reporting, on } = event.data;
      return state.reporting.on !== null && on < state.reporting.on
        ? state
        : { ...state, reporting: { value: reporting, on } };
    }
    case 'MilestoneAdded':
      return { ...state, milestoneDates: [...state.milestoneDates, event.data.milestone.on] };
    default: {
      const unknown: never = event;
      throw new Error(`Unknown commitment event ${(unknown as { type: string }).type}`);
    }
  }
};
