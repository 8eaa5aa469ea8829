import type * as DbClient from '@eventstore/db-client';

let loaded: typeof DbClient | undefined;

/**
 * The EventStoreDB client library, loaded when it is first used (the first `EsdbEventStore` made):
 * with gRPC and protobuf it is about 0.2 s of module loading, which a server on the embedded SQLite
 * store (the default) never pays. Synchronous, as the store's constructor is. Its types are
 * imported as types only (`import type`), which load nothing.
 */
export const dbClient = (): typeof DbClient => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  loaded ??= require('@eventstore/db-client') as typeof DbClient;
  return loaded;
};
