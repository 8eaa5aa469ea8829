import { randomUUID } from 'node:crypto';
import type { Actor, EventStore } from '@cosinum/event-store';
import { canonicalJson } from './canonical-json';
import { signText, type SigningKey } from './signing-key';

export const CHECKPOINT_STREAM = 'audit-checkpoints';
export const CHECKPOINT_EVENT = 'LogCheckpointSigned';

/** What a checkpoint vouches for: the log up to `position`, `eventCount` events, rolling hash. */
export interface CheckpointClaim {
  readonly position: number;
  readonly eventCount: number;
  readonly globalHash: string;
  readonly signedAt: string;
  readonly keyId: string;
}

export interface CheckpointData extends CheckpointClaim {
  readonly algorithm: 'Ed25519';
  /** Base64 Ed25519 signature of the canonical JSON of the claim. */
  readonly signature: string;
}

export const claimText = (claim: CheckpointClaim): string =>
  canonicalJson({
    position: claim.position,
    eventCount: claim.eventCount,
    globalHash: claim.globalHash,
    signedAt: claim.signedAt,
    keyId: claim.keyId,
  });

export const signCheckpoint = (
  key: SigningKey,
  claim: Omit<CheckpointClaim, 'keyId'>,
): CheckpointData => {
  const full = { ...claim, keyId: key.keyId };
  return { ...full, algorithm: 'Ed25519', signature: signText(key, claimText(full)) };
};

/** Appends a signed checkpoint of the log head (through the chained store, so it is chained too). */
export const writeCheckpoint = async (
  store: EventStore,
  key: SigningKey,
  head: { position: number; eventCount: number; globalHash: string },
  now: string,
  actor: Actor = { subject: 'system:audit', role: 'system' },
): Promise<CheckpointData> => {
  const data = signCheckpoint(key, { ...head, signedAt: now });
  await store.appendToStream(
    CHECKPOINT_STREAM,
    [
      {
        id: randomUUID(),
        type: CHECKPOINT_EVENT,
        data,
        metadata: {
          actor,
          correlationId: randomUUID(),
          causationId: null,
          recordedAt: now,
          schemaVersion: 1,
        },
      },
    ],
    { expectedRevision: 'any' },
  );
  return data;
};
