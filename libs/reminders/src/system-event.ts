import { randomUUID } from 'node:crypto';
import { SCHEMA_VERSION, type Clock } from '@cosinum/application';
import type { Actor, NewEvent } from '@cosinum/event-store';

export const REMINDERS_ACTOR: Actor = { subject: 'system:reminders' };

export interface EventContext {
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string | null;
}

/** An event with the metadata every event carries (same shape as execute-command.ts). */
export const newEvent = <Type extends string, Data extends object>(
  clock: Clock,
  type: Type,
  data: Data,
  context: EventContext,
): NewEvent<Type, Data> => ({
  id: randomUUID(),
  type,
  // Stored as JSON: drop undefined optional fields rather than rely on the encoder.
  data: JSON.parse(JSON.stringify(data)) as Data,
  metadata: {
    actor: context.actor,
    correlationId: context.correlationId,
    causationId: context.causationId,
    recordedAt: clock.now(),
    schemaVersion: SCHEMA_VERSION,
  },
});
