export * from './calendar';
export * from './ministries';
export * from './commitment';
export * from './status';
