import { Logger } from '@nestjs/common';
import type { AppConfig } from '@cosinum/config';
import {
  EsdbEventStore,
  EventStoreUnavailableError,
  SqliteEventStore,
  type EventStore,
} from '@cosinum/event-store';

/** Credentials are never logged: a connection string is shown without them. */
export const redactConnectionString = (url: string): string => url.replace(/\/\/[^@/]*@/, '//***@');

/**
 * The configured store: EventStoreDB when `EVENTSTORE_URL` is set, else the SQLite file. An
 * unreachable server fails the start-up at once, with a message that says where it looked.
 */
export const openEventStore = async (
  config: AppConfig,
  timeoutMs = 10_000,
): Promise<EventStore> => {
  if (!config.eventStoreUrl) {
    return new SqliteEventStore({
      filename: config.sqliteFile,
      pollIntervalMs: config.pollIntervalMs,
    });
  }
  // The adapter's default retries outlast a leader election (see `RetryPolicy`); the start-up
  // check below still gives up after `timeoutMs`.
  // What the adapter has to say (events it skips) goes to the structured log, not the console.
  const logger = new Logger('EventStore');
  const store = new EsdbEventStore({
    connectionString: config.eventStoreUrl,
    logger: { warn: (message, context) => logger.warn({ msg: message, ...context }) },
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      store.headPosition(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return store;
  } catch (error) {
    await store.close().catch(() => undefined);
    throw new EventStoreUnavailableError(
      `EventStoreDB at ${redactConnectionString(config.eventStoreUrl)} is unreachable (${(error as Error).message}); check EVENTSTORE_URL, or unset it to use the embedded SQLite store`,
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
  }
};
