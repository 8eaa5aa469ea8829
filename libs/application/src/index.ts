// The public surface of @cosinum/application: what the other libraries, the apps, the tests and the
// benchmarks import. Anything else is internal to the library (imported there from its own file).
export { CLOCK, fixedClock, systemClock, type Clock } from './clock';
export { ExecuteCommitmentCommand } from './commands';
export { CosinumCoreModule, type CoreOverrides } from './core.module';
export {
  executeCommitmentCommand,
  type CommandContext,
  type CommandInput,
  type CommitmentStateSource,
} from './execute-command';
export { openEventStore } from './open-event-store';
export {
  LINEAGE_ACTOR,
  ListOrganisationsQuery,
  RecordOrganisationChangeCommand,
  existsOn,
  knownOrganisationCodes,
  lineage,
  listOrganisations,
  predecessorsOf,
  recordOrganisationChange,
  recordReferenceLineage,
  type LineageEntry,
  type ListedOrganisation,
  type OrganisationChangeInput,
  type OrganisationChangeOutcome,
  type OrganisationLineage,
} from './organisations';
export { ProjectionService, type StartInfo } from './projection.service';
export { SNAPSHOT_FILE, loadSnapshot, snapshotFileOf } from './read-model-snapshots';
export {
  GetCommitmentHistoryQuery,
  GetCommitmentViewQuery,
  GetMinistryHistoryQuery,
  GetSlippageReportQuery,
  GetStatusBoardQuery,
  ListCommitmentsQuery,
  configuredRules,
  rulesFor,
  type RulesChoice,
  type CommitmentSummary,
  type HistoryEntry,
  type HistoryFilter,
  type HistoryPage,
} from './queries';
export {
  AdoptStatusRulesCommand,
  ListStatusRulesQuery,
  STATUS_RULES_ACTOR,
  adoptStatusRules,
  listRuleSets,
  recordInitialRules,
  type AdoptStatusRulesInput,
  type ListedRuleSet,
  type RulesOutcome,
} from './status-rules';
export { APP_CONFIG } from './tokens';
