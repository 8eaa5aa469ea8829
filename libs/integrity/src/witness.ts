import type { KeyObject } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { claimText, type CheckpointData } from './checkpoint';
import { verifyText } from './signing-key';

/**
 * A witness keeps its own copy of the signed checkpoints of a log, out of reach of whoever can
 * write the log: `cosinum audit witness` appends them to a file, `cosinum audit verify --witness`
 * compares the log with them. This file holds what both need, without I/O.
 */

/** The fields a witness keeps of a checkpoint: the signed claim and its signature. */
export const witnessedCheckpoint = (c: CheckpointData): CheckpointData => ({
  position: c.position,
  eventCount: c.eventCount,
  globalHash: c.globalHash,
  signedAt: c.signedAt,
  keyId: c.keyId,
  algorithm: c.algorithm,
  signature: c.signature,
});

/**
 * One checkpoint as one line of the witness file: canonical JSON of its signed fields (the store
 * position of the checkpoint event itself is left out: it belongs to one store, and
 * `cosinum migrate` changes it).
 */
export const checkpointLine = (c: CheckpointData): string => canonicalJson(witnessedCheckpoint(c));

const HEX64 = /^[0-9a-f]{64}$/;
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/**
 * A checkpoint read from a witness file or from a server's answer; throws an Error naming what is
 * wrong with it when it is not one.
 */
export const parseCheckpoint = (value: unknown): CheckpointData => {
  const c = (value ?? {}) as Record<string, unknown>;
  const wrong = (field: string) =>
    new Error(`not a signed checkpoint: ${field} is missing or invalid`);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw wrong('the object');
  if (!isCount(c.position)) throw wrong('position');
  if (!isCount(c.eventCount) || c.eventCount === 0) throw wrong('eventCount');
  if (typeof c.globalHash !== 'string' || !HEX64.test(c.globalHash)) throw wrong('globalHash');
  if (typeof c.signedAt !== 'string' || c.signedAt === '') throw wrong('signedAt');
  if (typeof c.keyId !== 'string' || c.keyId === '') throw wrong('keyId');
  if (c.algorithm !== 'Ed25519') throw wrong('algorithm');
  if (typeof c.signature !== 'string' || c.signature === '') throw wrong('signature');
  return witnessedCheckpoint(c as unknown as CheckpointData);
};

/** Whether the checkpoint's Ed25519 signature verifies with this public key. */
export const checkpointSigned = (publicKey: KeyObject, c: CheckpointData): boolean => {
  try {
    return verifyText(publicKey, claimText(c), c.signature);
  } catch {
    return false;
  }
};

const short = (hash: string) => `${hash.slice(0, 12)}…`;
const describe = (c: CheckpointData) =>
  `the checkpoint of the first ${c.eventCount} events signed at ${c.signedAt} (hash ${short(c.globalHash)})`;

export type WitnessRefusalKind =
  | 'UNKNOWN_KEY'
  | 'BAD_SIGNATURE'
  | 'CHECKPOINT_WITHDRAWN'
  | 'CHECKPOINT_REWRITTEN'
  | 'CHECKPOINT_BEHIND';

export interface WitnessRefusal {
  readonly kind: WitnessRefusalKind;
  readonly message: string;
}

/**
 * What a witness may append, given what it holds and what the server now serves (both oldest
 * first), or why it must refuse: a served checkpoint not signed by a pinned key (the key a
 * witness pinned on its first run, and those it accepted since, after a key rotation); a held one the
 * server no longer serves (truncation or rollback) or serves differently for the same number of
 * events (rewriting); a new one that vouches for fewer events than one already held (rollback).
 * A witness that refuses appends nothing.
 */
export const reconcileWitness = (
  held: readonly CheckpointData[],
  served: readonly CheckpointData[],
  keys: ReadonlyMap<string, KeyObject>,
): { readonly added: readonly CheckpointData[]; readonly refusals: readonly WitnessRefusal[] } => {
  const refusals: WitnessRefusal[] = [];
  for (const c of served) {
    const key = keys.get(c.keyId);
    if (!key) {
      refusals.push({
        kind: 'UNKNOWN_KEY',
        message: `the server serves ${describe(c)} signed by key ${c.keyId}, not by a pinned key (${[...keys.keys()].join(', ')})`,
      });
    } else if (!checkpointSigned(key, c)) {
      refusals.push({
        kind: 'BAD_SIGNATURE',
        message: `the server serves ${describe(c)} whose signature does not match its content`,
      });
    }
  }
  const servedLines = new Set(served.map(checkpointLine));
  const heldLines = new Set(held.map(checkpointLine));
  for (const c of held) {
    if (servedLines.has(checkpointLine(c))) continue;
    const other = served.find((s) => s.eventCount === c.eventCount);
    refusals.push(
      other
        ? {
            kind: 'CHECKPOINT_REWRITTEN',
            message: `the server now serves ${describe(other)} where the witness holds ${describe(c)}: the log was rewritten`,
          }
        : {
            kind: 'CHECKPOINT_WITHDRAWN',
            message: `the server no longer serves ${describe(c)}, which the witness holds: the log was truncated or rolled back`,
          },
    );
  }
  const newestHeld = held.reduce((max, c) => Math.max(max, c.eventCount), 0);
  const added = served.filter((c) => !heldLines.has(checkpointLine(c)));
  const seen = new Set<string>();
  const fresh: CheckpointData[] = [];
  for (const c of added) {
    const line = checkpointLine(c);
    if (seen.has(line)) continue;
    seen.add(line);
    fresh.push(c);
    // (One for the same number of events as a held one is reported as a rewrite above.)
    if (c.eventCount < newestHeld && !held.some((h) => h.eventCount === c.eventCount)) {
      refusals.push({
        kind: 'CHECKPOINT_BEHIND',
        message: `the server serves a new checkpoint of the first ${c.eventCount} events signed at ${c.signedAt}, though the witness already holds one of the first ${newestHeld}: the log was rolled back`,
      });
    }
  }
  return refusals.length > 0 ? { added: [], refusals } : { added: fresh, refusals };
};
