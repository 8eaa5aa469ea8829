import type { RecordedEvent } from '@cosinum/event-store';

/**
 * Which reminder streams warned about which commitment, and which ministry: so that a
 * commitment's or a ministry's history can show that it had been warned, and when. Folded from
 * `ReminderSent` events (their `commitmentIds` and `ministry`), like any read model.
 */
export class RemindersIndex {
  readonly name = 'reminders-index';
  private checkpoint = 0;
  private readonly byCommitment = new Map<string, Set<string>>();
  private readonly byMinistry = new Map<string, Set<string>>();

  get position(): number {
    return this.checkpoint;
  }

  /**
   * Reminder streams claimed and not yet sent, whatever their week: where a run must look besides
   * the current week (a claim left without outcome over a week boundary is not forgotten), and
   * what `/health` and the dashboard report once no runner will try again (`hasGivenUp`, in
   * libs/reminders, says when).
   */
  private readonly open = new Map<string, OpenReminder>();

  apply(event: RecordedEvent): void {
    if (event.position <= this.checkpoint) return;
    this.checkpoint = event.position;
    if (event.type === 'ReminderClaimed') {
      const data = event.data as { ministry: string; isoWeek: string; attempt: number };
      const known = this.open.get(event.streamName);
      this.open.set(event.streamName, {
        stream: event.streamName,
        ministry: data.ministry,
        isoWeek: data.isoWeek,
        attempts: Math.max(known?.attempts ?? 0, data.attempt),
        lastClaimedAt: event.metadata.recordedAt as string,
        lastFailure: known?.lastFailure,
        failed: false,
      });
      return;
    }
    if (event.type === 'ReminderFailed') {
      const known = this.open.get(event.streamName);
      const data = event.data as { error: string; permanent?: boolean; attempt: number };
      if (known && data.attempt === known.attempts)
        this.open.set(event.streamName, {
          ...known,
          failed: true,
          lastFailure: { error: data.error, permanent: data.permanent === true },
        });
      return;
    }
    if (event.type !== 'ReminderSent') return;
    this.open.delete(event.streamName);
    const data = event.data as { ministry?: string; commitmentIds?: readonly string[] };
    for (const id of data.commitmentIds ?? []) add(this.byCommitment, id, event.streamName);
    if (data.ministry) add(this.byMinistry, data.ministry, event.streamName);
  }

  streamsForCommitment(commitmentId: string): string[] {
    return [...(this.byCommitment.get(commitmentId) ?? [])];
  }

  streamsForMinistry(ministry: string): string[] {
    return [...(this.byMinistry.get(ministry) ?? [])];
  }

  /** Every reminder claimed and not sent, oldest week first. */
  openReminders(): OpenReminder[] {
    return [...this.open.values()].sort(
      (a, b) => a.isoWeek.localeCompare(b.isoWeek) || a.ministry.localeCompare(b.ministry),
    );
  }
}

export interface OpenReminder {
  readonly stream: string;
  readonly ministry: string;
  readonly isoWeek: string;
  /** Claims so far. */
  readonly attempts: number;
  readonly lastClaimedAt: string;
  /** The latest claim ended in a failure (else: it is in flight, or its runner stopped). */
  readonly failed: boolean;
  readonly lastFailure?: { readonly error: string; readonly permanent: boolean };
}

const add = (map: Map<string, Set<string>>, key: string, stream: string) => {
  const set = map.get(key) ?? new Set<string>();
  set.add(stream);
  map.set(key, set);
};
