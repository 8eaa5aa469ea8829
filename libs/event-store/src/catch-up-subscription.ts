import type { RecordedEvent, SubscribeOptions, Subscription } from './event-store.port';

export interface CatchUpSource {
  readAll(options: { after: number; maxCount: number }): Promise<RecordedEvent[]>;
  /** Resolves when new events may be available, or after `timeoutMs`, whichever comes first. */
  waitForAppend(timeoutMs: number): Promise<void>;
  /** Wakes every pending `waitForAppend` (used on stop, so that stopping is immediate). */
  wakeUp(): void;
}

/**
 * A pull-based catch-up subscription: read a batch after the checkpoint, hand each event over in
 * order, and when nothing is left wait for a local append signal or the poll interval (another
 * process, such as the CLI, may write to the same store).
 */
export const catchUpSubscription = (
  source: CatchUpSource,
  options: SubscribeOptions,
  tuning: { batchSize: number; pollIntervalMs: number },
): Subscription => {
  let running = true;
  let checkpoint = options.after;
  const loop = (async () => {
    while (running) {
      const batch = await source.readAll({ after: checkpoint, maxCount: tuning.batchSize });
      for (const event of batch) {
        if (!running) return;
        // Await only what returns a promise: an await per event cost a microtask each on every
        // rebuild, for handlers that are almost all synchronous.
        const handled = options.onEvent(event);
        if (handled !== undefined) await handled;
        checkpoint = event.position;
      }
      if (batch.length < tuning.batchSize) {
        options.onCaughtUp?.(checkpoint);
        if (running) await source.waitForAppend(tuning.pollIntervalMs);
      }
    }
  })().catch((error: unknown) => {
    running = false;
    options.onError?.(error);
  });
  return {
    async stop() {
      running = false;
      source.wakeUp();
      await loop;
    },
  };
};
