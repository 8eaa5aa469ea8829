import { handleCommand, type Actor, type Decider, type EventStore } from '@cosinum/event-store';
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

/** Sign the log head as of `signedAt`. */
export interface SignCheckpoint {
  readonly key: SigningKey;
  readonly head: {
    readonly position: number;
    readonly eventCount: number;
    readonly globalHash: string;
  };
  readonly signedAt: string;
}

export interface LogCheckpointSigned {
  readonly type: typeof CHECKPOINT_EVENT;
  readonly data: CheckpointData;
}

/**
 * The checkpoint stream's decider: every command appends one signed checkpoint, whatever came
 * before (the stream keeps no state; whether the head is already signed is the caller's question).
 */
export const checkpointDecider: Decider<SignCheckpoint, null, LogCheckpointSigned, unknown> = {
  decide: ({ key, head, signedAt }) => [
    { type: CHECKPOINT_EVENT, data: signCheckpoint(key, { ...head, signedAt }) },
  ],
  evolve: (state) => state,
  initialState: () => null,
};

/**
 * Appends a signed checkpoint of the log head through the one command path (through the chained
 * store, so it is chained too). The checkpoint is signed and recorded at the same instant `now`.
 */
export const writeCheckpoint = async (
  store: EventStore,
  key: SigningKey,
  head: { position: number; eventCount: number; globalHash: string },
  now: string,
  actor: Actor = { subject: 'system:audit', role: 'system' },
  maxAttempts = 20,
): Promise<CheckpointData> => {
  const { events } = await handleCommand(
    store,
    checkpointDecider,
    { key, head, signedAt: now },
    { streamName: CHECKPOINT_STREAM, context: { actor }, now: () => now, maxAttempts },
  );
  return events[0].data;
};
