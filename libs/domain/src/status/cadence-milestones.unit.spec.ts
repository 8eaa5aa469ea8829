import {
  commitmentDecided,
  foldDecided as fold,
  milestoneAdded,
  progressReported,
  reportingChanged,
  type Stored,
} from '../../testing';
import type { CalendarDate, Instant } from '../calendar';
import type { Metric } from '../commitment';
import { nextReport, periodOf, frenchPeriod, type Reporting } from '../commitment/reporting';
import { evaluateCommitment } from './commitment-view';
import { evaluateItem } from './evaluate-status';
import { DEFAULT_RULES, type StatusItem, type StatusRules } from './status.types';

/*
 * Given/when/then for the rules of issue 15: the reporting cadence (silence is late only once
 * the value of a whole period is past due), milestones, the progress rate and the roll-up.
 */

const at = (date: CalendarDate): Instant => `${date}T09:00:00.000Z`;
const DECIDED_AT = '2020-12-03T17:00:00.000Z';
const report = (ministry: string, value: number, on: CalendarDate, recordedAt?: Instant) =>
  progressReported({ ministry, value, on }, recordedAt ?? `${on}T16:00:00.000Z`);

/** The email decision (70 % on 1 November 2020, 100 % by 31 March 2021) with a cadence. */
const decidedWith = (reporting?: Reporting, extra: Parameters<typeof commitmentDecided>[0] = {}) =>
  commitmentDecided({ ...(reporting && { reporting }), ...extra }, DECIDED_AT);

const item = (
  events: Stored[],
  asOf: CalendarDate,
  {
    ministry = 'MI',
    knownAt,
    rules = DEFAULT_RULES,
  }: {
    ministry?: string;
    knownAt?: Instant;
    rules?: StatusRules;
  } = {},
): StatusItem => {
  const result = evaluateItem(
    fold(events),
    ministry,
    { asOf: at(asOf), knownAt: knownAt ?? at(asOf) },
    rules,
  );
  if (!result) throw new Error('no item');
  return result;
};

const codes = (i: StatusItem) => i.reasons.map((r) => r.code);

describe('periods of a cadence', () => {
  it.each([
    ['week', '2021-01-06', '2021-01-04', '2021-01-10'], // a Wednesday: Monday to Sunday
    ['week', '2021-01-04', '2021-01-04', '2021-01-10'],
    ['week', '2021-01-03', '2020-12-28', '2021-01-03'], // a Sunday ends its week
    ['month', '2021-02-14', '2021-02-01', '2021-02-28'],
    ['month', '2024-02-14', '2024-02-01', '2024-02-29'],
    ['quarter', '2021-05-20', '2021-04-01', '2021-06-30'],
    ['quarter', '2020-12-31', '2020-10-01', '2020-12-31'],
    ['half-year', '2021-07-01', '2021-07-01', '2021-12-31'],
    ['half-year', '2021-06-30', '2021-01-01', '2021-06-30'],
    ['year', '2020-07-14', '2020-01-01', '2020-12-31'],
  ] as const)('%s holding %s runs from %s to %s', (every, date, start, end) => {
    expect(periodOf(every, date)).toEqual({ start, end });
  });

  it('names periods in French', () => {
    expect(frenchPeriod('quarter', '2021-01-01')).toBe('le 1er trimestre 2021');
    expect(frenchPeriod('quarter', '2021-10-01')).toBe('le 4e trimestre 2021');
    expect(frenchPeriod('half-year', '2020-07-01')).toBe('le 2nd semestre 2020');
    expect(frenchPeriod('year', '2020-01-01')).toBe("l'année 2020");
    expect(frenchPeriod('month', '2021-08-01')).toBe('août 2021');
    expect(frenchPeriod('week', '2021-03-01')).toBe('la semaine du 1er mars 2021');
  });

  it('the value expected next: the period after the latest one, never one before the decision', () => {
    // A value covers its own period: after a value of 15 February, March is expected.
    expect(nextReport('month', 15, '2021-02-15', '2020-12-03')).toEqual({
      start: '2021-03-01',
      end: '2021-03-31',
      due: '2021-04-15',
    });
    // Before any value, the period holding the day half a period after the decision: decided on
    // 3 December, the quarterly value first owed is that of the 1st quarter 2021…
    expect(nextReport('quarter', 0, null, '2020-12-03')?.due).toBe('2021-03-31');
    // …and decided on 3 November, that of the 4th quarter 2020.
    expect(nextReport('quarter', 0, null, '2020-11-03')?.due).toBe('2020-12-31');
    // Monthly: decided on 28 May, June's value is the first owed; decided on 3 December, December's.
    expect(nextReport('month', 0, null, '2020-05-28')?.start).toBe('2020-06-01');
    expect(nextReport('month', 0, null, '2020-12-03')?.start).toBe('2020-12-01');
    // A historic value (2019) says nothing of what the decision (2020) asks.
    expect(nextReport('year', 90, '2019-12-31', '2020-07-01')).toEqual({
      start: '2020-01-01',
      end: '2020-12-31',
      due: '2021-03-31',
    });
    expect(nextReport('none', 0, null, '2020-12-03')).toBeNull();
  });
});

