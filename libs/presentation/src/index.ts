export * from './labels';
export * from './dashboard-query';
export * from './overview.model';
export * from './export-rows';
export * from './commitment-facts';
export * from './chart';
export * from './audit-export-rows';
export * from './escape-html';
