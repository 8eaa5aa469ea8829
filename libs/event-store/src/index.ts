export * from './event-store.port';
export * from './event-store.errors';
export * from './catch-up-subscription';
export * from './sqlite/sqlite-event-store';
export * from './esdb/esdb-event-store';
export * from './event-metadata';
export * from './handle-command';
