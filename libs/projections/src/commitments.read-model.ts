import * as domain from '@cosinum/domain';
import type {
  CommitmentEvent,
  CommitmentState,
  DecidedCommitment,
  MinistryTrack,
} from '@cosinum/domain';
import type { RecordedEvent } from '@cosinum/event-store';

// Bound once: through the package's re-exports every use is a getter call, and `apply` runs once
// per event of the log.
const { evolveInPlace, initialState, isCommitmentEvent, msOf } = domain;

/** Where a command may start from: a commitment's state at a known stream revision. */
export interface CommitmentSnapshots {
  snapshotOf(commitmentId: string): { state: DecidedCommitment; revision: number } | undefined;
}

/**
 * Every commitment folded from the global log, with each fact's business date and recording time,
 * so that the board can be evaluated at any (asOf, knownAt) without reading the store again.
 * Idempotent on replays: an event at or before the checkpoint is ignored.
 *
 * The states it hands out are live: a later `apply` extends them in place. Read them
 * synchronously (as the queries do); copy what must stay frozen.
 */
export class CommitmentsReadModel implements CommitmentSnapshots {
  readonly name = 'commitments';
  /** Each commitment's state, and the stream revision of the last event folded into it. */
  private readonly entries = new Map<string, { state: DecidedCommitment; revision: number }>();
  private readonly byExternalId = new Map<string, string>();
  private checkpoint = 0;
  private count = 0;
  /** The latest recording instant folded, in canonical form ('' when none)... */
  private latestCanonical = '';
  /** ...and in ms among the few written otherwise (-Infinity when none). */
  private latestOtherMs = -Infinity;

  get position(): number {
    return this.checkpoint;
  }

  /**
   * The latest recording instant among the facts folded (ms; -Infinity when none): a board
   * known at or after it reads every fact, whatever its exact `knownAt`.
   */
  get lastRecordedMs(): number {
    return this.latestCanonical === ''
      ? this.latestOtherMs
      : Math.max(msOf(this.latestCanonical), this.latestOtherMs);
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
    const entry = this.entries.get(id);
    const current: CommitmentState = entry?.state ?? initialState();
    // The model owns its states and keeps no earlier one: the fold appends in place, in O(1)
    // (a copy per event made the rebuild quadratic in the length of each stream). Evolve reads
    // only `metadata.recordedAt` of the stored event.
    const next = evolveInPlace(current, domainEvent);
    if (next.status === 'initial') return;
    this.count++;
    const recordedAt = event.metadata?.recordedAt;
    if (recordedAt !== undefined) {
      // The canonical form (what the store writes) sorts as text, so no parsing per event.
      if (
        recordedAt.length === 24 &&
        recordedAt.charCodeAt(19) === 46 &&
        recordedAt.charCodeAt(23) === 90
      ) {
        if (recordedAt > this.latestCanonical) this.latestCanonical = recordedAt;
      } else {
        const ms = msOf(recordedAt);
        if (ms > this.latestOtherMs) this.latestOtherMs = ms;
      }
    }
    if (entry) {
      entry.state = next;
      entry.revision = event.streamRevision;
    } else this.entries.set(id, { state: next, revision: event.streamRevision });
    if (domainEvent.type === 'CommitmentDecided' && domainEvent.data.externalId) {
      this.byExternalId.set(domainEvent.data.externalId, id);
    }
  }

  /**
   * Gives back the room the rebuild's doublings left in the report columns: called once the
   * model has caught up with the log (ProjectionRunner does), roughly halving their memory.
   */
  compact(): void {
    for (const { state } of this.entries.values())
      for (const code in state.ministries) state.ministries[code].reports.compact();
  }

  /** Called by ProjectionRunner once the log stored at start has been folded. */
  caughtUp(): void {
    this.compact();
  }

  get(commitmentId: string): DecidedCommitment | undefined {
    return this.entries.get(commitmentId)?.state;
  }

  /**
   * A frozen copy of a commitment as folded so far, with the stream revision it reflects: where a
   * command starts from instead of reading the whole stream again (it still reads what came after
   * that revision, and its append still checks the revision). O(ministries), not O(events): the
   * report series are shared views that later folds do not change.
   */
  snapshotOf(commitmentId: string): { state: DecidedCommitment; revision: number } | undefined {
    const entry = this.entries.get(commitmentId);
    if (!entry) return undefined;
    const { state, revision } = entry;
    const ministries: Record<string, MinistryTrack> = {};
    for (const code in state.ministries) {
      const track = state.ministries[code];
      ministries[code] = { code, reports: track.reports.snapshot(), exemption: track.exemption };
    }
    return {
      state: {
        ...state,
        ministries,
        extensions: [...state.extensions],
        targetRevisions: [...state.targetRevisions],
      },
      revision,
    };
  }

  idForExternalId(externalId: string): string | undefined {
    return this.byExternalId.get(externalId);
  }

  *all(): IterableIterator<DecidedCommitment> {
    for (const entry of this.entries.values()) yield entry.state;
  }

  get size(): number {
    return this.entries.size;
  }
}
