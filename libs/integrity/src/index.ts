export * from './canonical-json';
export * from './event-hash';
export * from './chained-event-store';
export * from './signing-key';
export * from './checkpoint';
export * from './global-hash.projection';
export * from './verify-log';
