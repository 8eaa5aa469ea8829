/**
 * Row 3: the board as the server answers `GET /api/status?asOf=&knownAt=` (GetStatusBoardHandler):
 * the rule set in force at `asOf` as known at `knownAt` among those the log adopted (`rulesFor`,
 * the configuration's rules only for a store that adopted none), the read model's organisation
 * chart, and the BoardCache the handler asks (a random past moment is always a miss: the board is
 * evaluated by `statusBoard`, then kept).
 */
import { rulesFor } from '@cosinum/application';
import { loadConfig } from '@cosinum/config';
import type { Moment } from '@cosinum/domain';
import { BoardCache, type Board, type CommitmentsReadModel } from '@cosinum/projections';

/** Boards of `model` as the API serves them, configured as the API started by the bench is. */
export const boardsAsServed = (
  model: CommitmentsReadModel,
): { board(moment: Moment): Board; ruleSets: number; organisations: number } => {
  const config = loadConfig(process.env);
  const cache = new BoardCache(model);
  return {
    board: (moment) => cache.board(moment, rulesFor(model, config, moment, 'as-known')),
    ruleSets: model.ruleSets.sets.length,
    organisations: model.chart.size,
  };
};
