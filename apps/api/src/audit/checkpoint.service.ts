import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { APP_CONFIG, CLOCK, ProjectionService, type Clock } from '@cosinum/application';
import {
  CHECKPOINT_STREAM,
  writeCheckpoint,
  type CheckpointData,
  type SigningKey,
} from '@cosinum/integrity';
import type { AppConfig } from '@cosinum/config';
import { EVENT_STORE, type EventStore } from '@cosinum/event-store';
import { AUDIT_SIGNING_KEY } from './audit-key.provider';

/**
 * Signs the log head periodically (and once more on shutdown), whenever something was recorded
 * since the last checkpoint. A checkpoint is itself an event, chained like any other.
 */
@Injectable()
export class CheckpointService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Audit');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(AUDIT_SIGNING_KEY) private readonly key: SigningKey,
    private readonly projections: ProjectionService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.auditCheckpointIntervalMs <= 0) return;
    this.timer = setInterval(
      () => void this.checkpointIfNeeded(),
      this.config.auditCheckpointIntervalMs,
    );
    this.timer.unref();
  }

  /** Writes a checkpoint unless the last event of the log already is one. */
  async checkpointIfNeeded(): Promise<CheckpointData | null> {
    if (this.running) await this.running;
    const task = this.write();
    this.running = task;
    try {
      return await task;
    } finally {
      this.running = undefined;
    }
  }

  private async write(): Promise<CheckpointData | null> {
    try {
      await this.projections.waitFor(await this.store.headPosition());
      const head = this.projections.globalHash.head;
      if (head.position === 0) return null;
      // Positions are opaque (on EventStoreDB only a record's start is one): no arithmetic.
      const last = await this.store.readLastEvent();
      if (last && last.position === head.position && last.streamName === CHECKPOINT_STREAM)
        return null;
      const data = await writeCheckpoint(this.store, this.key, head, this.clock.now());
      this.logger.log({
        msg: 'Signed checkpoint of the log',
        position: data.position,
        eventCount: data.eventCount,
        keyId: data.keyId,
      });
      return data;
    } catch (error) {
      this.logger.error({ msg: 'Could not write a log checkpoint', err: error });
      return null;
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.config.auditCheckpointIntervalMs > 0) await this.checkpointIfNeeded();
  }
}
