import type { RecordedEvent } from '@cosinum/event-store';

/**
 * Every weekly reminder stream (`reminder-<CODE>-<week>`) and where it stands, per ministry; and
 * which streams warned about which commitment and ministry, so that a commitment's or a ministry's
 * history can show that it had been warned, and when. Folded from `ReminderClaimed`,
 * `ReminderFailed` and `ReminderSent`, like any read model. Memory stays small: one summary per
 * (ministry, week) that was ever claimed (dry runs write nothing and never appear).
 */
export class RemindersIndex {
  readonly name = 'reminders-index';
  private checkpoint = 0;
  private byCommitment = new Map<string, Set<string>>();
  private byMinistry = new Map<string, Set<string>>();
  /** Every claimed stream, by ministry then stream name. */
  private streams = new Map<string, Map<string, ReminderSummary>>();

  get position(): number {
    return this.checkpoint;
  }

  apply(event: RecordedEvent): void {
    if (event.position <= this.checkpoint) return;
    this.checkpoint = event.position;
    if (event.type === 'ReminderClaimed') {
      const data = event.data as {
        ministry: string;
        isoWeek: string;
        attempt: number;
        recipients?: readonly string[];
      };
      const known = this.find(data.ministry, event.streamName);
      if (known?.sent) return;
      const at = event.metadata.recordedAt as string;
      this.put({
        stream: event.streamName,
        ministry: data.ministry,
        isoWeek: data.isoWeek,
        attempts: Math.max(known?.attempts ?? 0, data.attempt),
        firstClaimedAt: known?.firstClaimedAt ?? at,
        lastClaimedAt: at,
        // Every attempt goes to the first claim's recipients.
        recipients: known?.recipients ?? data.recipients ?? [],
        lastFailure: known?.lastFailure,
        failed: false,
      });
      return;
    }
    if (event.type === 'ReminderFailed') {
      const data = event.data as {
        ministry: string;
        error: string;
        permanent?: boolean;
        attempt: number;
        retryAt?: string;
        responseCode?: number;
      };
      const known = this.find(data.ministry, event.streamName);
      // Only the latest claim's failure counts (a runner that took the stream over has the attempt).
      if (known && !known.sent && data.attempt === known.attempts)
        this.put({
          ...known,
          failed: true,
          lastFailure: {
            error: data.error,
            permanent: data.permanent === true,
            at: event.metadata.recordedAt as string,
            ...(data.retryAt !== undefined && { retryAt: data.retryAt }),
            ...(data.responseCode !== undefined && { responseCode: data.responseCode }),
          },
        });
      return;
    }
    if (event.type !== 'ReminderSent') return;
    const data = event.data as {
      ministry?: string;
      isoWeek?: string;
      attempt?: number;
      recipients?: readonly string[];
      refused?: readonly string[];
      subject?: string;
      commitmentIds?: readonly string[];
    };
    for (const id of data.commitmentIds ?? []) add(this.byCommitment, id, event.streamName);
    if (!data.ministry) return;
    add(this.byMinistry, data.ministry, event.streamName);
    const known = this.find(data.ministry, event.streamName);
    const at = event.metadata.recordedAt as string;
    this.put({
      stream: event.streamName,
      ministry: data.ministry,
      isoWeek: known?.isoWeek ?? data.isoWeek ?? '',
      attempts: Math.max(known?.attempts ?? 0, data.attempt ?? 1),
      firstClaimedAt: known?.firstClaimedAt ?? at,
      lastClaimedAt: known?.lastClaimedAt ?? at,
      recipients: data.recipients ?? known?.recipients ?? [],
      lastFailure: known?.lastFailure,
      failed: false,
      sent: {
        at,
        refused: data.refused ?? [],
        subject: data.subject ?? '',
        commitmentCount: data.commitmentIds?.length ?? 0,
      },
    });
  }

  /** For a read-model snapshot: the index as plain maps. */
  toSnapshot(): RemindersSnapshot {
    return {
      checkpoint: this.checkpoint,
      byCommitment: this.byCommitment,
      byMinistry: this.byMinistry,
      streams: this.streams,
    };
  }

