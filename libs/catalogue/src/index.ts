export * from './period-deadline';
export * from './commitment-id';
export * from './catalogue-issue';
export type { CatalogueEntry, CatalogueProgress } from './catalogue.schema';
export * from './parse-catalogue';
export * from './import-catalogue';
export * from './progress-csv';
export * from './import-progress';
export * from './import.commands';
