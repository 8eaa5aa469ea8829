import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { parse } from 'yaml';
import {
  APP_CONFIG,
  CLOCK,
  ProjectionService,
  recordReferenceLineage,
  type Clock,
  type LineageEntry,
} from '@cosinum/application';
import type { AppConfig } from '@cosinum/config';
import { EVENT_STORE, type EventStore } from '@cosinum/event-store';
import { findRepositoryFile } from '../imports/catalogue-file';

export const DEFAULT_LINEAGE = join('data', 'organisations', 'lineage.yaml');

/** The repository's reference lineage. */
export const findDefaultLineage = (from: string = __dirname): string | null =>
  findRepositoryFile(DEFAULT_LINEAGE, from);

/** The entries of a lineage file, in order (YAML merge keys allowed). */
export const loadLineageFile = (file: string): LineageEntry[] => {
  const parsed: unknown = parse(readFileSync(file, 'utf8'), { merge: true });
  if (!Array.isArray(parsed)) throw new Error(`${file}: a list of organisation changes expected`);
  return parsed as LineageEntry[];
};

/**
 * Records the reference lineage (data/organisations/lineage.yaml: the ministries of May 2020 and
 * the changes of July 2020 and May 2022) when the `organisations` stream is empty. Called by the
 * catalogue loader before the catalogue, on the same condition (an empty store, LOAD_CATALOGUE
 * not `never`), so that the catalogue's decisions meet the ministries of their day.
 */
@Injectable()
export class LineageLoader {
  private readonly logger = new Logger('Organisations');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly projections: ProjectionService,
  ) {}

  async load(): Promise<void> {
    const file = findDefaultLineage();
    if (!file) {
      this.logger.warn({ msg: 'No reference lineage file found: the chart stays empty' });
      return;
    }
    const recorded = await recordReferenceLineage(
      this.store,
      this.clock,
      loadLineageFile(file),
      this.config.conflictRetries,
    );
    if (!recorded) return;
    await this.projections.caughtUpWith(recorded.position);
    this.logger.log({
      msg: 'Empty store: reference lineage of the organisations recorded',
      file,
      events: recorded.events,
    });
  }
}
