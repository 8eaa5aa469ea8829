import { isCalendarDate, parisDateOf, type CalendarDate } from '../calendar';
import { ALL_MINISTRY_CODES, isKnownOrganisation } from '../ministries';
import type {
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
  const allMinistries = data.ministries === 'all';
  const requested = data.ministries === 'all' ? ALL_MINISTRY_CODES : data.ministries;
  // Checked before de-duplication, so that the index names the entry as the client sent it.
  requested.forEach((code, i) => {
    if (!isKnownOrganisation(code)) throw CommitmentError.unknownMinistry(code, `ministries[${i}]`);
  });
  const ministries = [...new Set(requested)];
  if (ministries.length === 0) throw CommitmentError.noMinistry();
  const { ministries: _requested, ...rest } = data;
  return [{ type: 'CommitmentDecided', data: { ...rest, ministries, allMinistries } }];
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

const assigned = (state: Commitment, ministry: string): void => {
  if (!isKnownOrganisation(ministry)) throw CommitmentError.unknownMinistry(ministry);
  if (!state.ministries[ministry]) throw CommitmentError.ministryNotAssigned(ministry);
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
  assigned(state, data.ministry);
  if (state.ministries[data.ministry].exempted)
    throw CommitmentError.ministryExempted(data.ministry);
  const kind = state.metricKind;
  if (!isInRange(kind, data.value))
    throw CommitmentError.valueOutOfRange('value', data.value, describeRange(kind));
  const on = effectiveOn(data.on, command.metadata.now);
  return [{ type: 'ProgressReported', data: { ...data, on } }];
};

const extendDeadline = (command: ExtendDeadline, current: CommitmentState): CommitmentEvent[] => {
  const state = live(command, current);
  const { data } = command;
  if (data.ministry !== undefined) {
    assigned(state, data.ministry);
    if (state.ministries[data.ministry].exempted)
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
  assigned(state, data.ministry);
  if (state.ministries[data.ministry].exempted)
    throw CommitmentError.alreadyExempted(data.ministry);
  const on = effectiveOn(data.on, command.metadata.now);
  return [{ type: 'MinistryExempted', data: { ...data, on } }];
};

const withdraw = (command: WithdrawCommitment, current: CommitmentState): CommitmentEvent[] => {
  live(command, current);
  const on = effectiveOn(command.data.on, command.metadata.now);
  return [{ type: 'CommitmentWithdrawn', data: { ...command.data, on } }];
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
    default: {
      const unknown: never = type;
      throw new Error(`Unknown command ${String(unknown)}`);
    }
  }
};