describe('staleness follows the cadence', () => {
  it('given a quarterly commitment decided on 3 November, the value of the 4th quarter 2020 is due by 15 January; the day after, silence is late', () => {
    const events = [
      decidedWith(
        { every: 'quarter' },
        { source: { ...commitmentDecided().data.source, decidedOn: '2020-11-03' } },
      ),
    ];
    expect(item(events, '2021-01-15')).toMatchObject({
      state: 'on_track',
      upToDate: true,
      nextReportDue: '2021-01-15',
    });
    const late = item(events, '2021-01-16');
    expect(late).toMatchObject({ state: 'at_risk', upToDate: false, nextReportDue: '2021-01-15' });
    expect(codes(late)).toEqual(['STALE', 'NO_REPORT']);
    expect(late.reasons[0].message).toBe(
      "La valeur pour le 4e trimestre 2020 était attendue au plus tard le 15/01/2021\u202f: une valeur est attendue chaque trimestre, aucune n'a été déclarée depuis la décision du 03/11/2020.",
    );
  });

  it("given a quarterly commitment decided a month before the quarter ends, its first value is the next quarter's", () => {
    const i = item([decidedWith({ every: 'quarter' })], '2021-01-20');
    expect(i).toMatchObject({ state: 'on_track', upToDate: true, nextReportDue: '2021-04-15' });
  });

  it('given a value in the quarter, the next one is due after the next quarter', () => {
    const events = [decidedWith({ every: 'quarter' }), report('MI', 80, '2020-12-31')];
    const i = item(events, '2021-02-20', { rules: { ...DEFAULT_RULES, trajectory: false } });
    expect(i).toMatchObject({ state: 'on_track', upToDate: true, nextReportDue: '2021-04-15' });
  });

  it('says the cadence and the date of the latest value', () => {
    const events = [decidedWith({ every: 'year', delayDays: 90 }), report('MI', 80, '2020-12-31')];
    const i = item(events, '2022-04-01', {
      rules: { ...DEFAULT_RULES, trajectory: false, warningDays: 0 },
    });
    // The deadline has passed long ago: overdue says it first, and nothing is "at risk".
    expect(i.state).toBe('overdue');
    expect(i).toMatchObject({ upToDate: false, nextReportDue: '2022-03-31' });
    const extended = decidedWith({ every: 'year', delayDays: 90 }, { deadline: '2022-12-31' });
    const open = item([extended, report('MI', 80, '2020-12-31')], '2022-04-01', {
      rules: { ...DEFAULT_RULES, trajectory: false },
    });
    expect(codes(open)).toEqual(['STALE', 'TARGET_NOT_REACHED']);
    expect(open.reasons[0].message).toBe(
      "La valeur pour l'année 2021 était attendue au plus tard le 31/03/2022\u202f: une valeur est attendue chaque année, la dernière date du 31/12/2020.",
    );
  });

  it('with "none", silence is never late, and no value is announced as due', () => {
    const events = [decidedWith({ every: 'none' }, { deadline: '2022-12-31' })];
    const i = item(events, '2022-06-01');
    expect(i).toMatchObject({ state: 'on_track', upToDate: true });
    expect(i.nextReportDue).toBeUndefined();
  });

  it('a cadence change applies from its date, and only once it is known', () => {
    const toYear = reportingChanged(
      { previousReporting: { every: 'month' }, reporting: { every: 'year' }, on: '2021-01-20' },
      '2021-01-25T10:00:00.000Z',
    );
    const events = [decidedWith(undefined, { deadline: '2021-12-31' }), toYear];
    const rules = { ...DEFAULT_RULES, trajectory: false };
    // Before its date: monthly, December due on 15 January, late.
    expect(item(events, '2021-01-19', { rules })).toMatchObject({ upToDate: false });
    // After its date but before it was recorded: still monthly, as it was known then.
    expect(
      item(events, '2021-01-22', { rules, knownAt: '2021-01-24T10:00:00.000Z' }),
    ).toMatchObject({ upToDate: false, reporting: { every: 'month' } });
    // Known: yearly; decided in December, the first yearly value owed is 2021's (half a year
    // after the decision), due 15 days after 2021 ends.
    expect(
      item(events, '2021-01-22', { rules, knownAt: '2021-01-26T10:00:00.000Z' }),
    ).toMatchObject({
      upToDate: true,
      reporting: { every: 'year' },
      nextReportDue: '2022-01-15',
    });
    expect(
      item([...events, report('MI', 85, '2021-01-21')], '2021-03-01', { rules }),
    ).toMatchObject({
      state: 'on_track',
      upToDate: true,
      // A value dated in 2021 is the value of 2021: the next one is that of 2022.
      nextReportDue: '2023-01-15',
    });
  });

  it('a met item expects nothing more', () => {
    const events = [decidedWith(), report('MI', 100, '2021-01-10')];
    const i = item(events, '2021-06-01');
    expect(i).toMatchObject({ state: 'met', upToDate: true });
    expect(i.nextReportDue).toBeUndefined();
  });
});

