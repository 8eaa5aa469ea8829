import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@cosinum/event-store';
import { GlobalHashProjection } from '@cosinum/integrity';
import {
  CommitmentsReadModel,
  ProjectionRunner,
  RemindersIndex,
  SessionsIndex,
} from '@cosinum/projections';

/**
 * Owns the read models' life: rebuilt from the log before the app serves anything, followed
 * afterwards, stopped before the store closes.
 */
@Injectable()
export class ProjectionService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Projections');
  readonly runner: ProjectionRunner;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    readonly commitments: CommitmentsReadModel,
    readonly globalHash: GlobalHashProjection,
    readonly reminders: RemindersIndex,
    readonly sessions: SessionsIndex,
  ) {
    this.runner = new ProjectionRunner(store, [commitments, globalHash, reminders, sessions], {
      log: (message, context) => this.logger.log({ msg: message, ...context }),
      error: (message, context) => this.logger.error({ msg: message, ...context }),
    });
  }

  async onModuleInit(): Promise<void> {
    await this.runner.start();
    // The rebuild leaves hundreds of MB of parsed batches behind; V8 would return them some
    // seconds later. With `--expose-gc` (as `npm start` and the image run node), at once.
    (globalThis as { gc?: () => void }).gc?.();
  }

  waitFor(position: number): Promise<boolean> {
    return this.runner.waitFor(position);
  }

  /**
   * Read-your-writes: resolves once the read models include what a command wrote (a warning
   * is logged when they do not catch up in time; the answer goes out anyway).
   */
  async caughtUpWith(position: number): Promise<void> {
    if (!(await this.waitFor(position)))
      this.logger.warn({ msg: 'Read models lag behind a recorded command', position });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
    await this.store.close();
  }
}
