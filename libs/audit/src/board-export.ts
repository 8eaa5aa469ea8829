import { createHash } from 'node:crypto';
import type { Moment, RuleSet } from '@cosinum/domain';
import { BOARD_EXPORT_HEADER, boardExportRow } from '@cosinum/presentation';
import { statusBoard, type CommitmentsReadModel } from '@cosinum/projections';
import { canonicalJson } from '@cosinum/integrity';
import { csvDocument } from './csv';
import type { LogPrefix } from './replay';

export interface BoardExport {
  readonly csv: string;
  readonly manifest: BoardManifest;
}

export interface BoardManifest {
  readonly kind: 'cosinum-board-export';
  readonly version: 1;
  readonly asOf: string;
  readonly knownAt: string;
  /** The rule set the board was evaluated under, whole: the file stays reproducible. */
  readonly rules: RuleSet;
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
  rules: RuleSet,
  log: LogPrefix,
): BoardExport => {
  const board = statusBoard(model, moment, rules);
  const rows = board.items.map(boardExportRow);
  const csv = csvDocument(BOARD_EXPORT_HEADER, rows);
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
