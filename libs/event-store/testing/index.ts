export * from './event-store.contract';
export * from './esdb-grpc-double';
