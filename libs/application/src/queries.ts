import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { AppConfig } from '@cosinum/config';
import {
  commitmentStream,
  takenOverBy,
  configurationRuleSet,
  DEFAULT_RULES,
  type Moment,
  type RuleSet,
  type StatusRules,
} from '@cosinum/domain';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@cosinum/event-store';
import {
  BoardCache,
  commitmentView,
  type Board,
  type BoardFilter,
  slippageReport,
  type CommitmentView,
  type SlippageReport,
} from '@cosinum/projections';
import { predecessorsOf } from './organisations';
import { ProjectionService } from './projection.service';
import { CLOCK, type Clock } from './clock';
import { APP_CONFIG } from './tokens';

/** The rules the configuration gives: only the first rule set of an empty store. */
export const configuredRules = (config: AppConfig): StatusRules => ({
  ...DEFAULT_RULES,
  warningDays: config.warningDays,
  staleDelayDays: config.staleDelayDays,
  trajectory: config.trajectoryRule,
  milestones: config.milestoneRule,
});

/**
 * Which rule set a board is evaluated under: `as-known`, the rule set in force at `asOf` as known
 * at `knownAt` (what the board said then); `current`, the rule set in force today, as known now
 * (the same facts judged by today's rules, for comparison).
 */
export type RulesChoice = 'as-known' | 'current';

export const rulesFor = (
  model: { rulesAt(moment: Moment, fallback: RuleSet): RuleSet },
  config: AppConfig,
  moment: Moment,
  choice: RulesChoice = 'as-known',
  now?: string,
): RuleSet => {
  const fallback = configurationRuleSet(configuredRules(config));
  if (choice === 'as-known') return model.rulesAt(moment, fallback);
  const today = now ?? new Date().toISOString();
  return model.rulesAt({ asOf: today, knownAt: today }, fallback);
};

export class GetStatusBoardQuery extends Query<Board> {
  constructor(
    readonly moment: Moment,
    readonly filter: BoardFilter,
    readonly rules: RulesChoice = 'as-known',
  ) {
    super();
  }
}

export class GetCommitmentViewQuery extends Query<CommitmentView | null> {
  constructor(
    readonly commitmentId: string,
    readonly moment: Moment,
    readonly rules: RulesChoice = 'as-known',
  ) {
    super();
  }
}

export interface CommitmentSummary {
  readonly id: string;
  readonly externalId?: string;
  readonly title: string;
  readonly description: string;
  readonly status: 'active' | 'withdrawn';
  readonly deadline: string;
  readonly deadlineWording?: string;
  /** Present when the source gives no deadline: why this one was chosen. */
  readonly deadlineInferredFrom?: string;
  readonly decidedOn: string;
  /** When the decision was recorded (null for events recorded without the instant). */
  readonly recordedAt: string | null;
  readonly document: string;
  readonly mission?: string;
  readonly ministries: readonly string[];
}

export class ListCommitmentsQuery extends Query<CommitmentSummary[]> {}

export interface HistoryEntry {
  readonly position: number;
  readonly streamName: string;
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  readonly data: unknown;
  readonly actor: unknown;
  readonly recordedAt: string;
  /** The business date the event refers to, when it has one (`on`, or the decision date). */
  readonly on: string | null;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly hash: string | null;
}

export interface HistoryFilter {
  readonly types?: readonly string[];
  /** Recorded at or after this instant. */
  readonly from?: string;
  /** Recorded at or before this instant. */
  readonly to?: string;
  /** Paging: only events after this log position. */
  readonly after?: number;
  readonly limit: number;
  /** Only what concerns this ministry: its own facts and the rulings on the whole commitment. */
  readonly ministry?: string;
}

export interface HistoryPage {
  readonly items: HistoryEntry[];
  /** Pass as `after` for the next page; null on the last page. */
  readonly next: number | null;
}

export class GetCommitmentHistoryQuery extends Query<HistoryPage | null> {
  constructor(
    readonly commitmentId: string,
    readonly filter: HistoryFilter = { limit: 1000 },
  ) {
    super();
  }
}

export class GetMinistryHistoryQuery extends Query<HistoryPage> {
  constructor(
    readonly ministry: string,
    readonly filter: HistoryFilter,
  ) {
    super();
  }
}

const toEntry = (e: RecordedEvent): HistoryEntry => {
  const data = (e.data ?? {}) as { on?: string; source?: { decidedOn?: string } };
  return {
    position: e.position,
    streamName: e.streamName,
    revision: e.streamRevision,
    eventId: e.id,
    type: e.type,
    data: e.data,
    actor: e.metadata.actor,
    recordedAt: e.metadata.recordedAt,
    on: data.on ?? data.source?.decidedOn ?? null,
    correlationId: e.metadata.correlationId,
    causationId: e.metadata.causationId,
    hash: (e.metadata.hash as string | undefined) ?? null,
  };
};

/** The `ReminderSent` events of the given reminder streams that pass the test. */
const remindersFor = async (
  store: EventStore,
  streams: readonly string[],
  keep: (e: RecordedEvent) => boolean,
): Promise<RecordedEvent[]> => {
  const found: RecordedEvent[] = [];
  for (const stream of streams) {
    for (const e of await store.readStream(stream))
      if (e.type === 'ReminderSent' && keep(e)) found.push(e);
  }
  return found;
};