  restore(snapshot: RemindersSnapshot): void {
    this.byCommitment = new Map([...snapshot.byCommitment].map(([k, v]) => [k, new Set(v)]));
    this.byMinistry = new Map([...snapshot.byMinistry].map(([k, v]) => [k, new Set(v)]));
    this.streams = new Map([...snapshot.streams].map(([k, v]) => [k, new Map(v)]));
    this.checkpoint = snapshot.checkpoint;
  }

  streamsForCommitment(commitmentId: string): string[] {
    return [...(this.byCommitment.get(commitmentId) ?? [])];
  }

  streamsForMinistry(ministry: string): string[] {
    return [...(this.byMinistry.get(ministry) ?? [])];
  }

  /**
   * Reminder streams claimed and not yet sent, whatever their week, oldest week first: where a run
   * must look besides the current week (a claim left without outcome over a week boundary is not
   * forgotten), and what `/health` and the dashboard report once no runner will try again
   * (`hasGivenUp`, in libs/reminders, says when).
   */
  openReminders(): OpenReminder[] {
    const open: OpenReminder[] = [];
    for (const perMinistry of this.streams.values())
      for (const r of perMinistry.values()) if (!r.sent) open.push(r);
    return open.sort(
      (a, b) => a.isoWeek.localeCompare(b.isoWeek) || a.ministry.localeCompare(b.ministry),
    );
  }

  /**
   * Every reminder claimed, of one ministry or all, sent or not, newest week first (then by
   * ministry code); `from` and `to` (ISO weeks, inclusive) bound the weeks.
   */
  reminders(filter: { ministry?: string; from?: string; to?: string } = {}): ReminderSummary[] {
    const { ministry, from, to } = filter;
    const pool =
      ministry === undefined
        ? [...this.streams.values()].flatMap((m) => [...m.values()])
        : [...(this.streams.get(ministry)?.values() ?? [])];
    return pool
      .filter(
        (r) => (from === undefined || r.isoWeek >= from) && (to === undefined || r.isoWeek <= to),
      )
      .sort((a, b) => b.isoWeek.localeCompare(a.isoWeek) || a.ministry.localeCompare(b.ministry));
  }

  private find(ministry: string, stream: string): ReminderSummary | undefined {
    return this.streams.get(ministry)?.get(stream);
  }

  private put(summary: ReminderSummary): void {
    const perMinistry = this.streams.get(summary.ministry) ?? new Map<string, ReminderSummary>();
    perMinistry.set(summary.stream, summary);
    this.streams.set(summary.ministry, perMinistry);
  }
}

export interface RemindersSnapshot {
  readonly checkpoint: number;
  readonly byCommitment: ReadonlyMap<string, ReadonlySet<string>>;
  readonly byMinistry: ReadonlyMap<string, ReadonlySet<string>>;
  readonly streams: ReadonlyMap<string, ReadonlyMap<string, ReminderSummary>>;
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
  readonly lastFailure?: {
    readonly error: string;
    readonly permanent: boolean;
    /** When it was recorded. */
    readonly at?: string;
    /** No attempt before this instant; absent when none follows. */
    readonly retryAt?: string;
    readonly responseCode?: number;
  };
}

/** One (ministry, week) reminder as its events tell it: claimed, perhaps failed, perhaps sent. */
export interface ReminderSummary extends OpenReminder {
  readonly firstClaimedAt: string;
  /** The first claim's recipients: every attempt goes to them (those recorded as sent, once sent). */
  readonly recipients: readonly string[];
  readonly sent?: {
    readonly at: string;
    /** Of the recipients, those the mail server refused. */
    readonly refused: readonly string[];
    readonly subject: string;
    /** How many commitments the e-mail listed. */
    readonly commitmentCount: number;
  };
}

const add = (map: Map<string, Set<string>>, key: string, stream: string) => {
  const set = map.get(key) ?? new Set<string>();
  set.add(stream);
  map.set(key, set);
};
