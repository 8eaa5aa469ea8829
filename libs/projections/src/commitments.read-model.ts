import {
  evolveInPlace,
  initialState,
  isCommitmentEvent,
  type CommitmentEvent,
  type CommitmentState,
  type DecidedCommitment,
} from '@cosinum/domain';
import type { RecordedEvent } from '@cosinum/event-store';

/**
 * Every commitment folded from the global log, with each fact's business date and recording time,
 * so that the board can be evaluated at any (asOf, knownAt) without reading the store again.
 * Idempotent on replays: an event at or before the checkpoint is ignored.
 *
 * The states it hands out are live: a later `apply` extends them in place. Read them
 * synchronously (as the queries do); copy what must stay frozen.
 */
export class CommitmentsReadModel {
  readonly name = 'commitments';
  private readonly states = new Map<string, DecidedCommitment>();
  private readonly byExternalId = new Map<string, string>();
  private checkpoint = 0;
  private count = 0;

  get position(): number {
    return this.checkpoint;
  }

  /** Number of commitment events folded. */
  get eventCount(): number {
    return this.count;
  }

  apply(event: RecordedEvent): void {
    if (event.position <= this.checkpoint) return;
    this.checkpoint = event.position;
    if (!isCommitmentEvent(event)) return;
    const domainEvent = event as unknown as CommitmentEvent;
    const id = domainEvent.data.commitmentId;
    const current: CommitmentState = this.states.get(id) ?? initialState();
    // The model owns its states and keeps no earlier one: the fold appends in place, in O(1)
    // (a copy per event made the rebuild quadratic in the length of each stream). Evolve reads
    // only `metadata.recordedAt` of the stored event.
    const next = evolveInPlace(current, domainEvent);
    if (next.status === 'initial') return;
    this.count++;
    this.states.set(id, next);
    if (domainEvent.type === 'CommitmentDecided' && domainEvent.data.externalId) {
      this.byExternalId.set(domainEvent.data.externalId, id);
    }
  }

  get(commitmentId: string): DecidedCommitment | undefined {
    return this.states.get(commitmentId);
  }

  idForExternalId(externalId: string): string | undefined {
    return this.byExternalId.get(externalId);
  }

  all(): IterableIterator<DecidedCommitment> {
    return this.states.values();
  }

  get size(): number {
    return this.states.size;
  }
}
