// The public surface of @cosinum/projections: what the other libraries, the apps, the tests and the
// benchmarks import. Anything else is internal to the library (imported there from its own file).
export { BoardCache } from './board-cache';
export {
  commitmentView,
  statusBoard,
  type Board,
  type BoardFilter,
  type CommitmentView,
} from './board.queries';
export { CommitmentsReadModel, type CommitmentsSnapshot } from './commitments.read-model';
export { ProjectionRunner, type Projection } from './projection-runner';
export {
  RemindersIndex,
  type OpenReminder,
  type RemindersSnapshot,
  type ReminderSummary,
} from './reminders.index';
export {
  SESSION_REVOKED,
  SessionsIndex,
  type SessionRevokedData,
  type SessionsSnapshot,
} from './sessions.index';
export { slippageReport, type SlippageReport } from './slippage.queries';
