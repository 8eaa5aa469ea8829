// The public surface of @cosinum/catalogue: what the other libraries, the apps, the tests and the
// benchmarks import. Anything else is internal to the library (imported there from its own file).
export { CatalogueValidationError, formatIssue, type CatalogueIssue } from './catalogue-issue';
export { type CatalogueEntry } from './catalogue.schema';
export { commitmentIdFor } from './commitment-id';
export { importCatalogue, type ImportSummary, type ImportWarning } from './import-catalogue';
export {
  checkProgress,
  importProgress,
  type ProgressCheck,
  type ProgressImportSummary,
  type RowOutcome,
} from './import-progress';
export {
  CheckProgressQuery,
  IMPORT_HANDLERS,
  ImportCatalogueCommand,
  ImportProgressCommand,
} from './import.commands';
export { loadCatalogueFile, parseCatalogue } from './parse-catalogue';
export {
  formatProgressIssue,
  loadProgressCsvFile,
  parseProgressCsv,
  readProgressCsv,
  TEMPLATE_COLUMNS,
  type ProgressFile,
  type ProgressLine,
  type ProgressRow,
  parseFrenchDate,
  parseFrenchNumber,
} from './progress-csv';
export { isXlsx, readProgressFile, readProgressXlsx } from './progress-xlsx';
