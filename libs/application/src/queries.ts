import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { AppConfig } from '@cosinum/config';
import { commitmentStream, DEFAULT_RULES, type Moment, type StatusRules } from '@cosinum/domain';
import { EVENT_STORE, type EventStore } from '@cosinum/event-store';
import {
  commitmentView,
  statusBoard,
  type Board,
  type BoardFilter,
  slippageReport,
  type CommitmentView,
  type SlippageReport,
} from '@cosinum/projections';
import { ProjectionService } from './projection.service';
import { APP_CONFIG } from './tokens';

export const rulesFrom = (config: AppConfig): StatusRules => ({
  ...DEFAULT_RULES,
  warningDays: config.warningDays,
  staleDays: config.staleDays,
  trajectory: config.trajectoryRule,
});

export class GetStatusBoardQuery extends Query<Board> {
  constructor(
    readonly moment: Moment,
    readonly filter: BoardFilter,
  ) {
    super();
  }
}

export class GetCommitmentViewQuery extends Query<CommitmentView | null> {
  constructor(
    readonly commitmentId: string,
    readonly moment: Moment,
  ) {
    super();
  }
}

export interface CommitmentSummary {
  readonly id: string;
  readonly externalId?: string;
  readonly title: string;
  readonly status: 'active' | 'withdrawn';
  readonly deadline: string;
  readonly deadlineWording?: string;
  readonly decidedOn: string;
  readonly document: string;
  readonly mission?: string;
  readonly ministries: readonly string[];
}

export class ListCommitmentsQuery extends Query<CommitmentSummary[]> {}

export interface HistoryEntry {
  readonly position: number;
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  readonly data: unknown;
  readonly actor: unknown;
  readonly recordedAt: string;
  readonly correlationId: string;
  readonly causationId: string | null;
}

export class GetCommitmentHistoryQuery extends Query<HistoryEntry[] | null> {
  constructor(readonly commitmentId: string) {
    super();
  }
}

@QueryHandler(GetStatusBoardQuery)
export class GetStatusBoardHandler implements IQueryHandler<GetStatusBoardQuery> {
  constructor(
    private readonly projections: ProjectionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}
  async execute({ moment, filter }: GetStatusBoardQuery): Promise<Board> {
    return statusBoard(this.projections.commitments, moment, rulesFrom(this.config), filter);
  }
}

@QueryHandler(GetCommitmentViewQuery)
export class GetCommitmentViewHandler implements IQueryHandler<GetCommitmentViewQuery> {
  constructor(
    private readonly projections: ProjectionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}
  async execute({ commitmentId, moment }: GetCommitmentViewQuery): Promise<CommitmentView | null> {
    const commitment = this.projections.commitments.get(commitmentId);
    return commitment ? commitmentView(commitment, moment, rulesFrom(this.config)) : null;
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
        status,
        deadline: d.deadline,
        deadlineWording: d.deadlineWording,
        decidedOn: d.source.decidedOn,
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
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  async execute({ commitmentId }: GetCommitmentHistoryQuery): Promise<HistoryEntry[] | null> {
    const events = await this.store.readStream(commitmentStream(commitmentId));
    if (events.length === 0) return null;
    return events.map((e) => ({
      position: e.position,
      revision: e.streamRevision,
      eventId: e.id,
      type: e.type,
      data: e.data,
      actor: e.metadata.actor,
      recordedAt: e.metadata.recordedAt,
      correlationId: e.metadata.correlationId,
      causationId: e.metadata.causationId,
    }));
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
    return slippageReport(this.projections.commitments, moment, rulesFrom(this.config));
  }
}
