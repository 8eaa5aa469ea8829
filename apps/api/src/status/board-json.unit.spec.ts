import {
  configurationRuleSet,
  DEFAULT_RULES as RULES,
  type Moment,
  type RuleSet,
} from '@cosinum/domain';
import type { RecordedEvent } from '@cosinum/event-store';
import { BoardCache, CommitmentsReadModel, statusBoard } from '@cosinum/projections';
import {
  EMAIL_COMMITMENT_ID,
  commitmentDecided,
  progressReported,
} from '../../../../libs/domain/testing';
import { boardJson } from './board-json';

const DEFAULT_RULES = configurationRuleSet(RULES);

const day = (n: number, hour = 10) => new Date(Date.UTC(2021, 0, 4 + n, hour)).toISOString();

let position = 0;
const stored = (event: { type: string; data: object }, recordedAt: string): RecordedEvent =>
  ({
    ...event,
    id: `e${++position}`,
    streamName: `commitment-${EMAIL_COMMITMENT_ID}`,
    streamRevision: position - 1,
    position,
    metadata: {
      actor: { subject: 'spec' },
      correlationId: 'c',
      causationId: null,
      recordedAt,
      schemaVersion: 1,
    },
  }) as RecordedEvent;

describe('boardJson', () => {
  let model: CommitmentsReadModel;
  let cache: BoardCache;

  beforeEach(() => {
    position = 0;
    model = new CommitmentsReadModel();
    cache = new BoardCache(model);
    model.apply(stored(commitmentDecided(), day(-40)));
    model.apply(stored(progressReported({ ministry: 'MI', value: 80, on: '2021-01-04' }), day(0)));
    model.apply(stored(progressReported({ ministry: 'MJ', value: 75, on: '2021-01-05' }), day(1)));
  });

  const fresh = (moment: Moment, ministry?: string) =>
    statusBoard(model, moment, DEFAULT_RULES, { ministry });

  it('answers UTF-8 JSON that is JSON.stringify of the board, with an optional prefix', () => {
    const moment = { asOf: day(2), knownAt: day(2) };
    expect(boardJson(cache.board(moment, DEFAULT_RULES)).toString('utf8')).toBe(
      JSON.stringify(fresh(moment)),
    );
    // The same cached board at another moment of that Paris day: only the moment fields change.
    const later = { asOf: day(2, 16), knownAt: day(2, 16) };
    expect(boardJson(cache.board(later, DEFAULT_RULES)).toString('utf8')).toBe(
      JSON.stringify(fresh(later)),
    );
    const prefix = `"ministry":${JSON.stringify({ code: 'MI' })},`;
    expect(
      JSON.parse(
        boardJson(cache.board(moment, DEFAULT_RULES, { ministry: 'MI' }), prefix).toString('utf8'),
      ),
    ).toEqual({
      ministry: { code: 'MI' },
      ...fresh(moment, 'MI'),
    });
  });

  it('serialises a board that is not shared (not frozen) afresh each time', () => {
    const moment = { asOf: day(2), knownAt: day(2) };
    const board = fresh(moment);
    const before = boardJson(board).toString('utf8');
    expect(before).toBe(JSON.stringify(board));
    board.items.pop();
    expect(boardJson(board).toString('utf8')).toBe(JSON.stringify(board));
  });

  it('keeps every member of the board: counts, silent items, mean rate and the rule set', () => {
    const moment = { asOf: day(2), knownAt: day(2) };
    const parsed = JSON.parse(boardJson(cache.board(moment, DEFAULT_RULES)).toString('utf8'));
    expect(Object.keys(parsed)).toEqual([
      'asOf',
      'knownAt',
      'counts',
      'noReport',
      'meanProgressRate',
      'rules',
      'items',
    ]);
    expect(parsed.rules).toEqual({
      id: 'configuration',
      effectiveFrom: '1970-01-01',
      initial: true,
    });
    expect(parsed.meanProgressRate).toBe(fresh(moment).meanProgressRate);
    // Another rule set is another cached board, serialised with its own name.
    const stricter: RuleSet = {
      ...DEFAULT_RULES,
      id: 'R2',
      effectiveFrom: '2021-01-01',
      initial: false,
      warningDays: 90,
    };
    const other = JSON.parse(boardJson(cache.board(moment, stricter)).toString('utf8'));
    expect(other.rules).toEqual({ id: 'R2', effectiveFrom: '2021-01-01', initial: false });
    expect(other).toEqual(JSON.parse(JSON.stringify(statusBoard(model, moment, stricter))));
  });
});
