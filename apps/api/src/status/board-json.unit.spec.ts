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
import { createHash } from 'node:crypto';
import { boardBody, pagedBoardBody, readCursor } from './board-json';

/** The body alone. */
const boardJson = (...args: Parameters<typeof boardBody>): Buffer => boardBody(...args).body;

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

describe('boardBody', () => {
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

  it('tags the bytes it sends: the same board and moment, the same tag; another moment or board, another', () => {
    const moment = { asOf: day(2), knownAt: day(2) };
    const first = boardBody(cache.board(moment, DEFAULT_RULES));
    // A board evaluated afresh (not the cached one) gives the same bytes, hence the same tag:
    // the tag depends on the bytes only, on every server.
    const again = boardBody(fresh(moment));
    expect(again.body.equals(first.body)).toBe(true);
    expect(again.etag).toBe(first.etag);
    expect(first.etag).toMatch(/^"[\w-]{43}"$/);
    const later = boardBody(cache.board({ asOf: day(2, 16), knownAt: day(2, 16) }, DEFAULT_RULES));
    expect(later.etag).not.toBe(first.etag);
    model.apply(stored(progressReported({ ministry: 'MI', value: 90, on: '2021-01-06' }), day(2)));
    const changed = boardBody(cache.board({ asOf: day(3), knownAt: day(3) }, DEFAULT_RULES));
    expect(changed.etag).not.toBe(first.etag);
  });

  it('pages the board in a stable order, each page naming the next, the counts those of the whole board', () => {
    const moment = { asOf: day(2), knownAt: day(2) };
    const board = cache.board(moment, DEFAULT_RULES);
    const keys = board.items.map((i) => `${i.commitmentId}|${i.ministry}`).sort();
    const seen: string[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = pagedBoardBody(board, { limit: 2, after });
      expect(page.etag).toBe(`"${createHash('sha256').update(page.body).digest('base64url')}"`);
      const parsed = JSON.parse(page.body.toString('utf8'));
      expect(parsed).toMatchObject({ total: keys.length, limit: 2, counts: board.counts });
      seen.push(
        ...parsed.items.map(
          (i: { commitmentId: string; ministry: string }) => `${i.commitmentId}|${i.ministry}`,
        ),
      );
      if (parsed.next === null) break;
      after = readCursor(parsed.next);
      expect(after).toBeDefined();
    }
    expect(seen).toEqual(keys);
    // A cursor whose item left the board since still finds its place.
    const [, second] = keys;
    const page = JSON.parse(
      pagedBoardBody(
        {
          ...board,
          items: board.items.filter((i) => `${i.commitmentId}|${i.ministry}` !== second),
        },
        { limit: 1, after: second },
      ).body.toString('utf8'),
    );
    expect(`${page.items[0].commitmentId}|${page.items[0].ministry}`).toBe(keys[2]);
  });

  it('refuses a cursor it did not make', () => {
    expect(readCursor('nope')).toBeUndefined();
    expect(readCursor(Buffer.from('x|MI').toString('base64url'))).toBeUndefined();
    const key = `${EMAIL_COMMITMENT_ID}|MI`;
    expect(readCursor(Buffer.from(key).toString('base64url'))).toBe(key);
  });
});
