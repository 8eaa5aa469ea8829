import { frenchDate, type StatusItem } from '@cosinum/domain';
import { STATE_LABELS, displayWording, ministryName } from './labels';
import { NNBSP, cadenceCell, isSilent, milestonesSummary, yesNo } from './progress';

export type ExportCell = string | number | null;

/**
 * The columns a board item can be exported in, with their French headers: the one place where an
 * item becomes a spreadsheet row. The audit's board export and the dashboard's export pick from it
 * (an absent value is `null`: an empty cell).
 */
export const ITEM_COLUMNS = {
  ministryCode: { header: 'Ministère (code)', cell: (i: StatusItem) => i.ministry },
  ministry: { header: 'Ministère', cell: (i: StatusItem) => ministryName(i.ministry) },
  title: { header: 'Engagement', cell: (i: StatusItem) => i.title },
  id: { header: 'Identifiant', cell: (i: StatusItem) => i.commitmentId },
  externalId: { header: 'Identifiant externe', cell: (i: StatusItem) => i.externalId ?? '' },
  state: { header: 'État', cell: (i: StatusItem) => STATE_LABELS[i.state] },
  deadline: { header: 'Échéance', cell: (i: StatusItem) => frenchDate(i.deadline) },
  originalDeadline: {
    header: 'Échéance initiale',
    cell: (i: StatusItem) => frenchDate(i.originalDeadline),
  },
  deadlineWording: {
    header: 'Échéance (libellé)',
    cell: (i: StatusItem) => (i.deadlineWording ? displayWording(i.deadlineWording) : ''),
  },
  extensions: { header: 'Reports', cell: (i: StatusItem) => i.extensions },
  target: { header: 'Cible', cell: (i: StatusItem) => i.target },
  latestValue: { header: 'Dernière valeur', cell: (i: StatusItem) => i.latestValue ?? null },
  latestOn: {
    header: 'Date de la dernière valeur',
    cell: (i: StatusItem) => (i.latestOn ? frenchDate(i.latestOn) : ''),
  },
  progressRate: {
    header: 'Taux d’avancement (%)',
    cell: (i: StatusItem) => i.progressRate,
  },
  noReport: { header: 'Sans déclaration', cell: (i: StatusItem) => yesNo(isSilent(i)) },
  upToDate: { header: 'À jour', cell: (i: StatusItem) => yesNo(i.upToDate) },
  nextReportDue: {
    header: 'Prochaine valeur attendue le',
    cell: (i: StatusItem) => (i.nextReportDue ? frenchDate(i.nextReportDue) : ''),
  },
  cadence: { header: 'Périodicité', cell: (i: StatusItem) => cadenceCell(i.reporting) },
  milestones: { header: 'Jalons', cell: (i: StatusItem) => milestonesSummary(i) },
  metOn: { header: 'Atteint le', cell: (i: StatusItem) => (i.metOn ? frenchDate(i.metOn) : '') },
  daysLate: { header: 'Jours de retard', cell: (i: StatusItem) => i.daysLate ?? null },
  forecast: {
    header: `Prévision${NNBSP}: objectif atteint vers le`,
    cell: (i: StatusItem) => (i.forecast?.reachOn ? frenchDate(i.forecast.reachOn) : ''),
  },
  reasons: {
    header: 'Raisons',
    cell: (i: StatusItem) => i.reasons.map((r) => r.message).join(' | '),
  },
} satisfies Record<string, { header: string; cell: (i: StatusItem) => ExportCell }>;

/** The item columns that hold calendar dates (JJ/MM/AAAA in a CSV, real dates in a workbook). */
export const DATE_COLUMNS: ReadonlySet<{ header: string }> = new Set([
  ITEM_COLUMNS.deadline,
  ITEM_COLUMNS.originalDeadline,
  ITEM_COLUMNS.latestOn,
  ITEM_COLUMNS.nextReportDue,
  ITEM_COLUMNS.metOn,
  ITEM_COLUMNS.forecast,
]);

/**
 * Where an item stands against its target and its cadence, silence told from a shortfall: the
 * columns both exports carry after the latest value.
 */
export const PROGRESS_COLUMNS = [
  ITEM_COLUMNS.progressRate,
  ITEM_COLUMNS.noReport,
  ITEM_COLUMNS.upToDate,
  ITEM_COLUMNS.nextReportDue,
  ITEM_COLUMNS.cadence,
  ITEM_COLUMNS.milestones,
];

const BOARD_EXPORT_COLUMNS = [
  ITEM_COLUMNS.ministryCode,
  ITEM_COLUMNS.ministry,
  ITEM_COLUMNS.title,
  ITEM_COLUMNS.id,
  ITEM_COLUMNS.externalId,
  ITEM_COLUMNS.state,
  ITEM_COLUMNS.deadline,
  ITEM_COLUMNS.originalDeadline,
  ITEM_COLUMNS.deadlineWording,
  ITEM_COLUMNS.extensions,
  ITEM_COLUMNS.target,
  ITEM_COLUMNS.latestValue,
  ITEM_COLUMNS.latestOn,
  ...PROGRESS_COLUMNS,
  ITEM_COLUMNS.metOn,
  ITEM_COLUMNS.daysLate,
  ITEM_COLUMNS.reasons,
];

/** The columns of the audit's board export (`cosinum export board`, `GET /api/exports/board.csv`). */
export const BOARD_EXPORT_HEADER = BOARD_EXPORT_COLUMNS.map((c) => c.header);

/** One board item as a row of the audit's board export, in {@link BOARD_EXPORT_HEADER} order. */
export const boardExportRow = (i: StatusItem): (string | number)[] =>
  BOARD_EXPORT_COLUMNS.map((c) => c.cell(i) ?? '');

/** The columns of the audit trail's CSV export. */
export const TRAIL_CSV_HEADER = [
  'Position',
  'Enregistré le (UTC)',
  'Flux',
  'Révision',
  'Type',
  'Acteur',
  'Rôle',
  'Ministère',
  'Date métier',
  'Motif',
  'Référence de décision',
  'Données',
  'Empreinte SHA-256',
];
