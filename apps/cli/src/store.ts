import { loadConfig, type AppConfig } from '@cosinum/config';
import { SqliteEventStore } from '@cosinum/event-store';
import { CommitmentsReadModel } from '@cosinum/projections';
import { Progress } from './progress';

/** The CLI reads the same configuration as the server, so `DATA_DIR` points both at one store. */
export const openStore = (): { config: AppConfig; store: SqliteEventStore } => {
  const config = loadConfig(process.env);
  return { config, store: new SqliteEventStore({ filename: config.sqliteFile }) };
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
