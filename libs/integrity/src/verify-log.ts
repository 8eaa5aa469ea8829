import type { KeyObject } from 'node:crypto';
import type { EventStore, RecordedEvent } from '@cosinum/event-store';
import { CHECKPOINT_EVENT, CHECKPOINT_STREAM, claimText, type CheckpointData } from './checkpoint';
import { GENESIS_HASH, eventHash, nextGlobalHash } from './event-hash';
import { verifyText } from './signing-key';
import { checkpointLine, checkpointSigned } from './witness';

export type ProblemKind =
  | 'HASH_MISMATCH'
  | 'CHAIN_BROKEN'
  | 'REVISION_GAP'
  | 'MISSING_HASH'
  | 'CHECKPOINT_MISMATCH'
  | 'CHECKPOINT_BAD_SIGNATURE'
  | 'CHECKPOINT_UNKNOWN_KEY'
  | 'LOG_TRUNCATED'
  // Found against a witness's copy of the checkpoints (`witnessed`), not in the log alone:
  /** The log is shorter than a witnessed checkpoint vouches for: its end was cut off. */
  | 'WITNESS_TRUNCATED'
  /** The first events of the log differ from what a witnessed checkpoint signed: rewritten or rolled back. */
  | 'WITNESS_MISMATCH'
  /** A witnessed checkpoint (itself an event of the log) is no longer in the log. */
  | 'WITNESS_CHECKPOINT_MISSING'
  /** A witnessed checkpoint does not verify with the trusted keys (unknown key or bad signature). */
  | 'WITNESS_UNVERIFIED';

export interface AuditProblem {
  readonly kind: ProblemKind;
  readonly message: string;
  readonly position?: number;
  readonly streamName?: string;
  readonly streamRevision?: number;
  readonly eventId?: string;
}

export interface AuditReport {
  readonly ok: boolean;
  readonly eventsChecked: number;
  readonly streams: number;
  readonly checkpointsVerified: number;
  /** Position and rolling hash of the log as verified (recomputed from content). */
  readonly head: { position: number; globalHash: string };
  /** Events after the last signed checkpoint: chained, but not yet vouched for by a signature. */
  readonly uncoveredEvents: number;
  /** Every problem found, in log order; the first one is the first event that does not match. */
  readonly problems: readonly AuditProblem[];
  /** With `witnessed`: how many witnessed checkpoints there were, and how many the log matches. */
  readonly witness?: { readonly checkpoints: number; readonly matched: number };
}

const at = (e: RecordedEvent) => ({
  position: e.position,
  streamName: e.streamName,
  streamRevision: e.streamRevision,
  eventId: e.id,
});
const where = (e: RecordedEvent) =>
  `event ${e.id} (position ${e.position}, ${e.streamName} #${e.streamRevision}, ${e.type})`;

const witnessed = (c: CheckpointData) =>
  `the witnessed checkpoint of the first ${c.eventCount} events signed at ${c.signedAt}`;

/**
 * Checks the whole log: every event's hash against its content, every stream's chain and
 * revisions, the rolling hash against every signed checkpoint (which catches deleted, inserted and
 * reordered events), and each checkpoint's Ed25519 signature against the trusted keys.
 *
 * The log's own checkpoints live in the log: whoever cuts off its end takes the newest checkpoints
 * with it, and whoever holds the signing key can rewrite it and sign it again. `witnessed` are the
 * checkpoints a witness kept elsewhere (see witness.ts): the log must still hold at least the
 * events each vouches for, with the same rolling hash after them, and the checkpoint itself (an
 * event recorded after them). Each must verify with the trusted keys.
 */
