import { frenchDate, type StatusItem } from '@cosinum/domain';
import { STATE_LABELS, ministryName } from './labels';

/** The columns of the audit's board export (`cosinum audit export-board`, `GET /api/audit/board`). */
export const BOARD_EXPORT_HEADER = [
  'Ministère (code)',
  'Ministère',
  'Engagement',
  'Identifiant',
  'Identifiant externe',
  'État',
  'Échéance',
  'Échéance initiale',
  'Échéance (libellé)',
  'Reports',
  'Cible',
  'Dernière valeur',
  'Date de la dernière valeur',
  'Atteint le',
  'Jours de retard',
  'Raisons',
];

/** One board item as a row of the audit's board export, in {@link BOARD_EXPORT_HEADER} order. */
export const boardExportRow = (i: StatusItem): (string | number)[] => [
  i.ministry,
  ministryName(i.ministry),
  i.title,
  i.commitmentId,
  i.externalId ?? '',
  STATE_LABELS[i.state],
  frenchDate(i.deadline),
  frenchDate(i.originalDeadline),
  i.deadlineWording ?? '',
  i.extensions,
  i.target,
  i.latestValue ?? '',
  i.latestOn ? frenchDate(i.latestOn) : '',
  i.metOn ? frenchDate(i.metOn) : '',
  i.daysLate ?? '',
  i.reasons.map((r) => r.message).join(' | '),
];

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
