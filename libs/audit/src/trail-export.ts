import type { EventStore, RecordedEvent } from '@cosinum/event-store';
import { canonicalJson } from '@cosinum/integrity';
import { TRAIL_CSV_HEADER } from '@cosinum/presentation';
import { BOM, csvLine } from './csv';

export interface TrailFilter {
  /** Recorded at or after (instant). */
  readonly from?: string;
  /** Recorded at or before (instant). */
  readonly to?: string;
  readonly types?: readonly string[];
}

const matches = (e: RecordedEvent, f: TrailFilter): boolean =>
  (!f.from || e.metadata.recordedAt >= f.from) &&
  (!f.to || e.metadata.recordedAt <= f.to) &&
  (!f.types || f.types.length === 0 || f.types.includes(e.type));

/** Every event of the log matching the filter, in log order, batch by batch. */
export async function* trail(
  store: EventStore,
  filter: TrailFilter,
  batchSize = 5000,
): AsyncGenerator<RecordedEvent> {
  let after = 0;
  for (;;) {
    const batch = await store.readAll({ after, maxCount: batchSize });
    for (const e of batch) if (matches(e, filter)) yield e;
    if (batch.length < batchSize) return;
    after = batch[batch.length - 1].position;
  }
}

/** One event per line, canonical JSON: the whole event, hashes included, so a line can be re-checked. */
export const trailJsonLine = (e: RecordedEvent): string =>
  `${canonicalJson({ position: e.position, streamName: e.streamName, streamRevision: e.streamRevision, id: e.id, type: e.type, data: e.data, metadata: e.metadata })}\n`;

export { TRAIL_CSV_HEADER };

export const trailCsvLine = (e: RecordedEvent): string => {
  const data = (e.data ?? {}) as Record<string, unknown>;
  const actor = e.metadata.actor ?? { subject: '' };
  return csvLine([
    e.position,
    e.metadata.recordedAt,
    e.streamName,
    e.streamRevision,
    e.type,
    actor.subject,
    actor.role ?? '',
    (data.ministry as string | undefined) ?? actor.ministry ?? '',
    (data.on as string | undefined) ??
      (data.source as { decidedOn?: string } | undefined)?.decidedOn ??
      '',
    (data.reason as string | undefined) ?? '',
    (data.decisionRef as string | undefined) ?? '',
    canonicalJson(data),
    (e.metadata.hash as string | undefined) ?? '',
  ]);
};

export const trailCsvHeader = (): string => BOM + csvLine(TRAIL_CSV_HEADER);
