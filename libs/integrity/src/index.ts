// The public surface of @cosinum/integrity: what the other libraries, the apps, the tests and the
// benchmarks import. Anything else is internal to the library (imported there from its own file).
export { canonicalJson } from './canonical-json';
export { ChainedEventStore } from './chained-event-store';
export {
  CHECKPOINT_EVENT,
  CHECKPOINT_STREAM,
  writeCheckpoint,
  type CheckpointData,
} from './checkpoint';
export { GENESIS_HASH, eventHash, nextGlobalHash } from './event-hash';
export { GlobalHashProjection } from './global-hash.projection';
export {
  keyIdOf,
  loadOrCreateSigningKey,
  publicKeyFromPem,
  publicKeysFromPem,
  loadPreviousKeys,
  trustedKeys,
  signingKeyFromPem,
  signingKeyIfPresent,
  type SigningKey,
} from './signing-key';
export { verifyLog, type AuditProblem, type AuditReport, type ProblemKind } from './verify-log';
export {
  checkpointLine,
  checkpointSigned,
  parseCheckpoint,
  reconcileWitness,
  witnessedCheckpoint,
  type WitnessRefusal,
} from './witness';