describe('silence is not failure', () => {
  it('an item without any value says NO_REPORT; one with a value below target says TARGET_NOT_REACHED', () => {
    const rules = { ...DEFAULT_RULES, trajectory: false };
    expect(codes(item([decidedWith()], '2021-01-10', { rules }))).toEqual([
      'ON_TRACK',
      'NO_REPORT',
    ]);
    expect(
      codes(item([decidedWith(), report('MI', 50, '2021-01-05')], '2021-01-10', { rules })),
    ).toEqual(['ON_TRACK', 'TARGET_NOT_REACHED']);
  });

  it('never says « Aucune valeur déclarée » of a yes/no action', () => {
    const metric: Metric = { kind: 'boolean', direction: 'increase', target: 1 };
    const i = item([decidedWith(undefined, { metric })], '2021-01-10');
    expect(i.reasons.map((r) => r.message).join(' ')).not.toContain('Aucune valeur');
    expect(i.reasons.find((r) => r.code === 'NO_REPORT')?.message).toBe(
      'Aucune déclaration de réalisation.',
    );
  });
});

describe('milestones', () => {
  const path = [
    { on: '2021-01-31', target: 80, label: 'Fin janvier' },
    { on: '2021-02-28', target: 90 },
  ];
  const withPath = decidedWith(undefined, { milestones: path });
  const rules = { ...DEFAULT_RULES, trajectory: false };

  it('lists each milestone: met on or before its day, missed once its day is over, else upcoming', () => {
    const events = [withPath, report('MI', 82, '2021-01-25')];
    expect(item(events, '2021-02-10', { rules }).milestones).toEqual([
      { on: '2021-01-31', target: 80, label: 'Fin janvier', state: 'met', metOn: '2021-01-25' },
      { on: '2021-02-28', target: 90, state: 'upcoming' },
    ]);
    expect(item(events, '2021-03-01', { rules }).milestones[1]).toEqual({
      on: '2021-02-28',
      target: 90,
      state: 'missed',
    });
  });

  it('a milestone reached late stays missed: it was a promise about its day', () => {
    const events = [withPath, report('MI', 75, '2021-01-25'), report('MI', 81, '2021-02-05')];
    expect(item(events, '2021-02-10', { rules }).milestones[0].state).toBe('missed');
  });

  it('a missed milestone makes an otherwise on-track item at risk, with the reason', () => {
    const events = [withPath, report('MI', 75, '2021-01-25')];
    const i = item(events, '2021-02-01', { rules });
    expect(i.state).toBe('at_risk');
    // The trend (baseline and one value) also reads against the next milestone.
    expect(codes(i)).toEqual(['MILESTONE_MISSED', 'TARGET_NOT_REACHED', 'MILESTONE_FORECAST_LATE']);
    expect(i.reasons[0].message).toBe(
      'Jalon du 31/01/2021 («\u202fFin janvier\u202f») manqué\u202f: 80\u202f% attendu, 75\u202f% déclaré au 25/01/2021.',
    );
  });

  it('a milestone passed in silence is listed missed, but silence is no failure: NO_REPORT says it', () => {
    const i = item([decidedWith({ every: 'none' }, { milestones: path })], '2021-02-01', { rules });
    expect(i.milestones[0].state).toBe('missed');
    expect(i.state).toBe('on_track');
    expect(codes(i)).toEqual(['ON_TRACK', 'NO_REPORT']);
  });

  it('caught up since: no longer a risk, though the milestone stays missed', () => {
    const events = [withPath, report('MI', 75, '2021-01-25'), report('MI', 85, '2021-02-05')];
    const i = item(events, '2021-02-10', { rules });
    expect(i.milestones[0].state).toBe('missed');
    expect(i.state).toBe('on_track');
  });

  it('under a rule set without the milestone rule, a missed milestone is listed but is no risk', () => {
    const events = [withPath, report('MI', 75, '2021-01-25')];
    const i = item(events, '2021-02-01', { rules: { ...rules, milestones: false } });
    expect(i.state).toBe('on_track');
    expect(i.milestones[0].state).toBe('missed');
  });

  it('a milestone added later is seen from the day it was set, as known then', () => {
    const added = milestoneAdded(
      { milestone: { on: '2021-03-15', target: 95 }, on: '2021-02-01' },
      '2021-02-02T10:00:00.000Z',
    );
    const events = [decidedWith(), report('MI', 80, '2021-01-10'), added];
    expect(item(events, '2021-01-31', { rules }).milestones).toEqual([]);
    expect(
      item(events, '2021-02-05', { rules, knownAt: '2021-02-01T10:00:00.000Z' }).milestones,
    ).toEqual([]);
    expect(item(events, '2021-02-05', { rules }).milestones).toEqual([
      { on: '2021-03-15', target: 95, state: 'upcoming' },
    ]);
  });

  it('the forecast explains itself against the next milestone', () => {
    // 70 % on 1 November, 80 % on 10 January (the January milestone met): 1/7 point a day
    // reaches 90 % on 21 March, after the milestone of 28 February.
    const events = [withPath, report('MI', 80, '2021-01-10')];
    const i = item(events, '2021-01-15', { rules });
    expect(i.milestones.map((m) => m.state)).toEqual(['met', 'upcoming']);
    const towards = i.reasons.find((r) => r.code.startsWith('MILESTONE_FORECAST'));
    expect(towards).toEqual({
      code: 'MILESTONE_FORECAST_LATE',
      message:
        'Au rythme actuel (+4,3 points par mois), le jalon du 28/02/2021 (90\u202f%) ne serait atteint que vers le 21/03/2021.',
    });
    // A faster pace reaches it in time.
    const faster = item([withPath, report('MI', 85, '2021-01-10')], '2021-01-15', { rules });
    expect(faster.reasons.find((r) => r.code.startsWith('MILESTONE_FORECAST'))?.code).toBe(
      'MILESTONE_FORECAST',
    );
  });
});