/** Filters, orders by log position and cuts one page. */
export const historyPage = (
  events: readonly RecordedEvent[],
  filter: HistoryFilter,
): HistoryPage => {
  const selected = events
    .filter(
      (e) =>
        (filter.after === undefined || e.position > filter.after) &&
        (filter.ministry === undefined ||
          [undefined, filter.ministry].includes((e.data as { ministry?: string }).ministry)) &&
        (!filter.types || filter.types.length === 0 || filter.types.includes(e.type)) &&
        (!filter.from || e.metadata.recordedAt >= filter.from) &&
        (!filter.to || e.metadata.recordedAt <= filter.to),
    )
    .sort((a, b) => a.position - b.position);
  const items = selected.slice(0, filter.limit).map(toEntry);
  return { items, next: selected.length > filter.limit ? items[items.length - 1].position : null };
};

/** Boards come from the cache of evaluated boards (the same board as a fresh evaluation). */
@QueryHandler(GetStatusBoardQuery)
export class GetStatusBoardHandler implements IQueryHandler<GetStatusBoardQuery> {
  constructor(
    private readonly boards: BoardCache,
    private readonly projections: ProjectionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}
  async execute({ moment, filter, rules }: GetStatusBoardQuery): Promise<Board> {
    const ruleSet = rulesFor(
      this.projections.commitments,
      this.config,
      moment,
      rules,
      this.clock.now(),
    );
    return this.boards.board(moment, ruleSet, filter);
  }
}

@QueryHandler(GetCommitmentViewQuery)
export class GetCommitmentViewHandler implements IQueryHandler<GetCommitmentViewQuery> {
  constructor(
    private readonly projections: ProjectionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}
  async execute({
    commitmentId,
    moment,
    rules,
  }: GetCommitmentViewQuery): Promise<CommitmentView | null> {
    const model = this.projections.commitments;
    const commitment = model.get(commitmentId);
    const ruleSet = rulesFor(model, this.config, moment, rules, this.clock.now());
    return commitment ? commitmentView(commitment, moment, ruleSet, model.chart) : null;
  }
}

@QueryHandler(ListCommitmentsQuery)
export class ListCommitmentsHandler implements IQueryHandler<ListCommitmentsQuery> {
  constructor(private readonly projections: ProjectionService) {}
  async execute(): Promise<CommitmentSummary[]> {
    return [...this.projections.commitments.all()]
      .map(({ definition: d, status }) => ({
        id: d.commitmentId,
        externalId: d.externalId,
        title: d.title,
        description: d.description,
        status,
        deadline: d.deadline,
        deadlineWording: d.deadlineWording,
        ...(d.deadlineInferredFrom !== undefined && {
          deadlineInferredFrom: d.deadlineInferredFrom,
        }),
        decidedOn: d.source.decidedOn,
        recordedAt: d.recordedAt,
        document: d.source.document,
        mission: d.mission,
        ministries: d.ministries,
      }))
      .sort((a, b) => a.deadline.localeCompare(b.deadline) || a.title.localeCompare(b.title, 'fr'));
  }
}

/** History is the stream itself: the event log is the record, nothing is copied. */
@QueryHandler(GetCommitmentHistoryQuery)
export class GetCommitmentHistoryHandler implements IQueryHandler<GetCommitmentHistoryQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: ProjectionService,
  ) {}
  async execute({ commitmentId, filter }: GetCommitmentHistoryQuery): Promise<HistoryPage | null> {
    const events = await this.store.readStream(commitmentStream(commitmentId));
    if (events.length === 0) return null;
    // The reminders that listed it belong to its history: an audit shows it had been warned.
    const reminders = await remindersFor(
      this.store,
      this.projections.reminders.streamsForCommitment(commitmentId),
      (e) =>
        ((e.data as { commitmentIds?: string[] }).commitmentIds ?? []).includes(commitmentId) &&
        (filter.ministry === undefined ||
          (e.data as { ministry?: string }).ministry === filter.ministry),
    );
    return historyPage([...events, ...reminders], filter);
  }
}

/**
 * A ministry's history: what concerns it in every commitment assigned to it — its own reports,
 * extensions and exemptions, and every ruling on the commitment as a whole.
 */
@QueryHandler(GetMinistryHistoryQuery)
export class GetMinistryHistoryHandler implements IQueryHandler<GetMinistryHistoryQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: ProjectionService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}
  async execute({ ministry, filter }: GetMinistryHistoryQuery): Promise<HistoryPage> {
    const events: RecordedEvent[] = [];
    const model = this.projections.commitments;
    // A ministry's history includes the facts of the organisations merged or split into it, on
    // the commitments that passed to it (the chart as known now).
    const now = { asOf: this.clock.now(), knownAt: this.clock.now() };
    const predecessors = predecessorsOf(model.chart, ministry, now.knownAt);
    for (const commitment of model.all()) {
      const id = commitment.definition.commitmentId;
      const whose = [ministry, ...predecessors].filter(
        (code) =>
          commitment.ministries[code] &&
          (code === ministry ||
            takenOverBy(model.chart, code, id, now).some((s) => s.code === ministry)),
      );
      if (whose.length === 0) continue;
      for (const e of await this.store.readStream(commitmentStream(id))) {
        const concerns = (e.data as { ministry?: string }).ministry;
        if (concerns === undefined || whose.includes(concerns)) events.push(e);
      }
    }
    events.push(
      ...(await remindersFor(
        this.store,
        this.projections.reminders.streamsForMinistry(ministry),
        () => true,
      )),
    );
    return historyPage(events, filter);
  }
}

export class GetSlippageReportQuery extends Query<SlippageReport> {
  constructor(readonly moment: Moment) {
    super();
  }
}

@QueryHandler(GetSlippageReportQuery)
export class GetSlippageReportHandler implements IQueryHandler<GetSlippageReportQuery> {
  constructor(
    private readonly projections: ProjectionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}
  async execute({ moment }: GetSlippageReportQuery): Promise<SlippageReport> {
    const model = this.projections.commitments;
    return slippageReport(model, moment, rulesFor(model, this.config, moment));
  }
}
