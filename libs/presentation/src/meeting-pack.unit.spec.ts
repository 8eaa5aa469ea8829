import {
  commitmentDecided,
  deadlineExtended,
  foldDecided,
  ministryExempted,
  progressReported,
  targetRevised,
} from '../../domain/testing';
import { statusItem } from '../testing/status-item';
import { boardChanges, meetingPack, rulingsSince, SHEET_ROWS } from './meeting-pack';
import { slippageTimeline } from './slippage-timeline';

/** The meeting of 1 April 2021; the previous one on 1 March 2021. */
const window = { from: '2021-03-01T22:59:59.999Z', to: '2021-04-01T21:59:59.999Z' };

describe('the meeting pack', () => {
  describe('what was decided and reported since the previous meeting', () => {
    const history = foldDecided([
      commitmentDecided({}, '2020-12-03T17:00:00.000Z'),
      progressReported({ ministry: 'MI', value: 80, on: '2021-02-15' }, '2021-02-15T10:00:00.000Z'),
      // Recorded the evening of the previous meeting, Paris time: before the window.
      progressReported({ ministry: 'MI', value: 85, on: '2021-03-01' }, '2021-03-01T21:00:00.000Z'),
      progressReported({ ministry: 'MI', value: 90, on: '2021-03-10' }, '2021-03-10T10:00:00.000Z'),
      progressReported({ ministry: 'MJ', value: 40, on: '2021-03-12' }, '2021-03-12T10:00:00.000Z'),
      deadlineExtended(
        {
          ministry: 'MJ',
          previousDeadline: '2021-03-31',
          deadline: '2021-06-30',
          reason: 'Licences retardées',
          decisionRef: 'COSINUM-2021-03',
          on: '2021-03-15',
        },
        '2021-03-15T15:00:00.000Z',
      ),
      targetRevised(
        { previousTarget: 100, target: 95, reason: 'Postes non équipés', on: '2021-03-20' },
        '2021-03-20T10:00:00.000Z',
      ),
      ministryExempted(
        { ministry: 'MEFR', reason: 'Déjà équipé', on: '2021-03-22' },
        '2021-03-22T10:00:00.000Z',
      ),
      // Recorded after the pack's "known at": not in it.
      progressReported({ ministry: 'MI', value: 99, on: '2021-03-31' }, '2021-04-02T10:00:00.000Z'),
    ]);

    it('lists each decision recorded in the window, oldest first, and counts the values per ministry', () => {
      const { rulings, reports } = rulingsSince([history], window);
      expect(rulings.map((r) => [r.kind, r.ministry, r.from, r.to])).toEqual([
        ['extended', 'MJ', '2021-03-31', '2021-06-30'],
        ['target_revised', undefined, 100, 95],
        ['exempted', 'MEFR', undefined, undefined],
      ]);
      expect(rulings[0]).toMatchObject({
        reason: 'Licences retardées',
        decisionRef: 'COSINUM-2021-03',
        on: '2021-03-15',
      });
      expect(Object.fromEntries(reports)).toEqual({ MI: 1, MJ: 1 });
    });

    it('counts the decision itself when it was recorded in the window', () => {
      const { rulings } = rulingsSince([history], {
        from: '2020-12-01T00:00:00.000Z',
        to: '2020-12-31T00:00:00.000Z',
      });
      expect(rulings).toEqual([
        expect.objectContaining({ kind: 'decided', on: history.definition.source.decidedOn }),
      ]);
    });

    it('keeps to the given ministries: the others’ extensions and exemptions are not theirs', () => {
      const { rulings, reports } = rulingsSince([history], window, new Set(['MI']));
      expect(rulings.map((r) => r.kind)).toEqual(['target_revised']);
      expect(Object.fromEntries(reports)).toEqual({ MI: 1 });
    });
  });

  describe('state changes between two boards', () => {
    it('pairs the items of both boards, worst new state first, and counts those that came or went', () => {
      const before = [
        statusItem({ commitmentId: 'a', ministry: 'MI', state: 'on_track' }),
        statusItem({ commitmentId: 'a', ministry: 'MJ', state: 'at_risk' }),
        statusItem({ commitmentId: 'b', ministry: 'MI', state: 'at_risk' }),
        statusItem({ commitmentId: 'gone', ministry: 'MI', state: 'on_track' }),
      ];
      const after = [
        statusItem({ commitmentId: 'a', ministry: 'MI', state: 'met' }),
        statusItem({ commitmentId: 'a', ministry: 'MJ', state: 'at_risk' }),
        statusItem({ commitmentId: 'b', ministry: 'MI', state: 'overdue' }),
        statusItem({ commitmentId: 'new', ministry: 'MI', state: 'on_track' }),
      ];
      const changes = boardChanges(before, after);
      expect(changes.stateChanges.map((c) => [c.item.commitmentId, c.from, c.to])).toEqual([
        ['b', 'at_risk', 'overdue'],
        ['a', 'on_track', 'met'],
      ]);
      expect(changes.newItems).toBe(1);
      expect(changes.goneItems).toBe(1);
    });
  });

  describe('the sheets', () => {
    const items = [
      statusItem({
        commitmentId: 'a',
        ministry: 'MI',
        state: 'overdue',
        daysLate: 3,
        progressRate: 50,
      }),
      statusItem({
        commitmentId: 'b',
        ministry: 'MI',
        state: 'overdue',
        daysLate: 40,
        progressRate: 70,
      }),
      statusItem({
        commitmentId: 'c',
        ministry: 'MI',
        state: 'at_risk',
        deadline: '2021-04-20',
        progressRate: 90,
      }),
      statusItem({
        commitmentId: 'd',
        ministry: 'MI',
        state: 'on_track',
        deadline: '2021-05-15',
        progressRate: 90,
      }),
      statusItem({
        commitmentId: 'e',
        ministry: 'MI',
        state: 'on_track',
        deadline: '2022-05-15',
        progressRate: null,
        latestValue: null,
      }),
      statusItem({ commitmentId: 'a', ministry: 'MJ', state: 'met', progressRate: 100 }),
    ];
    const pack = meetingPack({
      moment: { asOf: '2021-04-01T21:59:59.999Z', knownAt: '2021-04-01T21:59:59.999Z' },
      since: '2021-03-01',
      items,
      before: items.map((i) => (i.commitmentId === 'b' ? { ...i, state: 'at_risk' as const } : i)),
      rulings: [],
      reports: new Map([['MI', 4]]),
      timeline: slippageTimeline(items, {
        decidedOn: () => '2020-12-03',
        steps: () => [],
        sort: 'glissement',
        all: false,
      }),
      ministries: ['MI', 'MJ', 'MEFR'],
    });

    it('puts overdue items first, the most late first, then the at-risk ones; on-track ones due within 90 days apart', () => {
      const mi = pack.sheets[0];
      expect(mi.attention.map((i) => i.commitmentId)).toEqual(['b', 'a', 'c']);
      expect(mi.upcoming.map((i) => i.commitmentId)).toEqual(['d']);
      expect(mi).toMatchObject({ items: 5, noReport: 1, reportsSince: 4 });
      expect(mi.changes.map((c) => [c.item.commitmentId, c.from, c.to])).toEqual([
        ['b', 'at_risk', 'overdue'],
      ]);
    });

    it('compares each ministry with the median of the ministries’ mean rates', () => {
      // MI: mean of 50, 70, 90, 90 = 75; MJ: 100; the median of 75 and 100 is 87.5.
      expect(pack.medianProgressRate).toBe(87.5);
      expect(pack.sheets[0].gapToMedian).toBe(-12.5);
      expect(pack.sheets[1].gapToMedian).toBe(12.5);
    });

    it('gives a ministry with nothing on the board an empty sheet rather than none', () => {
      expect(pack.sheets[2]).toMatchObject({ code: 'MEFR', items: 0, attention: [], upcoming: [] });
    });

    it('totals the board', () => {
      expect(pack.totals).toMatchObject({ items: 6, noReport: 1 });
      expect(pack.totals.counts).toMatchObject({ overdue: 2, at_risk: 1, on_track: 2, met: 1 });
      expect(pack.changes.reports).toBe(4);
      expect(SHEET_ROWS).toBeGreaterThan(0);
    });
  });
});
