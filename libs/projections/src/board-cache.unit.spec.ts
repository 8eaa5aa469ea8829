import { configurationRuleSet, DEFAULT_RULES as RULES, type Moment } from '@cosinum/domain';

const DEFAULT_RULES = configurationRuleSet(RULES);
import type { RecordedEvent } from '@cosinum/event-store';
import {
  EMAIL_COMMITMENT_ID,
  commitmentDecided,
  deadlineExtended,
  progressReported,
} from '../../domain/testing';
import { BoardCache } from './board-cache';
import { statusBoard } from './board.queries';
import { CommitmentsReadModel } from './commitments.read-model';

const day = (n: number, hour = 10) => new Date(Date.UTC(2021, 0, 4 + n, hour)).toISOString();

let position = 0;
/** A stored event as the log delivers it: position, revision and recording time. */
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

describe('BoardCache', () => {
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

  it('gives the board a fresh evaluation gives, for any moment, and reuses it within the same key', () => {
    const moments: Moment[] = [
      { asOf: day(2), knownAt: day(2) },
      { asOf: day(2, 15), knownAt: day(3) }, // same Paris day, knownAt past every recording
      { asOf: day(2), knownAt: day(0, 12) }, // before the MJ report was recorded
      { asOf: day(-1), knownAt: day(5) },
      { asOf: day(90), knownAt: day(90) },
    ];
    for (const moment of moments) {
      expect(cache.board(moment, DEFAULT_RULES)).toEqual(fresh(moment));
      expect(cache.board(moment, DEFAULT_RULES, { ministry: 'MJ' })).toEqual(fresh(moment, 'MJ'));
    }
    // The first two moments share one entry: same position, Paris day, and "latest" knowledge.
    expect(cache.stats).toMatchObject({ hits: 2, misses: 8 });
  });

  it('evaluates again once anything is folded, and drops the boards of older positions', () => {
    const moment = { asOf: day(30), knownAt: day(30) };
    const before = cache.board(moment, DEFAULT_RULES);
    model.apply(
      stored(
        deadlineExtended({
          ministry: 'MI',
          on: '2021-01-24',
          previousDeadline: '2021-03-31',
          deadline: '2021-06-30',
          reason: 'Report accordé en COSINUM',
        }),
        day(20),
      ),
    );
    const after = cache.board(moment, DEFAULT_RULES);
    expect(after).toEqual(fresh(moment));
    expect(after).not.toEqual(before);
    expect(cache.stats).toMatchObject({ entries: 1, misses: 2, hits: 0 });
  });

  it('knows the latest recording whatever the form of its instant', () => {
    expect(model.lastRecordedMs).toBe(Date.parse(day(1)));
    model.apply(
      stored(
        progressReported({ ministry: 'MI', value: 81, on: '2021-01-06' }),
        '2021-01-06T10:00:00Z',
      ),
    );
    expect(model.lastRecordedMs).toBe(Date.parse('2021-01-06T10:00:00Z'));
    model.apply(
      stored(
        progressReported({ ministry: 'MI', value: 82, on: '2021-01-06' }),
        '2021-01-06T12:00:00.000+02:00',
      ),
    );
    expect(model.lastRecordedMs).toBe(Date.parse('2021-01-06T10:00:00Z'));
    model.apply(
      stored(progressReported({ ministry: 'MJ', value: 76, on: '2021-01-06' }), day(2, 11)),
    );
    expect(model.lastRecordedMs).toBe(Date.parse(day(2, 11)));
  });
});
