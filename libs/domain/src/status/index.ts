export * from './status.types';
export * from './evaluate-status';
export * from './commitment-view';
export * from './forecast';
export * from './commitment-history';
export { ReportSeries } from './report-series';
