import {
  ChainedEventStore,
  GlobalHashProjection,
  loadOrCreateSigningKey,
  writeCheckpoint,
  type SigningKey,
} from '@cosinum/integrity';
import { loadConfig, type AppConfig } from '@cosinum/config';
import { SqliteEventStore } from '@cosinum/event-store';
import { CommitmentsReadModel } from '@cosinum/projections';
import { Progress } from './progress';

export interface OpenedStore {
  readonly config: AppConfig;
  /** The store every write goes through: the integrity chain on top of the SQLite file. */
  readonly store: ChainedEventStore;
  /** The file itself, for bulk reads. */
  readonly sqlite: SqliteEventStore;
}

/** The CLI reads the same configuration as the server, so `DATA_DIR` points both at one store. */
export const openStore = (): OpenedStore => {
  const config = loadConfig(process.env);
  const sqlite = new SqliteEventStore({ filename: config.sqliteFile });
  return { config, store: new ChainedEventStore(sqlite), sqlite };
};

/** Folds the whole log into the read models, showing progress on large stores. */
export const foldReadModel = async (
  store: SqliteEventStore,
  quiet: boolean,
): Promise<CommitmentsReadModel> => {
  const model = new CommitmentsReadModel();
  const total = await store.headPosition();
  const progress = new Progress('Folding events', total, quiet || total < 50_000);
  let n = 0;
  for (const event of store.iterateAll()) {
    model.apply(event);
    if (++n % 10_000 === 0) progress.update(event.position);
  }
  progress.update(total);
  progress.done();
  return model;
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
  for (const event of opened.sqlite.iterateAll()) projection.apply(event);
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
