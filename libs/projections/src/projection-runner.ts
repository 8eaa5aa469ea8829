import type { EventStore, RecordedEvent, Subscription } from '@cosinum/event-store';

export interface Projection {
  readonly name: string;
  apply(event: RecordedEvent): void;
  readonly position: number;
  /** Called once, when the log stored at start has been folded (e.g. to compact). */
  caughtUp?(): void;
}

export interface ProjectionRunnerLogger {
  log(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

/**
 * Keeps in-memory read models current: folds the whole log at start (the rebuild), then follows
 * the store's subscription from the checkpoint the models reached. Read models are never fed by
 * the in-process EventBus, which would lose events on a crash.
 */
export class ProjectionRunner {
  private subscription?: Subscription;
  private last?: RecordedEvent;
  private startFolded = 0;
  private readonly waiters: { position: number; resolve: () => void }[] = [];
  private failure?: unknown;

  constructor(
    private readonly store: EventStore,
    private readonly projections: readonly Projection[],
    private readonly logger?: ProjectionRunnerLogger,
  ) {}

  get position(): number {
    return Math.min(...this.projections.map((p) => p.position));
  }

  /** Events folded by `start` before it resolved (the log after the models' position). */
  get foldedAtStart(): number {
    return this.startFolded;
  }

  /** The last event folded by this runner (undefined before the first). */
  get lastEvent(): RecordedEvent | undefined {
    return this.last;
  }

  get healthy(): boolean {
    return this.failure === undefined && this.subscription !== undefined;
  }

  /**
   * Resolves once every event stored at start has been folded, from the position the models
   * are at (0, or a snapshot's).
   */
  start(): Promise<void> {
    const started = Date.now();
    const from = this.position;

    return new Promise((resolve, reject) => {
      let ready = false;
      this.subscription = this.store.subscribeToAll({
        after: from,
        onEvent: (event) => {
          for (const projection of this.projections) projection.apply(event);
          this.last = event;
          if (!ready) this.startFolded++;
          this.release();
        },
        onCaughtUp: (position) => {
          if (ready) return;
          ready = true;
          for (const projection of this.projections) projection.caughtUp?.();
          this.logger?.log(
            from === 0
              ? 'Read models rebuilt from the event log'
              : 'Read models caught up with the event log after their snapshot',
            { from, position, events: this.startFolded, durationMs: Date.now() - started },
          );
          resolve();
        },
        onError: (error) => {
          this.failure = error;
          this.logger?.error('Projection subscription stopped', { error: String(error) });
          for (const w of this.waiters.splice(0)) w.resolve();
          if (!ready) reject(error);
        },
      });
    });
  }

  /** Read-your-writes: resolves when the read models include the event at `position`. */
  async waitFor(position: number, timeoutMs = 5000): Promise<boolean> {
    if (this.position >= position) return true;
    if (this.failure) return false;
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push({
        position,
        resolve: () => {
          clearTimeout(timer);
          resolve(this.position >= position);
        },
      });
    });
  }

  private release(): void {
    // Called after every event: nothing to compute (nor allocate) when nobody waits.
    if (this.waiters.length === 0) return;
    const position = this.position;
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.waiters[i].position <= position) this.waiters.splice(i, 1)[0].resolve();
    }
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = undefined;
  }
}
