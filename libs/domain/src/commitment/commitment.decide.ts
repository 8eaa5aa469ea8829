import { isCalendarDate, parisDateOf, type CalendarDate } from '../calendar';
import { ALL_MINISTRY_CODES, isKnownOrganisation, organisation } from '../ministries';
import type {
  AddMilestone,
  ChangeReporting,
  CommitmentCommand,
  DecideCommitment,
  ExemptMinistry,
  ExtendDeadline,
  ReportProgress,
  ReviseTarget,
  WithdrawCommitment,
} from './commitment.commands';
import { CommitmentError } from './commitment.errors';
import type { CommitmentEvent, Metric } from './commitment.events';
import { deadlineOf, type Commitment, type CommitmentState } from './commitment.state';
import { describeRange, isInRange } from './metric';
import {
  defaultReporting,
  milestoneDateProblem,
  reportingProblem,
  sameReporting,
  type Milestone,
  type Reporting,
} from './reporting';
import { evidenceProblem, textProblem } from './text';

const decideCommitment = (command: DecideCommitment, state: CommitmentState): CommitmentEvent[] => {
  const { data } = command;
  if (state.status !== 'initial') throw CommitmentError.alreadyExists(data.commitmentId);
  checkMetric(data.metric);
  for (const [field, date] of [
    ['source.decidedOn', data.source.decidedOn],
    ['deadline', data.deadline],
  ] as const) {
    if (!isCalendarDate(date))
      throw CommitmentError.invalid(field, `${field} must be a real calendar date YYYY-MM-DD`);
  }
  if (data.deadline < data.source.decidedOn) {
    throw CommitmentError.dateBefore(
      'deadline',
      data.deadline,
      data.source.decidedOn,
      'source.decidedOn',
    );
  }
  if (data.deadlineInferredFrom !== undefined) {
    const problem = textProblem(data.deadlineInferredFrom, { singleLine: true });
    if (problem)
      throw CommitmentError.invalid('deadlineInferredFrom', `deadlineInferredFrom ${problem}`);
  }
  const allMinistries = data.ministries === 'all';
  const requested = data.ministries === 'all' ? ALL_MINISTRY_CODES : data.ministries;
  // Checked before de-duplication, so that the index names the entry as the client sent it.
  requested.forEach((code, i) => {
    if (!knownTo(command, code)) throw CommitmentError.unknownMinistry(code, `ministries[${i}]`);
  });
  const ministries = [...new Set(requested)];
  if (ministries.length === 0) throw CommitmentError.noMinistry();
  const reporting = checkReporting(data.reporting ?? defaultReporting(data.metric.kind));
  const milestones = [...(data.milestones ?? [])];
  milestones.forEach((m, i) =>
    checkMilestone(m, `milestones[${i}]`, data.metric.kind, data.source.decidedOn, data.deadline),
  );
  milestones.forEach((m, i) => {
    if (milestones.findIndex((other) => other.on === m.on) !== i)
      throw CommitmentError.invalid(
        `milestones[${i}].on`,
        `milestones[${i}].on ${m.on}: another milestone is already on that day`,
      );
  });
  milestones.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  const { ministries: _requested, milestones: _given, ...rest } = data;
  return [
    {
      type: 'CommitmentDecided',
      data: {
        ...rest,
        ministries,
        allMinistries,
        reporting,
        ...(milestones.length > 0 && { milestones: milestones.map(cleanMilestone) }),
      },
    },
  ];
};

const checkReporting = (reporting: Reporting, path = 'reporting'): Reporting => {
  const problem = reportingProblem(reporting, path);
  if (problem) throw CommitmentError.invalid(problem.field, problem.message);
  return reporting.delayDays === undefined
    ? { every: reporting.every }
    : { every: reporting.every, delayDays: reporting.delayDays };
};

const cleanMilestone = (m: Milestone): Milestone => ({
  on: m.on,
  target: m.target,
  ...(m.label !== undefined && { label: m.label }),
});

/**
 * A milestone is an intermediate target of a measured commitment, on a real day between the
 * decision and the deadline. A yes/no commitment has none: its steps are counted instead (a
 * `count` metric whose target is the number of steps), so that a ministry can declare each one.
 */
