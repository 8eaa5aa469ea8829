import {
  ChainedEventStore,
  GlobalHashProjection,
  loadOrCreateSigningKey,
  signingKeyIfPresent,
  writeCheckpoint,
  type SigningKey,
} from '@cosinum/integrity';
import { loadSnapshot, openEventStore, snapshotFileOf } from '@cosinum/application';
import { loadConfig, type AppConfig } from '@cosinum/config';
import { SqliteEventStore, type EventStore } from '@cosinum/event-store';
import { CommitmentsReadModel, RemindersIndex, SessionsIndex } from '@cosinum/projections';
import { Progress } from './progress';
import { CliError } from './cli-error';

/** How long the CLI waits for EventStoreDB to answer before it gives up (the server waits 10 s). */
export const CLI_CONNECT_TIMEOUT_MS = 5_000;

export interface OpenedStore {
  readonly config: AppConfig;
  /** The store every read and write goes through: the integrity chain on the configured store. */
  readonly store: ChainedEventStore;
}

/**
 * The CLI reads the same configuration as the server and opens the same store: EventStoreDB when
 * `EVENTSTORE_URL` is set (an unreachable server fails at once, naming it), else the SQLite file
 * of `DATA_DIR`.
 */
export const openStore = async (): Promise<OpenedStore> => {
  const config = loadConfig(process.env);
  const store = await openEventStore(config, CLI_CONNECT_TIMEOUT_MS);
  return { config, store: new ChainedEventStore(store) };
};

/** The embedded SQLite file of `DATA_DIR` whatever `EVENTSTORE_URL` says: what `migrate` copies. */
export const openSqliteStore = (): OpenedStore => {
  const config = loadConfig(process.env);
  const sqlite = new SqliteEventStore({ filename: config.sqliteFile });
  return { config, store: new ChainedEventStore(sqlite) };
};

/**
 * The commitments' read model: from the server's snapshot when there is a usable one (the same
 * checks as the server's; read only, the CLI never writes one), then the log after it, or the
 * whole log, showing progress on large stores.
 */
export const foldReadModel = async (
  store: EventStore,
  quiet: boolean,
  config?: AppConfig,
): Promise<CommitmentsReadModel> => {
  const model = new CommitmentsReadModel();
  const file = config && snapshotFileOf(config);
  if (config && file) {
    const key = signingKeyIfPresent(config.auditSigningKeyFile);
    const models = {
      commitments: model,
      globalHash: new GlobalHashProjection(),
      reminders: new RemindersIndex(),
      sessions: new SessionsIndex(),
    };
    const loaded = await loadSnapshot(file, store, models, key);
    if (loaded.ok && !quiet)
      process.stderr.write(
        `cosinum: read models from the snapshot taken at ${loaded.header.createdAt} (${loaded.header.eventCount} events), then the log after it\n`,
      );
    if (!loaded.ok && loaded.reason !== 'none' && !quiet)
      process.stderr.write(
        `cosinum: the snapshot ${file} is not used (${loaded.reason}); folding the whole log\n`,
      );
  }
  const from = model.position;
  const total = await store.headPosition();
  const progress = new Progress('Folding events', total, quiet || total - from < 50_000);
  for await (const page of store.readAllPages({ after: from, pageSize: 5_000 })) {
    for (const event of page) model.apply(event);
    progress.update(page[page.length - 1].position);
  }
  progress.update(total);
  progress.done();
  return model;
};

/**
 * The configured key as it is, for commands that only read it (verify, public-key): a
 * verification must not change what it verifies, so a missing key is an error, never created.
 */
export const existingSigningKey = (config: AppConfig): SigningKey => {
  const key = signingKeyIfPresent(config.auditSigningKeyFile);
  if (!key)
    throw new CliError(
      `no audit signing key at ${config.auditSigningKeyFile} (AUDIT_SIGNING_KEY_FILE); pass the public key to trust with --public-key <file>`,
    );
  return key;
};

export const signingKey = (config: AppConfig): SigningKey => {
  const { key, created } = loadOrCreateSigningKey(config.auditSigningKeyFile);
  if (created)
    process.stderr.write(
      `cosinum: created the audit signing key ${config.auditSigningKeyFile} (key ${key.keyId})\n`,
    );
  return key;
};

/** Signs the log head, as the server does periodically: used after the CLI writes. */
export const signHead = async (opened: OpenedStore): Promise<void> => {
  const projection = new GlobalHashProjection();
  for await (const page of opened.store.readAllPages({ pageSize: 5_000 }))
    for (const event of page) projection.apply(event);
  if (projection.position === 0) return;
  await writeCheckpoint(
    opened.store,
    signingKey(opened.config),
    projection.head,
    new Date().toISOString(),
    {
      subject: 'system:cli',
      role: 'system',
    },
  );
};
