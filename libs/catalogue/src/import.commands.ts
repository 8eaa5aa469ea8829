import { Inject } from '@nestjs/common';
import {
  Command,
  CommandHandler,
  Query,
  QueryHandler,
  type ICommandHandler,
  type IQueryHandler,
} from '@nestjs/cqrs';
import { APP_CONFIG, CLOCK, ProjectionService, type Clock } from '@cosinum/application';
import type { AppConfig } from '@cosinum/config';
import { EVENT_STORE, type Actor, type EventStore } from '@cosinum/event-store';
import type { CatalogueEntry } from './catalogue.schema';
import { importCatalogue, type ImportSummary } from './import-catalogue';
import type { CatalogueIssue } from './catalogue-issue';
import {
  checkProgress,
  importProgress,
  type ProgressCheck,
  type ProgressImportSummary,
} from './import-progress';
import type { ProgressRow } from './progress-csv';

export interface ImportRequest {
  readonly actor: Actor;
  readonly correlationId?: string;
  readonly dryRun?: boolean;
}

/** A parsed catalogue, brought into the store (see {@link importCatalogue}). */
export class ImportCatalogueCommand extends Command<ImportSummary> {
  constructor(
    readonly entries: readonly CatalogueEntry[],
    readonly request: ImportRequest,
  ) {
    super();
  }
}

/** What a progress file brings besides its rows: its own problems, and whose it may be. */
export interface ProgressFileScope {
  /** The file's own problems (its parse), reported with the store's. */
  readonly fileIssues?: readonly CatalogueIssue[];
  /** A ministry imports for itself only. */
  readonly onlyMinistry?: string;
}

/** Parsed progress rows, recorded all or nothing (see {@link importProgress}). */
export class ImportProgressCommand extends Command<ProgressImportSummary> {
  constructor(
    readonly rows: readonly ProgressRow[],
    readonly request: ImportRequest & ProgressFileScope,
  ) {
    super();
  }
}

/** Every problem of a progress file and what each good row would do; writes nothing. */
export class CheckProgressQuery extends Query<ProgressCheck> {
  constructor(
    readonly rows: readonly ProgressRow[],
    readonly scope: ProgressFileScope,
  ) {
    super();
  }
}

@CommandHandler(ImportCatalogueCommand)
export class ImportCatalogueHandler implements ICommandHandler<ImportCatalogueCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly projections: ProjectionService,
  ) {}

  async execute({ entries, request }: ImportCatalogueCommand): Promise<ImportSummary> {
    const summary = await importCatalogue(this.store, this.clock, entries, request.actor, {
      dryRun: request.dryRun,
      correlationId: request.correlationId,
      maxAttempts: this.config.conflictRetries,
    });
    // Read-your-writes, as for every command.
    if (summary.eventsWritten > 0) await this.projections.waitFor(await this.store.headPosition());
    return summary;
  }
}

@CommandHandler(ImportProgressCommand)
export class ImportProgressHandler implements ICommandHandler<ImportProgressCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly projections: ProjectionService,
  ) {}

  async execute({ rows, request }: ImportProgressCommand): Promise<ProgressImportSummary> {
    const summary = await importProgress(this.store, this.clock, rows, request.actor, {
      dryRun: request.dryRun,
      correlationId: request.correlationId,
      maxAttempts: this.config.conflictRetries,
      states: this.projections.commitments,
      fileIssues: request.fileIssues,
      onlyMinistry: request.onlyMinistry,
      chart: this.projections.commitments.chart,
    });
    if (summary.eventsWritten > 0) await this.projections.waitFor(await this.store.headPosition());
    return summary;
  }
}

@QueryHandler(CheckProgressQuery)
export class CheckProgressHandler implements IQueryHandler<CheckProgressQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly projections: ProjectionService,
  ) {}

  execute({ rows, scope }: CheckProgressQuery): Promise<ProgressCheck> {
    return checkProgress(this.store, this.clock, rows, {
      states: this.projections.commitments,
      chart: this.projections.commitments.chart,
      ...scope,
    });
  }
}

/** The import commands' handlers, for the apps that take imports (the API). */
export const IMPORT_HANDLERS = [
  ImportCatalogueHandler,
  ImportProgressHandler,
  CheckProgressHandler,
];