const checkMilestone = (
  milestone: Milestone,
  path: string,
  kind: Metric['kind'],
  decidedOn: CalendarDate,
  deadline: CalendarDate,
): void => {
  if (kind === 'boolean')
    throw CommitmentError.invalid(
      path,
      `${path}: a yes/no commitment has no intermediate target; count its steps instead (a count metric whose target is the number of steps)`,
    );
  const dateProblem = milestoneDateProblem(milestone, path);
  if (dateProblem) throw CommitmentError.invalid(dateProblem.field, dateProblem.message);
  if (milestone.on < decidedOn)
    throw CommitmentError.dateBefore(`${path}.on`, milestone.on, decidedOn, 'the decision of');
  if (milestone.on > deadline)
    throw CommitmentError.invalid(
      `${path}.on`,
      `${path}.on ${milestone.on} is after the deadline ${deadline}: a milestone comes before it`,
    );
  if (!isInRange(kind, milestone.target))
    throw CommitmentError.valueOutOfRange(`${path}.target`, milestone.target, describeRange(kind));
  if (milestone.label !== undefined) {
    const problem =
      typeof milestone.label !== 'string'
        ? 'must be a string'
        : milestone.label.length > 200
          ? 'must be at most 200 characters'
          : textProblem(milestone.label, { singleLine: true });
    if (problem) throw CommitmentError.invalid(`${path}.label`, `${path}.label ${problem}`);
  }
};

const checkMetric = (metric: Metric): void => {
  if (!isInRange(metric.kind, metric.target)) {
    throw CommitmentError.valueOutOfRange(
      'metric.target',
      metric.target,
      describeRange(metric.kind),
    );
  }
  if (metric.baseline && !isInRange(metric.kind, metric.baseline.value)) {
    throw CommitmentError.valueOutOfRange(
      'metric.baseline.value',
      metric.baseline.value,
      describeRange(metric.kind),
    );
  }
  if (metric.baseline && !isCalendarDate(metric.baseline.on)) {
    throw CommitmentError.invalid(
      'metric.baseline.on',
      'metric.baseline.on must be a real calendar date YYYY-MM-DD',
    );
  }
};

/** Every command but the decision needs a live commitment. */
const live = (command: CommitmentCommand, state: CommitmentState): Commitment => {
  if (state.status === 'initial') throw CommitmentError.notFound(command.data.commitmentId);
  if (state.status === 'withdrawn') throw CommitmentError.withdrawn(command.data.commitmentId);
  return state;
};

/** A code the command may name: the chart's codes when the caller passes them, else the static list. */
const knownTo = (command: CommitmentCommand, code: string): boolean =>
  command.metadata.organisations?.has(code) ?? isKnownOrganisation(code);

const assigned = (command: CommitmentCommand, state: Commitment, ministry: string): void => {
  if (!knownTo(command, ministry)) throw CommitmentError.unknownMinistry(ministry);
  if (state.ministries[ministry]) return;
  // "Every ministry" holds a ministry created since the decision too (the boards do, from the
  // day it exists): it may report, be granted an extension or be exempted. Operators and
  // directorates of the reference list are never "a ministry".
  const created =
    state.allMinistries &&
    command.metadata.organisations?.has(ministry) === true &&
    (organisation(ministry)?.kind ?? 'ministry') === 'ministry';
  if (!created) throw CommitmentError.ministryNotAssigned(ministry);
};

/** The business date of a ruling: given, or today in Paris; never in the future. */
const effectiveOn = (on: CalendarDate | undefined, now: string, field = 'on'): CalendarDate => {
  const today = parisDateOf(now);
  if (on === undefined) return today;
  if (!isCalendarDate(on))
    throw CommitmentError.invalid(field, `${field} must be a real calendar date YYYY-MM-DD`);
  if (on > today) throw CommitmentError.dateInFuture(field, on, today);
  return on;
};

const reportProgress = (command: ReportProgress, current: CommitmentState): CommitmentEvent[] => {
  const state = live(command, current);
  const { data } = command;
  assigned(command, state, data.ministry);
  if (state.ministries[data.ministry]?.exempted)
    throw CommitmentError.ministryExempted(data.ministry);
  const kind = state.metricKind;
  if (!isInRange(kind, data.value))
    throw CommitmentError.valueOutOfRange('value', data.value, describeRange(kind));
  if (data.evidence !== undefined) {
    const problem = evidenceProblem(data.evidence);
    if (problem) throw CommitmentError.invalid('evidence', `evidence ${problem}`);
  }
  const on = effectiveOn(data.on, command.metadata.now);
  return [{ type: 'ProgressReported', data: { ...data, on } }];
};

