import { randomUUID } from 'node:crypto';
import type { Actor, NewEvent } from './event-store.port';

/** Version of the metadata shape written with every event. */
export const SCHEMA_VERSION = 1;

/** Who asked, and what chain of events the new ones belong to. */
export interface EventContext {
  readonly actor: Actor;
  /** Ties together every event caused by one request, import or run (default: a new id). */
  readonly correlationId?: string;
  /** The event that caused these, when one did. */
  readonly causationId?: string | null;
}

/**
 * The one place events get their metadata: a fresh id each, the actor, correlation and causation,
 * the recording instant and the schema version. Every writer goes through it, so every stored
 * event has the same envelope (ARCHITECTURE.md, "Every event carries").
 */
export const toNewEvents = <Event extends { readonly type: string; readonly data: unknown }>(
  events: readonly Event[],
  context: EventContext,
  recordedAt: string,
): NewEvent[] => {
  const correlationId = context.correlationId ?? randomUUID();
  return events.map((event) => ({
    id: randomUUID(),
    type: event.type,
    // Stored as JSON: drop undefined optional fields rather than rely on the encoder.
    data: asJson(event.data),
    metadata: {
      actor: context.actor,
      correlationId,
      causationId: context.causationId ?? null,
      recordedAt,
      schemaVersion: SCHEMA_VERSION,
    },
  }));
};

/**
 * What `JSON.parse(JSON.stringify(value))` gives, without the text in between: undefined members
 * dropped, undefined (and functions) in arrays as null, non-finite numbers as null.
 */
export const asJson = (value: unknown): unknown => {
  if (value === null) return null;
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? value + 0 : null; // -0 + 0 is 0, as JSON writes it
    case 'string':
    case 'boolean':
      return value;
    case 'object': {
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
        return JSON.parse(JSON.stringify(value)) as unknown;
      if (Array.isArray(value)) {
        const out = new Array<unknown>(value.length);
        for (let i = 0; i < value.length; i++) {
          const item = asJson(value[i]);
          out[i] = item === undefined ? null : item;
        }
        return out;
      }
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        const item = asJson((value as Record<string, unknown>)[key]);
        if (item === undefined) continue;
        // An own "__proto__" member stays a member (as JSON.parse makes it), never the prototype.
        if (key === '__proto__')
          Object.defineProperty(out, key, {
            value: item,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        else out[key] = item;
      }
      return out;
    }
    default:
      return undefined; // undefined, functions, symbols: dropped, as JSON does
  }
};