describe('progress rate', () => {
  const rate = (events: Stored[], asOf = '2021-02-01') => item(events, asOf).progressRate;

  it('is null before any value', () => {
    expect(rate([decidedWith()])).toBeNull();
  });

  it('runs from the baseline to the target: 70 → 85 of 70 → 100 is 50', () => {
    expect(rate([decidedWith(), report('MI', 85, '2021-01-10')])).toBe(50);
  });

  it('follows a decreasing indicator: 35 → 25 of 35 → 20 is 66.7', () => {
    const metric: Metric = {
      kind: 'percentage',
      direction: 'decrease',
      target: 20,
      baseline: { value: 35, on: '2020-09-01' },
    };
    expect(rate([decidedWith(undefined, { metric }), report('MI', 25, '2021-01-10')])).toBe(66.7);
  });

  it('without a baseline, runs from the first value', () => {
    const metric: Metric = { kind: 'count', direction: 'increase', target: 200 };
    const events = [
      decidedWith(undefined, { metric }),
      report('MI', 60, '2020-12-10'),
      report('MI', 130, '2021-01-10'),
    ];
    expect(rate(events)).toBe(50);
  });

  it('is clamped to 0–100', () => {
    expect(rate([decidedWith(), report('MI', 60, '2021-01-10')])).toBe(0);
    expect(rate([decidedWith(), report('MI', 100, '2021-01-10')])).toBe(100);
  });

  it('a yes/no action is 0 or 100', () => {
    const metric: Metric = { kind: 'boolean', direction: 'increase', target: 1 };
    expect(rate([decidedWith(undefined, { metric }), report('MI', 0, '2021-01-10')])).toBe(0);
    expect(rate([decidedWith(undefined, { metric }), report('MI', 1, '2021-01-10')])).toBe(100);
  });

  it('follows the target in force', () => {
    const events = [decidedWith(), report('MI', 85, '2021-01-10')];
    const revised = {
      type: 'TargetRevised' as const,
      data: {
        commitmentId: events[0].data.commitmentId,
        previousTarget: 100,
        target: 90,
        reason: 'Objectif ramené à 90 %',
        on: '2021-01-20',
      },
      metadata: { recordedAt: '2021-01-20T10:00:00.000Z' },
    };
    expect(rate([...events, revised])).toBe(75);
  });
});

describe('the roll-up of a commitment', () => {
  it('gives the share of ministries that met it, their mean rate, the silent ones, and who holds it back worst first', () => {
    const events = [
      decidedWith(),
      report('MI', 100, '2021-01-10'),
      report('MJ', 85, '2021-01-10'),
      // MEFR silent since the decision: stale once the December value is late.
    ];
    const result = evaluateCommitment(
      fold(events),
      { asOf: at('2021-01-20'), knownAt: at('2021-01-20') },
      { ...DEFAULT_RULES, trajectory: false },
    );
    expect(result?.rollup).toMatchObject({
      state: 'at_risk',
      metShare: 33.3,
      meanProgressRate: 75,
      noReport: 1,
      holdingBack: [
        { ministry: 'MEFR', state: 'at_risk', progressRate: null },
        { ministry: 'MJ', state: 'on_track', progressRate: 50 },
      ],
      notMet: ['MEFR', 'MJ'],
    });
  });
});