const extendDeadline = (command: ExtendDeadline, current: CommitmentState): CommitmentEvent[] => {
  const state = live(command, current);
  const { data } = command;
  if (data.ministry !== undefined) {
    assigned(command, state, data.ministry);
    if (state.ministries[data.ministry]?.exempted)
      throw CommitmentError.ministryExempted(data.ministry);
  }
  if (!isCalendarDate(data.deadline))
    throw CommitmentError.invalid('deadline', 'deadline must be a real calendar date YYYY-MM-DD');
  const previousDeadline = deadlineOf(state, data.ministry);
  if (data.deadline <= previousDeadline)
    throw CommitmentError.deadlineNotLater(data.deadline, previousDeadline);
  const on = effectiveOn(data.on, command.metadata.now);
  return [{ type: 'DeadlineExtended', data: { ...data, previousDeadline, on } }];
};

const reviseTarget = (command: ReviseTarget, current: CommitmentState): CommitmentEvent[] => {
  const state = live(command, current);
  const { data } = command;
  const kind = state.metricKind;
  if (!isInRange(kind, data.target))
    throw CommitmentError.valueOutOfRange('target', data.target, describeRange(kind));
  const previousTarget = state.target.value;
  if (data.target === previousTarget) throw CommitmentError.targetUnchanged(previousTarget);
  const on = effectiveOn(data.on, command.metadata.now);
  return [{ type: 'TargetRevised', data: { ...data, previousTarget, on } }];
};

const exemptMinistry = (command: ExemptMinistry, current: CommitmentState): CommitmentEvent[] => {
  const state = live(command, current);
  const { data } = command;
  assigned(command, state, data.ministry);
  if (state.ministries[data.ministry]?.exempted)
    throw CommitmentError.alreadyExempted(data.ministry);
  const on = effectiveOn(data.on, command.metadata.now);
  return [{ type: 'MinistryExempted', data: { ...data, on } }];
};

const withdraw = (command: WithdrawCommitment, current: CommitmentState): CommitmentEvent[] => {
  live(command, current);
  const on = effectiveOn(command.data.on, command.metadata.now);
  return [{ type: 'CommitmentWithdrawn', data: { ...command.data, on } }];
};

const changeReporting = (command: ChangeReporting, current: CommitmentState): CommitmentEvent[] => {
  const state = live(command, current);
  const { data } = command;
  const reporting = checkReporting(data.reporting);
  const previousReporting = state.reporting.value;
  if (sameReporting(previousReporting, reporting))
    throw new CommitmentError(
      'COMMITMENT.REPORTING_UNCHANGED',
      'rejected',
      `The reporting cadence is already every ${reporting.every}${reporting.delayDays === undefined ? '' : ` with a delay of ${reporting.delayDays} days`}`,
      'reporting',
    );
  const on = effectiveOn(data.on, command.metadata.now);
  return [{ type: 'ReportingChanged', data: { ...data, reporting, previousReporting, on } }];
};

const addMilestone = (command: AddMilestone, current: CommitmentState): CommitmentEvent[] => {
  const state = live(command, current);
  const { data } = command;
  checkMilestone(data.milestone, 'milestone', state.metricKind, state.decidedOn, state.deadline);
  if (state.milestoneDates.includes(data.milestone.on))
    throw new CommitmentError(
      'COMMITMENT.MILESTONE_EXISTS',
      'conflict',
      `A milestone is already set on ${data.milestone.on}`,
      'milestone.on',
    );
  const on = effectiveOn(data.on, command.metadata.now);
  return [
    {
      type: 'MilestoneAdded',
      data: { ...data, milestone: cleanMilestone(data.milestone), on },
    },
  ];
};

export const decide = (command: CommitmentCommand, state: CommitmentState): CommitmentEvent[] => {
  const { type } = command;
  switch (type) {
    case 'DecideCommitment':
      return decideCommitment(command, state);
    case 'ReportProgress':
      return reportProgress(command, state);
    case 'ExtendDeadline':
      return extendDeadline(command, state);
    case 'ReviseTarget':
      return reviseTarget(command, state);
    case 'ExemptMinistry':
      return exemptMinistry(command, state);
    case 'WithdrawCommitment':
      return withdraw(command, state);
    case 'ChangeReporting':
      return changeReporting(command, state);
    case 'AddMilestone':
      return addMilestone(command, state);
    default: {
      const unknown: never = type;
      throw new Error(`Unknown command ${String(unknown)}`);
    }
  }
};
