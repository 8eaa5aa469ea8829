import type { DeadlineStep } from '@cosinum/domain';
import { statusItem } from '../testing/status-item';
import { slippageTimeline, stepText, timelineExportRows } from './slippage-timeline';

const step: DeadlineStep = {
  on: '2021-03-20',
  recordedAt: '2021-03-20T10:00:00.000Z',
  from: '2021-03-31',
  deadline: '2021-09-30',
  reason: 'Migration retardée',
  decisionRef: 'COSINUM-2021-03',
  common: false,
};

describe('the slippage timeline', () => {
  const items = [
    statusItem({
      commitmentId: 'a',
      title: 'Messagerie',
      ministry: 'MJ',
      deadline: '2021-09-30',
      originalDeadline: '2021-03-31',
      extensions: 1,
    }),
    statusItem({
      commitmentId: 'b',
      title: 'VPN',
      ministry: 'MI',
      deadline: '2021-07-10',
      originalDeadline: '2021-07-01',
      extensions: 1,
      state: 'met',
      metOn: '2021-07-05',
    }),
    statusItem({
      commitmentId: 'c',
      title: 'Annuaire',
      ministry: 'MI',
      deadline: '2021-06-30',
      originalDeadline: '2021-06-30',
    }),
    statusItem({
      commitmentId: 'd',
      title: 'Exempté',
      ministry: 'MEF',
      state: 'exempt',
      deadline: '2022-06-30',
      originalDeadline: '2021-06-30',
      extensions: 1,
    }),
  ];
  const context = {
    decidedOn: () => '2020-12-03',
    steps: () => [step],
    sort: 'glissement' as const,
    all: false,
  };

  it('keeps the followed items whose deadline moved, most slipped first, with the figures over all followed', () => {
    const t = slippageTimeline(items, context);
    expect(t.rows.map((r) => [r.commitmentId, r.daysSlipped])).toEqual([
      ['a', 183],
      ['b', 9],
    ]);
    expect(t.rows[1].metOn).toBe('2021-07-05');
    expect(t).toMatchObject({
      followed: 3,
      slipped: 2,
      totalDays: 192,
      meanDays: 64,
      maxDays: 183,
    });
  });

  it('sorts by current deadline or by title, and shows every item when asked', () => {
    expect(
      slippageTimeline(items, { ...context, sort: 'echeance', all: true }).rows.map(
        (r) => r.commitmentId,
      ),
    ).toEqual(['c', 'b', 'a']);
    expect(
      slippageTimeline(items, { ...context, sort: 'engagement', all: true }).rows.map(
        (r) => r.title,
      ),
    ).toEqual(['Annuaire', 'Messagerie', 'VPN']);
  });

  it('words each step with its date, both deadlines, reason and decision', () => {
    expect(stepText(step)).toBe(
      'le 20/03/2021\u202f: du 31/03/2021 au 30/09/2021 — Migration retardée (COSINUM-2021-03)',
    );
    expect(stepText({ ...step, common: true, decisionRef: undefined })).toBe(
      'le 20/03/2021\u202f: du 31/03/2021 au 30/09/2021 (pour tous les ministères) — Migration retardée',
    );
    expect(timelineExportRows(slippageTimeline(items, context))[0]).toEqual([
      null,
      'Messagerie',
      'Justice',
      '2020-12-03',
      '2021-03-31',
      '2021-09-30',
      183,
      stepText(step),
      null,
    ]);
  });
});
