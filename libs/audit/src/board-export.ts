import { createHash } from 'node:crypto';
import {
  frenchDate,
  organisation,
  type ItemState,
  type Moment,
  type StatusRules,
} from '@cosinum/domain';
import { statusBoard, type CommitmentsReadModel } from '@cosinum/projections';
import { canonicalJson } from '@cosinum/integrity';
import { csvDocument } from './csv';
import type { LogPrefix } from './replay';

export const STATE_LABELS: Record<ItemState, string> = {
  overdue: 'En retard',
  at_risk: 'À risque',
  on_track: 'En bonne voie',
  met: 'Atteint',
  exempt: 'Exempté',
  withdrawn: 'Retiré',
};

const HEADER = [
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

export interface BoardExport {
  readonly csv: string;
  readonly manifest: BoardManifest;
}

export interface BoardManifest {
  readonly kind: 'cosinum-board-export';
  readonly version: 1;
  readonly asOf: string;
  readonly knownAt: string;
  readonly rules: StatusRules;
  /** The log prefix the board was computed from: replaying it gives this file byte for byte. */
  readonly log: LogPrefix;
  readonly file: {
    readonly rows: number;
    readonly bytes: number;
    readonly sha256: string;
    readonly format: string;
  };
}

/**
 * "The board as it stood on `asOf`, as known on `knownAt`", as CSV for French Excel, with a
 * manifest naming the log prefix it came from. Deterministic: no generation time, a total order
 * on rows, so producing it twice gives the same bytes.
 */
export const exportBoard = (
  model: CommitmentsReadModel,
  moment: Moment,
  rules: StatusRules,
  log: LogPrefix,
): BoardExport => {
  const board = statusBoard(model, moment, rules);
  const rows = board.items.map((i) => [
    i.ministry,
    organisation(i.ministry)?.name ?? i.ministry,
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
  ]);
  const csv = csvDocument(HEADER, rows);
  const bytes = Buffer.from(csv, 'utf8');
  return {
    csv,
    manifest: {
      kind: 'cosinum-board-export',
      version: 1,
      asOf: moment.asOf,
      knownAt: moment.knownAt,
      rules,
      log,
      file: {
        rows: rows.length,
        bytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        format: 'text/csv; charset=utf-8; separator=";"; BOM',
      },
    },
  };
};

/** The manifest as written next to the file: canonical JSON, so it is reproducible too. */
export const manifestText = (manifest: BoardManifest): string => `${canonicalJson(manifest)}\n`;
