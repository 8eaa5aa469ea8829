import type { AllStreamSubscription, EventStoreDBClient } from '@eventstore/db-client';
import { EventStoreUnavailableError } from '../event-store.errors';
import type { SubscribeOptions, Subscription } from '../event-store.port';
import { dbClient } from './esdb-client';
import {
  fromPosition,
  isTransient,
  type ForeignEvents,
  sleep,
  toPosition,
  toRecorded,
} from './esdb-mapping';

export interface ResubscribePolicy {
  /** First pause after a dropped subscription; doubles on each consecutive failure. */
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
  /** Consecutive failures before giving up with `onError` (Infinity: never give up). */
  readonly maxAttempts: number;
}

/** A failure of the subscriber's own handler: never retried, reported as it was thrown. */
class HandlerFailure {
  constructor(readonly cause: unknown) {}
}

/**
 * A catch-up subscription to `$all` that survives node failures. The client (6.x) ends a
 * subscription on any server error and leaves resubscribing to the caller, so this loop does it:
 * it remembers the position of the last event it handed over (or skipped as a system event), and
 * after an error subscribes again strictly after that position, with exponential backoff. Events
 * the client had buffered but not yet delivered are simply read again; anything at or before the
 * checkpoint is dropped, so there is no gap and no duplicate whatever the server's start
 * semantics.
 *
 * Caught up is decided here rather than from the server's `caughtUp` message (sent only by
 * servers ≥ 23.10, and emitted by the client out of band with the events still buffered): the
 * position of the last event in `$all` is read before subscribing, and once the subscriber has
 * been handed everything up to it, `onCaughtUp` fires — once per (re)subscription.
 */
export const resilientSubscription = (
  /** The adapter's client of the moment (it replaces one whose discovery failed). */
  clientOf: () => EventStoreDBClient,
  options: SubscribeOptions,
  policy: ResubscribePolicy,
  foreign: ForeignEvents,
): Subscription => {
  let running = true;
  let checkpoint = options.after;
  let current: AllStreamSubscription | null = null;
  let failures = 0;
  const pause: { wake?: () => void } = {};

  // Read to the end, never broken out of: the client cannot dispose of a half-read stream.
  const headOfAll = async (): Promise<number> => {
    let head = 0;
    for await (const resolved of clientOf().readAll({
      direction: 'backwards',
      fromPosition: 'end',
      maxCount: 1,
      requiresLeader: true,
    })) {
      if (resolved.event) head = fromPosition(resolved.event.position);
    }
    return head;
  };

  const subscribeOnce = async (): Promise<void> => {
    const head = await headOfAll();
    let caughtUp = false;
    const reachedHead = () => {
      if (caughtUp || checkpoint < head) return;
      caughtUp = true;
      options.onCaughtUp?.(checkpoint);
    };
    if (!running) return;
    reachedHead();
    // From the leader, as every read (see `EsdbEventStore`): a lagging follower would deliver late.
    const subscription = clientOf().subscribeToAll({
      fromPosition: checkpoint > 0 ? toPosition(checkpoint) : dbClient().START,
      requiresLeader: true,
    });
    current = subscription;
    // A confirmed subscription means the node is back: the next failure starts the backoff over.
    subscription.on('confirmation', () => {
      failures = 0;
    });
    try {
      for await (const resolved of subscription) {
        if (!running) return;
        const event = resolved.event;
        if (!event) continue;
        const position = fromPosition(event.position);
        if (position <= checkpoint) continue;
        if (foreign.admit(event)) {
          try {
            await options.onEvent(toRecorded(event));
          } catch (error) {
            throw new HandlerFailure(error);
          }
        }
        checkpoint = position;
        reachedHead();
      }
    } finally {
      current = null;
      await subscription.unsubscribe().catch(() => undefined);
      subscription.destroy();
    }
  };

  const loop = (async () => {
    while (running) {
      try {
        await subscribeOnce();
        if (!running) return;
        // The server ended the subscription cleanly (a node shutting down): subscribe again.
      } catch (error) {
        if (!running) return;
        if (error instanceof HandlerFailure) throw error.cause;
        if (!isTransient(error)) throw error;
      }
      failures++;
      if (failures > policy.maxAttempts) {
        throw new EventStoreUnavailableError(
          `Subscription to $all lost after ${policy.maxAttempts} attempts to resubscribe`,
        );
      }
      await sleep(
        Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** Math.min(failures - 1, 20)),
        pause,
      );
    }
  })().catch((error: unknown) => {
    running = false;
    options.onError?.(error);
  });

  return {
    async stop() {
      running = false;
      pause.wake?.();
      // Ends a pending read at once; an event being handled is finished first (awaited below).
      current?.destroy();
      await loop;
    },
  };
};