export const verifyLog = async (
  store: EventStore,
  trustedKeys: ReadonlyMap<string, KeyObject>,
  options: {
    batchSize?: number;
    onProgress?: (position: number) => void;
    witnessed?: readonly CheckpointData[];
  } = {},
): Promise<AuditReport> => {
  const problems: AuditProblem[] = [];
  const witness: CheckpointData[] = [];
  for (const c of options.witnessed ?? []) {
    const key = trustedKeys.get(c.keyId);
    if (key && checkpointSigned(key, c)) {
      witness.push(c);
    } else {
      problems.push({
        kind: 'WITNESS_UNVERIFIED',
        message: key
          ? `${witnessed(c)}: the signature does not match its content`
          : `${witnessed(c)} is signed by key ${c.keyId}, which is not trusted here (trusted: ${[...trustedKeys.keys()].join(', ') || 'none'})`,
      });
    }
  }
  witness.sort((a, b) => a.eventCount - b.eventCount);
  let nextWitnessed = 0;
  const mismatched = new Set<CheckpointData>();
  // Checkpoints are matched on the number of events they vouch for, not on log positions: a
  // position belongs to one store, and `cosinum migrate` carries the log (and its checkpoints)
  // into another whose positions differ.
  const checkpoints = (await store.readStream(CHECKPOINT_STREAM))
    .filter((e) => e.type === CHECKPOINT_EVENT)
    .map((e) => e.data as CheckpointData)
    .sort((a, b) => a.eventCount - b.eventCount);
  let next = 0;
  const streams = new Map<string, { revision: number; hash: string }>();
  let globalHash = GENESIS_HASH;
  let count = 0;
  let position = 0;
  let verified = 0;
  let lastCovered = 0;
  const batchSize = options.batchSize ?? 5000;
  for (;;) {
    const batch = await store.readAll({ after: position, maxCount: batchSize });
    for (const e of batch) {
      const previous = streams.get(e.streamName);
      const expectedRevision = previous ? previous.revision + 1 : 0;
      if (e.streamRevision !== expectedRevision) {
        problems.push({
          kind: 'REVISION_GAP',
          message: `${where(e)}: expected revision ${expectedRevision} of ${e.streamName}; events are missing or out of order before it`,
          ...at(e),
        });
      }
      const stored = e.metadata.hash as string | undefined;
      const recomputed = eventHash(e);
      if (stored === undefined) {
        problems.push({ kind: 'MISSING_HASH', message: `${where(e)} carries no hash`, ...at(e) });
      } else if (stored !== recomputed) {
        problems.push({
          kind: 'HASH_MISMATCH',
          message: `${where(e)}: its content does not match its hash (edited after it was recorded)`,
          ...at(e),
        });
      }
      if ((e.metadata.previousHash ?? GENESIS_HASH) !== (previous?.hash ?? GENESIS_HASH)) {
        problems.push({
          kind: 'CHAIN_BROKEN',
          message: `${where(e)}: its previousHash does not match the event before it in ${e.streamName}`,
          ...at(e),
        });
      }
      streams.set(e.streamName, { revision: e.streamRevision, hash: stored ?? recomputed });
      globalHash = nextGlobalHash(globalHash, recomputed);
      count++;
      position = e.position;
      for (; next < checkpoints.length && checkpoints[next].eventCount === count; next++) {
        const checkpoint = checkpoints[next];
        const key = trustedKeys.get(checkpoint.keyId);
        if (!key) {
          problems.push({
            kind: 'CHECKPOINT_UNKNOWN_KEY',
            message: `checkpoint of ${checkpoint.signedAt} at position ${checkpoint.position} is signed by unknown key ${checkpoint.keyId}`,
            position: e.position,
          });
        } else if (!verifyText(key, claimText(checkpoint), checkpoint.signature)) {
          problems.push({
            kind: 'CHECKPOINT_BAD_SIGNATURE',
            message: `checkpoint of ${checkpoint.signedAt} at position ${checkpoint.position}: the signature does not match its content`,
            position: e.position,
          });
        } else if (checkpoint.globalHash !== globalHash) {
          problems.push({
            kind: 'CHECKPOINT_MISMATCH',
            message: `the first ${count} events of the log differ from what was signed at ${checkpoint.signedAt} (signed hash ${checkpoint.globalHash.slice(0, 12)}…, found ${globalHash.slice(0, 12)}…): events were deleted, inserted, reordered or edited at or before position ${e.position}`,
            position: e.position,
          });
        } else {
          verified++;
          lastCovered = count;
        }
      }
      for (
        ;
        nextWitnessed < witness.length && witness[nextWitnessed].eventCount <= count;
        nextWitnessed++
      ) {
        const c = witness[nextWitnessed];
        if (c.eventCount < count || c.globalHash === globalHash) continue;
        mismatched.add(c);
        problems.push({
          kind: 'WITNESS_MISMATCH',
          message: `the first ${count} events of the log differ from what ${witnessed(c)} vouches for (witnessed hash ${c.globalHash.slice(0, 12)}…, found ${globalHash.slice(0, 12)}…): the log was rewritten or rolled back at or before position ${e.position}`,
          position: e.position,
        });
      }
    }
    if (batch.length > 0) options.onProgress?.(position);
    if (batch.length < batchSize) break;
  }
  for (const c of checkpoints.slice(next)) {
    problems.push({
      kind: 'LOG_TRUNCATED',
      message: `checkpoint of ${c.signedAt} vouches for ${c.eventCount} events, but the log has only ${count}: events were removed`,
      position: c.position,
    });
  }
  const inLog = new Set(checkpoints.map(checkpointLine));
  let matched = 0;
  for (const c of witness) {
    if (c.eventCount > count) {
      problems.push({
        kind: 'WITNESS_TRUNCATED',
        message: `${witnessed(c)} vouches for ${c.eventCount} events, but the log has only ${count}: the log was truncated (events were removed from its end)`,
      });
    } else if (mismatched.has(c)) {
      continue;
    } else if (!inLog.has(checkpointLine(c))) {
      // The checkpoint is an event recorded after those it vouches for: a log of exactly that many
      // events lost at least its last one.
      problems.push(
        c.eventCount === count
          ? {
              kind: 'WITNESS_TRUNCATED',
              message: `${witnessed(c)} is no longer in the log, which ends with the ${count} events it vouches for: the log was truncated (its last events removed, the checkpoint with them)`,
            }
          : {
              kind: 'WITNESS_CHECKPOINT_MISSING',
              message: `${witnessed(c)} is no longer in the log: it was removed or rewritten`,
            },
      );
    } else {
      matched++;
    }
  }
  problems.sort((a, b) => (a.position ?? Infinity) - (b.position ?? Infinity));
  return {
    ok: problems.length === 0,
    eventsChecked: count,
    streams: streams.size,
    checkpointsVerified: verified,
    head: { position, globalHash },
    uncoveredEvents: count - lastCovered,
    problems,
    ...(options.witnessed ? { witness: { checkpoints: options.witnessed.length, matched } } : {}),
  };
};
