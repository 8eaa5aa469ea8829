import { Global, Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ChainedEventStore, GlobalHashProjection } from '@cosinum/integrity';
import type { AppConfig } from '@cosinum/config';
import { EVENT_STORE, type EventStore } from '@cosinum/event-store';
import {
  BoardCache,
  CommitmentsReadModel,
  RemindersIndex,
  SessionsIndex,
} from '@cosinum/projections';
import { CLOCK, systemClock, type Clock } from './clock';
import { ExecuteCommitmentHandler } from './commands';
import { ListOrganisationsHandler, RecordOrganisationChangeHandler } from './organisations';
import { openEventStore } from './open-event-store';
import { ProjectionService } from './projection.service';
import {
  GetCommitmentHistoryHandler,
  GetMinistryHistoryHandler,
  GetCommitmentViewHandler,
  GetSlippageReportHandler,
  GetStatusBoardHandler,
  ListCommitmentsHandler,
} from './queries';
import {
  AdoptStatusRulesHandler,
  InitialRulesRecorder,
  ListStatusRulesHandler,
} from './status-rules';
import { APP_CONFIG } from './tokens';

export interface CoreOverrides {
  readonly clock?: Clock;
  readonly store?: EventStore;
}

/** The product without its transport: store, clock, read models, command and query handlers. */
@Global()
@Module({})
export class CosinumCoreModule {
  static forRoot(config: AppConfig, overrides: CoreOverrides = {}): DynamicModule {
    return {
      module: CosinumCoreModule,
      imports: [CqrsModule.forRoot()],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: CLOCK, useValue: overrides.clock ?? systemClock },
        {
          provide: EVENT_STORE,
          // Every append, whoever makes it, goes through the integrity chain.
          useFactory: async () =>
            new ChainedEventStore(overrides.store ?? (await openEventStore(config))),
        },
        { provide: CommitmentsReadModel, useFactory: () => new CommitmentsReadModel() },
        { provide: GlobalHashProjection, useFactory: () => new GlobalHashProjection() },
        { provide: RemindersIndex, useFactory: () => new RemindersIndex() },
        { provide: SessionsIndex, useFactory: () => new SessionsIndex() },
        {
          provide: BoardCache,
          useFactory: (model: CommitmentsReadModel) => new BoardCache(model),
          inject: [CommitmentsReadModel],
        },
        ProjectionService,
        ExecuteCommitmentHandler,
        GetStatusBoardHandler,
        GetCommitmentViewHandler,
        ListCommitmentsHandler,
        GetCommitmentHistoryHandler,
        GetMinistryHistoryHandler,
        GetSlippageReportHandler,
        AdoptStatusRulesHandler,
        ListStatusRulesHandler,
        RecordOrganisationChangeHandler,
        ListOrganisationsHandler,
        // The API and the worker both evaluate boards: either records the first rule set.
        InitialRulesRecorder,
      ],
      exports: [APP_CONFIG, CLOCK, EVENT_STORE, ProjectionService, CqrsModule],
    };
  }
}
