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

  apply(event: RecordedEvent): void {
    if (event.position <= this.checkpoint) return;
    this.checkpoint = event.position;
    if (event.type !== 'ReminderSent') return;
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
}

const add = (map: Map<string, Set<string>>, key: string, stream: string) => {
  const set = map.get(key) ?? new Set<string>();
  set.add(stream);
  map.set(key, set);
};
