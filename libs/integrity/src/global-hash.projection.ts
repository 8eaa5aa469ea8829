import type { RecordedEvent } from '@cosinum/event-store';
import { GENESIS_HASH, nextGlobalHash } from './event-hash';

/**
 * The log's rolling hash as the projections see it, from each event's stored hash: what a
 * checkpoint signs. (Verification recomputes every hash from the content instead.)
 */
export class GlobalHashProjection {
  readonly name = 'global-hash';
  /** Changed in place: one event, no allocation but the new hash's string. */
  private readonly state = { position: 0, eventCount: 0, globalHash: GENESIS_HASH };

  get position(): number {
    return this.state.position;
  }

  get head(): { position: number; eventCount: number; globalHash: string } {
    return { ...this.state };
  }

  /** For a read-model snapshot: the head is the whole state. */
  toSnapshot(): { position: number; eventCount: number; globalHash: string } {
    return this.head;
  }

  restore(head: { position: number; eventCount: number; globalHash: string }): void {
    if (!/^[0-9a-f]{64}$/.test(head.globalHash))
      throw new RangeError('A snapshot of the global hash must hold a SHA-256 in hex');
    this.state.position = head.position;
    this.state.eventCount = head.eventCount;
    this.state.globalHash = head.globalHash;
  }

  apply(event: RecordedEvent): void {
    if (event.position <= this.state.position) return;
    const hash = (event.metadata.hash as string | undefined) ?? GENESIS_HASH;
    this.state.globalHash = nextGlobalHash(this.state.globalHash, hash);
    this.state.eventCount++;
    this.state.position = event.position;
  }
}
