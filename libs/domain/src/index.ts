// The public surface of @cosinum/domain: what the other libraries, the apps, the tests and the
// benchmarks import. Anything else is internal to the library (imported there from its own file).
export {
  PARIS,
  addDays,
  daysBetween,
  endOfParisDay,
  frenchDate,
  isCalendarDate,
  parisDateOf,
  parseMoment,
  startOfParisDay,
  type CalendarDate,
  type Instant,
} from './calendar/calendar-date';
export { msOf } from './calendar/day-numbers';
export {
  type AddMilestone,
  type ChangeReporting,
  type CommitmentCommand,
  type DecideCommitment,
  type ExemptMinistry,
  type ExtendDeadline,
  type ReportProgress,
  type ReviseTarget,
  type WithdrawCommitment,
} from './commitment/commitment.commands';
export { decide } from './commitment/commitment.decide';
export { CommitmentError, DomainError, type DomainErrorKind } from './commitment/commitment.errors';
export {
  commitmentStream,
  isCommitmentEvent,
  type CommitmentDecided,
  type CommitmentEvent,
  type CommitmentWithdrawn,
  type DeadlineExtended,
  type DatePrecision,
  type Direction,
  type Metric,
  type MetricKind,
  type MilestoneAdded,
  type MinistryExempted,
  type ProgressReported,
  type ReportingChanged,
  type SourceReference,
  type TargetRevised,
} from './commitment/commitment.events';
export { evolve, initialState, type CommitmentState } from './commitment/commitment.state';
export { commitmentDecider } from './commitment/index';
export { describeRange, formatTarget, formatValue, isInRange, unitFor } from './commitment/metric';
export { EVIDENCE_MAX, evidenceProblem, textProblem } from './commitment/text';
export {
  CADENCES,
  MAX_DELAY_DAYS,
  defaultReporting,
  reportingProblem,
  sameReporting,
  type Cadence,
  type Milestone,
  type Reporting,
} from './commitment/reporting';
export {
  INITIAL_REASON,
  STATUS_RULES_STREAM,
  StatusRulesError,
  configurationRuleSet,
  decideStatusRules,
  evolveRuleSets,
  initialRuleSets,
  ruleSetInForce,
  type AdoptStatusRules,
  type RuleSet,
  type RuleSetsState,
  type StatusRulesAdopted,
} from './rules/status-rules';
export {
  ALL_MINISTRY_CODES,
  ORGANISATIONS,
  ORGANISATION_CODES,
  isKnownOrganisation,
  organisation,
  type Organisation,
} from './ministries/ministries';
export {
  currentDeadline,
  currentTarget,
  evolveHistory,
  evolveHistoryInPlace,
  initialHistory,
  type CommitmentHistory,
  type FoldableEvent,
  type HistoryState,
  type MinistryTrack,
} from './status/commitment-history';
export {
  ReportSeries,
  packedColumns,
  type PackedColumns,
  type SparseColumns,
} from './status/report-series';
export {
  emptyCounts,
  evaluateCommitment,
  meanRate,
  type CommitmentRollup,
} from './status/commitment-view';
export {
  deadlineSteps,
  evaluateItem,
  recordedBy,
  type Assignment,
  type DeadlineStep,
} from './status/evaluate-status';
export { assignedItems, type AssignedItem } from './status/assignments';
export { trendRate } from './status/status-messages';
export {
  DEFAULT_RULES,
  ITEM_STATES,
  type ItemState,
  type MilestoneStatus,
  type Moment,
  type StatusItem,
  type StatusRules,
} from './status/status.types';
export {
  ORGANISATIONS_STREAM,
  ORGANISATION_CODE,
  OrganisationError,
  decideOrganisation,
  emptyChart,
  evolveChart,
  isOrganisationEvent,
  lineageOf,
  organisationOn,
  organisationsOn,
  takenOverBy,
  type NameForms,
  type OrganisationChart,
  type OrganisationCommand,
  type OrganisationEvent,
  type OrganisationHistory,
  type OrganisationOn,
} from './organisations/organisation-chart';
