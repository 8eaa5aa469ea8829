import * as crypto from 'node:crypto';
import type { EventMetadata } from '@cosinum/event-store';
import { canonicalJson } from './canonical-json';

/** The hash before the first event of a stream, and before the first event of the log. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * One-shot `crypto.hash` (Node ≥ 20.12) where it exists: building a `Hash` object cost more than
 * hashing the ~150 bytes of a link, and the rebuild hashes once per event.
 */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string })
  .hash;
export const sha256: (text: string) => string = oneShot
  ? (text) => oneShot('sha256', text, 'hex')
  : (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

/** What an event's hash covers: everything about it but the hash itself. */
export interface HashedContent {
  readonly streamName: string;
  readonly streamRevision: number;
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: EventMetadata;
}

/** Metadata an event carries about its own integrity (kept in its metadata, so every store keeps it). */
export interface IntegrityMetadata {
  /** Hash of the previous event of the same stream (GENESIS_HASH for the first). */
  readonly previousHash: string;
  /** SHA-256 of the canonical JSON of the event (without `hash`) and `previousHash`. */
  readonly hash: string;
}

export const withoutHash = (metadata: EventMetadata): EventMetadata => {
  const { hash: _hash, ...rest } = metadata as EventMetadata & { hash?: unknown };
  return rest as EventMetadata;
};

/**
 * The chain link: SHA-256 over the canonical JSON of the event — stream, revision, id, type, data
 * and metadata (which holds `previousHash`), the `hash` field itself excluded.
 */
export const eventHash = (event: HashedContent): string =>
  sha256(
    canonicalJson({
      streamName: event.streamName,
      streamRevision: event.streamRevision,
      id: event.id,
      type: event.type,
      data: event.data,
      metadata: withoutHash(event.metadata),
    }),
  );

/** The log's rolling hash: each event's hash folded in global order. */
export const nextGlobalHash = (globalHash: string, eventHashValue: string): string =>
  sha256(`${globalHash}${eventHashValue}`);
