// The public surface of @cosinum/audit: what the other libraries, the apps, the tests and the
// benchmarks import. Anything else is internal to the library (imported there from its own file).
export { exportBoard, manifestText } from './board-export';
export { csvDocument } from './csv';
export { replay } from './replay';
export {
  trail,
  trailCsvHeader,
  trailCsvLine,
  trailJsonLine,
  type TrailFilter,
} from './trail-export';
