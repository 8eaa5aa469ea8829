import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { APP_CONFIG } from '@cosinum/application';
import { ImportCatalogueCommand, loadCatalogueFile } from '@cosinum/catalogue';
import type { AppConfig } from '@cosinum/config';
import { ORGANISATIONS_STREAM, STATUS_RULES_STREAM } from '@cosinum/domain';
import { EVENT_STORE, type EventStore } from '@cosinum/event-store';
import { LineageLoader } from '../organisations/lineage-loader.service';
import { findDefaultCatalogue } from './catalogue-file';

export const CATALOGUE_LOADER_ACTOR = { subject: 'system:catalogue-loader', role: 'system' };

/**
 * On an empty store, loads the reference lineage of the organisations, then the COSINUM catalogue so that a newcomer lands on the real
 * commitments. It never runs on a store that has events other than its status rule sets and its
 * organisation chart (the first rule set is recorded at start-up, perhaps by another process first): re-imports are an
 * analyst's decision (`cosinum import`, `POST /api/imports/catalogue`).
 */
@Injectable()
export class CatalogueLoader implements OnApplicationBootstrap {
  private readonly logger = new Logger('Catalogue');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly commands: CommandBus,
    private readonly lineage: LineageLoader,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.loadCatalogue === 'never') return;
    if (!(await this.holdsOnlyReferenceData())) return;
    // The organisations first: the catalogue's decisions meet the ministries of their day.
    await this.lineage.load();
    const file = this.config.catalogueFile ?? findDefaultCatalogue();
    if (!file) {
      this.logger.warn({ msg: 'Empty store and no catalogue file found: starting empty' });
      return;
    }
    const started = Date.now();
    const summary = await this.commands.execute(
      new ImportCatalogueCommand(loadCatalogueFile(file).entries, {
        actor: CATALOGUE_LOADER_ACTOR,
      }),
    );
    this.logger.log({
      msg: 'Empty store: COSINUM catalogue loaded',
      file,
      commitments: summary.created,
      progressReports: summary.progressRecorded,
      events: summary.eventsWritten,
      durationMs: Date.now() - started,
    });
  }

  /** Whether the log holds nothing but rule sets and the chart (nothing at all included). */
  private async holdsOnlyReferenceData(): Promise<boolean> {
    if ((await this.store.headPosition()) === 0) return true;
    for await (const page of this.store.readAllPages({ pageSize: 16 }))
      if (
        page.some(
          (e) => e.streamName !== STATUS_RULES_STREAM && e.streamName !== ORGANISATIONS_STREAM,
        )
      )
        return false;
    return true;
  }
}
