// The public surface of @cosinum/presentation: what the other libraries, the apps, the tests and the
// benchmarks import. Anything else is internal to the library (imported there from its own file).
export {
  BOARD_EXPORT_HEADER,
  ITEM_COLUMNS,
  TRAIL_CSV_HEADER,
  boardExportRow,
  type ExportCell,
} from './export-columns';
export { chartDescription, chartGeometry, type ChartOptions, type Marker } from './chart';
export { ministryPoints, visibleFacts, type CommitmentFacts } from './commitment-facts';
export {
  parseDashboardQuery,
  type DashboardFilters,
  type DashboardQuery,
  type FieldError,
  type RawQuery,
} from './dashboard-query';
export { escapeHtml } from './escape-html';
export {
  EXPORT_DATE_COLUMNS,
  EXPORT_HEADER,
  exportFileName,
  exportParameters,
  exportRows,
  rulesText,
} from './export-rows';
export {
  EVENT_LABELS,
  STATES,
  STATE_ABBREVIATIONS,
  STATE_BADGES,
  STATE_LABELS,
  decidedOnInText,
  displayWording,
  documentRecord,
  documentShortTitle,
  documentTitle,
  type DocumentRecord,
  frenchDateTime,
  ministryName,
  ministryShortName,
  organisationInText,
  staticOrganisation,
  type NamesOn,
  stateLabelInText,
  worstState,
} from './labels';
export {
  CADENCE_LABELS,
  MILESTONE_STATE_LABELS,
  NNBSP,
  NO_REPORT_LABEL,
  cadenceCell,
  isSilent,
  latestText,
  milestoneName,
  milestoneStateText,
  milestonesSummary,
  noReportCount,
  percentText,
  reportingText,
  yesNo,
} from './progress';
export { buildOverview, cellKey, type Overview, type OverviewColumn } from './overview.model';
export { awaitingReport, DUE_SOON_DAYS, type AwaitingItem, type AwaitingReason } from './to-do';
export {
  slippageTimeline,
  stepText,
  TIMELINE_DATE_COLUMNS,
  TIMELINE_HEADER,
  TIMELINE_SORTS,
  timelineExportRows,
  type SlippageTimeline,
  type TimelineRow,
  type TimelineSort,
} from './slippage-timeline';
export { emptyViewReason, type Beginning, type EmptyViewReason } from './empty-view';
export {
  TREND_ALERT_POINTS,
  ministryComparison,
  trendWeek,
  type MinistryFigures,
  type TrendWeek,
} from './trend';
export {
  boardChanges,
  meetingPack,
  rulingsSince,
  SHEET_ROWS,
  UPCOMING_DAYS,
  type MeetingChanges,
  type MeetingPack,
  type MinistrySheet,
  type RulingKind,
  type RulingSince,
  type StateChange,
} from './meeting-pack';
