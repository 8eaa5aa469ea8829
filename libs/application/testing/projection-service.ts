import type { AppConfig } from '@cosinum/config';
import type { EventStore } from '@cosinum/event-store';
import { GlobalHashProjection } from '@cosinum/integrity';
import { CommitmentsReadModel, RemindersIndex, SessionsIndex } from '@cosinum/projections';
import { fixedClock } from '../src/clock';
import { ProjectionService } from '../src/projection.service';

/**
 * The service as CosinumCoreModule builds it, on `store` and the snapshot settings of `config`,
 * outside Nest. It closes its store at shutdown: this one closes nothing, the spec does.
 */
export const projectionServiceOn = (
  store: EventStore,
  config: Pick<AppConfig, 'snapshots' | 'auditSigningKeyFile'>,
  now = '2026-12-02T10:00:00Z',
): ProjectionService =>
  new ProjectionService(
    Object.create(store, { close: { value: async () => undefined } }) as EventStore,
    new CommitmentsReadModel(),
    new GlobalHashProjection(),
    new RemindersIndex(),
    new SessionsIndex(),
    config as AppConfig,
    fixedClock(now),
  );
