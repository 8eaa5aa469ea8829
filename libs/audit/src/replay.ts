import type { EventStore, RecordedEvent } from '@cosinum/event-store';
import { CommitmentsReadModel } from '@cosinum/projections';
import { GENESIS_HASH, nextGlobalHash } from '@cosinum/integrity';

export interface ReplayResult {
  readonly model: CommitmentsReadModel;
  /** The known prefix of the log the model was folded from. */
  readonly log: LogPrefix;
  readonly eventsRead: number;
  readonly durationMs: number;
}

/** Which events a result was computed from: enough to reproduce it, and to check it. */
export interface LogPrefix {
  /** Recorded up to this instant (null: everything). */
  readonly knownAt: string | null;
  /** Position of the last event included. */
  readonly position: number;
  readonly eventCount: number;
  /** Rolling hash of the included events' stored hashes, in log order (see event-hash.ts). */
  readonly globalHash: string;
}

export const isKnownAt = (event: RecordedEvent, knownAt: string | null): boolean =>
  knownAt === null || event.metadata.recordedAt <= knownAt;

/**
 * The store's first rule set states the rules every board followed before rules were decisions,
 * whenever it was recorded (`ruleSetInForce` falls back on it for a `knownAt` before it): a replay
 * up to an earlier `knownAt` folds it too, so that it judges as the live read models do. It is
 * not part of the log prefix, and the manifest of an export names it whole.
 */
const isInitialRuleSet = (event: RecordedEvent): boolean =>
  event.type === 'StatusRulesAdopted' && (event.data as { initial?: boolean }).initial === true;

/**
 * Folds the log from scratch into fresh read models, keeping only the events recorded up to
 * `knownAt`, straight through the fold functions (never the in-memory EventBus). What the live
 * read models say must equal this, for any `knownAt`.
 */
export const replay = async (
  store: EventStore,
  options: {
    knownAt?: string | null;
    batchSize?: number;
    onProgress?: (position: number) => void;
  } = {},
): Promise<ReplayResult> => {
  const started = Date.now();
  const knownAt = options.knownAt ?? null;
  const model = new CommitmentsReadModel();
  const batchSize = options.batchSize ?? 5000;
  let after = 0;
  let read = 0;
  let log = { knownAt, position: 0, eventCount: 0, globalHash: GENESIS_HASH };
  for (;;) {
    const batch = await store.readAll({ after, maxCount: batchSize });
    for (const event of batch) {
      read++;
      after = event.position;
      if (!isKnownAt(event, knownAt)) {
        if (isInitialRuleSet(event)) model.apply(event);
        continue;
      }
      model.apply(event);
      log = {
        knownAt,
        position: event.position,
        eventCount: log.eventCount + 1,
        globalHash: nextGlobalHash(
          log.globalHash,
          (event.metadata.hash as string | undefined) ?? GENESIS_HASH,
        ),
      };
    }
    if (batch.length > 0) options.onProgress?.(after);
    if (batch.length < batchSize) break;
  }
  return { model, log, eventsRead: read, durationMs: Date.now() - started };
};
