export * from './ministries';
