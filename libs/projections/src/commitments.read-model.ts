import * as domain from '@cosinum/domain';
import type {
  CommitmentEvent,
  CommitmentHistory,
  CommitmentState,
  HistoryState,
  MinistryTrack,
  Moment,
  OrganisationChart,
  OrganisationEvent,
  PackedColumns,
  SparseColumns,
  RuleSet,
  RuleSetsState,
  StatusRulesAdopted,
} from '@cosinum/domain';
import type { RecordedEvent } from '@cosinum/event-store';

// Bound once: through the package's re-exports every use is a getter call, and `apply` runs once
// per event of the log.
const {
  emptyChart,
  evolveChart,
  isOrganisationEvent,
  evolve,
  evolveHistoryInPlace,
  evolveRuleSets,
  initialHistory,
  initialState,
  isCommitmentEvent,
  msOf,
  packedColumns,
  ReportSeries,
  ruleSetInForce,
} = domain;

/** Where a command may start from: a commitment's decider state at a known stream revision. */
export interface CommitmentSnapshots {
  snapshotOf(commitmentId: string): { state: CommitmentState; revision: number } | undefined;
}

interface Entry {
  /** Every fact, for the board (folded in place). */
  history: CommitmentHistory;
  /** What the decider needs (immutable: handed out as it is). */
  state: CommitmentState;
  /** Stream revision of the last event folded into both. */
  revision: number;
}

/** A ministry's reports in a snapshot: a range of the packed columns, and its sparse columns. */
export interface PackedReports extends SparseColumns {
  readonly offset: number;
  readonly length: number;
}

/**
 * The model as plain data (maps, arrays, typed arrays: what `v8.serialize` keeps), for a
 * snapshot. Every ministry's reports are a range of one set of packed columns.
 */
