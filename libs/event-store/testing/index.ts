export * from './event-store.contract';
export * from './esdb-grpc-double';
export * from './esdb-grpc-cluster-double';
export * from './wait-until';
