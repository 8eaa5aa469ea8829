import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '@cosinum/config';
import { EVENT_STORE, type EventStore } from '@cosinum/event-store';
import { GlobalHashProjection, signingKeyIfPresent, type SigningKey } from '@cosinum/integrity';
import {
  CommitmentsReadModel,
  ProjectionRunner,
  RemindersIndex,
  SessionsIndex,
} from '@cosinum/projections';
import { CLOCK, type Clock } from './clock';
import {
  captureSnapshot,
  loadSnapshot,
  snapshotDirProblem,
  snapshotFileOf,
  writeSnapshotFile,
} from './read-model-snapshots';
import { APP_CONFIG } from './tokens';

/** What the last start did, for /health and the logs. */
export interface StartInfo {
  readonly from: 'log' | 'snapshot';
  /** Why a snapshot present was not used. */
  readonly discarded?: string;
  readonly snapshotPosition?: number;
  readonly durationMs: number;
}

/**
 * Owns the read models' life: restored from their latest snapshot when it is usable (see
 * read-model-snapshots.ts), then brought up to date from the log (the whole log without one)
 * before the app serves anything; followed afterwards; snapshotted now and then and at shutdown;
 * stopped before the store closes.
 */
@Injectable()
export class ProjectionService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Projections');
  readonly runner: ProjectionRunner;
  private timer?: NodeJS.Timeout;
  /** Position of the snapshot on disk (loaded or written by this process). */
  private snapshotPosition = 0;
  private saving?: Promise<void>;
  private key?: SigningKey;
  private started?: StartInfo;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    readonly commitments: CommitmentsReadModel,
    readonly globalHash: GlobalHashProjection,
    readonly reminders: RemindersIndex,
    readonly sessions: SessionsIndex,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.runner = new ProjectionRunner(store, [commitments, globalHash, reminders, sessions], {
      log: (message, context) => this.logger.log({ msg: message, ...context }),
      error: (message, context) => this.logger.error({ msg: message, ...context }),
    });
  }

  get startInfo(): StartInfo | undefined {
    return this.started;
  }

  private get snapshotFile(): string | undefined {
    return snapshotFileOf(this.config);
  }

  async onModuleInit(): Promise<void> {
    const began = Date.now();
    let discarded: string | undefined;
    const file = this.snapshotFile;
    if (file) {
      // The audit key signs snapshots when this process can read it (the API creates it on a
      // laptop before this runs; a server mounts it): a process with a key trusts only its own.
      this.key = signingKeyIfPresent(this.config.auditSigningKeyFile);
      const problem = await snapshotDirProblem(file);
      if (problem)
        this.logger.error({ msg: 'Snapshots of the read models cannot be saved', problem });
      const loaded = await loadSnapshot(file, this.store, this, this.key);
      if (loaded.ok) {
        this.snapshotPosition = loaded.header.position;
        this.logger.log({
          msg: 'Read models loaded from their snapshot',
          file,
          position: loaded.header.position,
          events: loaded.header.eventCount,
          takenAt: loaded.header.createdAt,
          bytes: loaded.bytes,
          durationMs: Date.now() - began,
        });
      } else if (loaded.reason !== 'none') {
        discarded = loaded.reason;
        this.logger.warn({
          msg: 'Snapshot of the read models discarded: they are rebuilt from the log',
          file,
          reason: loaded.reason,
          ...(loaded.header && { position: loaded.header.position }),
        });
      }
    }
    await this.runner.start();
    this.started = {
      from: this.snapshotPosition > 0 ? 'snapshot' : 'log',
      ...(discarded !== undefined && { discarded }),
      ...(this.snapshotPosition > 0 && { snapshotPosition: this.snapshotPosition }),
      durationMs: Date.now() - began,
    };
    // A long fold leaves hundreds of MB of parsed batches behind; V8 would return them some
    // seconds later. With `--expose-gc` (as `npm start` and the image run node), at once. After
    // a snapshot and a short tail, the collection would cost more than it gives back.
    if (this.runner.foldedAtStart > 100_000) (globalThis as { gc?: () => void }).gc?.();
    const every = this.config.snapshots?.intervalMs ?? 0;
    if (every > 0) {
      this.timer = setInterval(() => void this.saveSnapshot('periodic'), every);
      this.timer.unref();
    }
  }

  /**
   * Takes a snapshot of the read models when the log has grown since the last one. The models
   * are serialised at once (a pause of the event loop: about 0.1 s a million events), the file
   * written in the background. Never throws: a failed snapshot is logged, the next start folds
   * more of the log.
   */
  saveSnapshot(why: 'periodic' | 'shutdown'): Promise<void> {
    const file = this.snapshotFile;
    if (!file || !this.started || this.runner.position <= this.snapshotPosition)
      return Promise.resolve();
    if (this.saving) return this.saving;
    const began = Date.now();
    this.saving = captureSnapshot(this, () => this.runner.lastEvent, this.clock.now(), this.key)
      .then(async (snapshot) => {
        if (!snapshot) return;
        const bytes = await writeSnapshotFile(file, snapshot);
        this.snapshotPosition = snapshot.header.position;
        this.logger.log({
          msg: 'Snapshot of the read models saved',
          why,
          file,
          position: snapshot.header.position,
          events: snapshot.header.eventCount,
          bytes,
          durationMs: Date.now() - began,
        });
      })
      .catch((error: unknown) =>
        this.logger.warn({
          msg: 'Snapshot of the read models failed: the next start folds more of the log',
          file,
          error: String(error),
        }),
      )
      .finally(() => (this.saving = undefined));
    return this.saving;
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
    clearInterval(this.timer);
    await this.runner.stop();
    // After the subscription stopped: the models no longer move while they are written.
    await this.saveSnapshot('shutdown');
    await this.store.close();
  }
}