export interface CommitmentsSnapshot {
  readonly checkpoint: number;
  readonly count: number;
  readonly reports: PackedColumns;
  readonly entries: readonly {
    readonly id: string;
    readonly history: Omit<CommitmentHistory, 'ministries'> & {
      readonly ministries: Readonly<
        Record<string, Omit<MinistryTrack, 'reports'> & { readonly reports: PackedReports }>
      >;
    };
    readonly state: CommitmentState;
    readonly revision: number;
  }[];
  readonly byExternalId: ReadonlyMap<string, string>;
  readonly rules: RuleSetsState;
  readonly rulesRevision: number;
  readonly organisations: OrganisationChart;
  readonly chartRevision: number;
  readonly latestCanonical: string;
  readonly latestOtherMs: number;
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
  private entries = new Map<string, Entry>();
  private byExternalId = new Map<string, string>();
  private checkpoint = 0;
  private count = 0;
  private rules: RuleSetsState = [];
  private organisations: OrganisationChart = emptyChart();
  private chartRevision = -1;
  private rulesRevision = -1;
  /** The latest recording instant folded, in canonical form ('' when none)... */
  private latestCanonical = '';
  /** ...and in ms among the few written otherwise (-Infinity when none). */
  private latestOtherMs = -Infinity;
  /** Whether the model started from a snapshot (see caughtUp). */
  private restored = false;

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
    // Commitment events first: they are nearly every event of the log (the rebuild's hot path).
    if (!isCommitmentEvent(event)) {
      this.applyReference(event);
      return;
    }
    const domainEvent = event as unknown as CommitmentEvent;
    const id = domainEvent.data.commitmentId;
    const entry = this.entries.get(id);
    const current: HistoryState = entry?.history ?? initialHistory();
    // The model owns its states and keeps no earlier one: the fold appends in place, in O(1)
    // (a copy per event made the rebuild quadratic in the length of each stream). Evolve reads
    // only `metadata.recordedAt` of the stored event.
    const next = evolveHistoryInPlace(current, domainEvent);
    if (next.status === 'initial') return;
    this.count++;
    this.noteRecorded(event.metadata?.recordedAt);
    const state = evolve(entry?.state ?? initialState(), domainEvent);
    if (entry) {
      entry.history = next;
      entry.state = state;
      entry.revision = event.streamRevision;
    } else this.entries.set(id, { history: next, state, revision: event.streamRevision });
    if (domainEvent.type === 'CommitmentDecided' && domainEvent.data.externalId) {
      this.byExternalId.set(domainEvent.data.externalId, id);
    }
  }

  /** The store-wide reference streams: status rule sets and the organisation chart. */
  private applyReference(event: RecordedEvent): void {
    if (event.type === 'StatusRulesAdopted') {
      this.rules = evolveRuleSets(this.rules, event as unknown as StatusRulesAdopted);
      this.rulesRevision = event.streamRevision;
    } else if (isOrganisationEvent(event)) {
      this.organisations = evolveChart(
        this.organisations,
        event as unknown as OrganisationEvent,
        event.streamRevision,
      );
      this.chartRevision = event.streamRevision;
    } else return;
    this.noteRecorded(event.metadata?.recordedAt);
  }

  private noteRecorded(recordedAt: string | undefined): void {
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
  }

  /** Every rule set adopted, in stream order, and the revision of the last one (-1: none). */
  get ruleSets(): { readonly sets: RuleSetsState; readonly revision: number } {
    return { sets: this.rules, revision: this.rulesRevision };
  }

  /** The organisation chart: every organisation recorded, with its dated lineage (see the domain). */
  get chart(): OrganisationChart {
    return this.organisations;
  }

  /** The chart and the revision of the `organisations` stream it folds (-1: none), for commands. */
  get chartAt(): { readonly chart: OrganisationChart; readonly revision: number } {
    return { chart: this.organisations, revision: this.chartRevision };
  }

  /** The rule set in force at `moment.asOf` as known at `moment.knownAt` (see ruleSetInForce). */
  rulesAt(moment: Moment, fallback: RuleSet): RuleSet {
    return ruleSetInForce(this.rules, moment, fallback);
  }

  /**
   * Gives back the room the rebuild's doublings left in the report columns: called once the
   * model has caught up with the log (ProjectionRunner does), roughly halving their memory.
   */
  compact(): void {
    for (const { history } of this.entries.values())
      for (const code in history.ministries) history.ministries[code].reports.compact();
  }

  /** Called by ProjectionRunner once the log stored at start has been folded. */
  caughtUp(): void {
    if (!this.restored) {
      this.compact();
      return;
    }
    // Restored from a snapshot: every series was made tight in slabs of its own; only those the
    // log after the snapshot made grow (each growth doubles) have room to give back.
    for (const { history } of this.entries.values())
      for (const code in history.ministries) {
        const reports = history.ministries[code].reports;
        if (reports.slack > 16) reports.compact();
      }
  }

  /** The whole model as plain data (see CommitmentsSnapshot); the model is left as it is. */
  toSnapshot(): CommitmentsSnapshot {
    let rows = 0;
    for (const { history } of this.entries.values())
      for (const code in history.ministries) rows += history.ministries[code].reports.length;
    const reports = packedColumns(rows);
    let offset = 0;
    const entries: CommitmentsSnapshot['entries'][number][] = [];
    for (const [id, { history, state, revision }] of this.entries) {
      const ministries: Record<
        string,
        Omit<MinistryTrack, 'reports'> & { reports: PackedReports }
      > = {};
      for (const code in history.ministries) {
        const track = history.ministries[code];
        const { length } = track.reports;
        const sparse = track.reports.copyColumns(reports, offset);
        ministries[code] = { ...track, reports: { offset, length, ...sparse } };
        offset += length;
      }
      entries.push({ id, history: { ...history, ministries }, state, revision });
    }
    return {
      checkpoint: this.checkpoint,
      count: this.count,
      reports,
      entries,
      byExternalId: this.byExternalId,
      rules: this.rules,
      rulesRevision: this.rulesRevision,
      organisations: this.organisations,
      chartRevision: this.chartRevision,
      latestCanonical: this.latestCanonical,
      latestOtherMs: this.latestOtherMs,
    };
  }

  /**
   * Replaces the whole model by a snapshot's (as if the log up to its checkpoint had been
   * folded). Everything is built before anything is replaced: a snapshot that does not hold
   * together throws and leaves the model as it was.
   */
  restore(snapshot: CommitmentsSnapshot): void {
    const entries = new Map<string, Entry>();
    for (const { id, history, state, revision } of snapshot.entries) {
      const ministries: Record<string, MinistryTrack> = {};
      for (const code in history.ministries) {
        const track = history.ministries[code];
        const { offset, length, ...sparse } = track.reports;
        ministries[code] = {
          ...track,
          reports: ReportSeries.fromColumns(snapshot.reports, offset, length, sparse),
        };
      }
      entries.set(id, { history: { ...history, ministries }, state, revision });
    }
    if (!Number.isInteger(snapshot.checkpoint) || snapshot.checkpoint < 0)
      throw new RangeError(`A snapshot checkpoint must be a position, got ${snapshot.checkpoint}`);
    this.entries = entries;
    this.byExternalId = new Map(snapshot.byExternalId);
    this.checkpoint = snapshot.checkpoint;
    this.count = snapshot.count;
    this.rules = snapshot.rules;
    this.rulesRevision = snapshot.rulesRevision;
    this.organisations = snapshot.organisations;
    this.chartRevision = snapshot.chartRevision;
    this.latestCanonical = snapshot.latestCanonical;
    this.latestOtherMs = snapshot.latestOtherMs;
    this.restored = true;
  }

  get(commitmentId: string): CommitmentHistory | undefined {
    return this.entries.get(commitmentId)?.history;
  }

  /**
   * The decider's state of a commitment with the stream revision it reflects: where a command
   * starts from instead of reading the whole stream again (its append still checks the revision).
   * The state is immutable, so it is handed out as it is.
   */
  snapshotOf(commitmentId: string): { state: CommitmentState; revision: number } | undefined {
    const entry = this.entries.get(commitmentId);
    return entry && { state: entry.state, revision: entry.revision };
  }

  idForExternalId(externalId: string): string | undefined {
    return this.byExternalId.get(externalId);
  }

  *all(): IterableIterator<CommitmentHistory> {
    for (const entry of this.entries.values()) yield entry.history;
  }

  get size(): number {
    return this.entries.size;
  }
}
