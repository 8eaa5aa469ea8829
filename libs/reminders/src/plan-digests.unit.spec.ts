import { emptyChart, evolveChart } from '@cosinum/domain';
import { board, statusItem } from '../testing/digest.fixtures';
import { digestCommitmentIds, planDigest, planDigests } from './plan-digests';

const options = { isoWeek: '2021-W12', publicUrl: 'https://cosinum.example.fr' };

describe('planDigest', () => {
  // asOf: Monday 22 March 2021, 10:00 Paris.
  const b = board([
    statusItem({ commitmentId: 'late', state: 'overdue', deadline: '2021-03-01' }),
    statusItem({ commitmentId: 'risk', state: 'at_risk', deadline: '2021-09-30' }),
    statusItem({ commitmentId: 'soon', state: 'on_track', deadline: '2021-04-21' }),
    statusItem({ commitmentId: 'later', state: 'on_track', deadline: '2021-04-22' }),
    statusItem({ commitmentId: 'met', state: 'met', deadline: '2021-03-25' }),
    statusItem({ commitmentId: 'exempt', state: 'exempt' }),
    statusItem({ commitmentId: 'other', state: 'overdue', ministry: 'MJ' }),
  ]);

  it('names the ministry as the organisation chart does on the day of the board', () => {
    const chart = evolveChart(emptyChart(), {
      type: 'OrganisationCreated',
      data: {
        code: 'MI',
        kind: 'ministry',
        name: "Ministère de l'Intérieur et des Outre-mer",
        shortName: 'Intérieur et Outre-mer',
        of: "du ministère de l'Intérieur et des Outre-mer",
        to: "au ministère de l'Intérieur et des Outre-mer",
        on: '2020-01-01',
        reason: 'Test',
      },
    });
    const moment = { asOf: b.asOf, knownAt: b.asOf };
    expect(planDigest(b, 'MI', { ...options, names: { chart, moment } }).ministry).toEqual({
      code: 'MI',
      name: "Ministère de l'Intérieur et des Outre-mer",
      of: "du ministère de l'Intérieur et des Outre-mer",
    });
  });

  it('keeps overdue, at-risk and on-track items due within 30 days, of that ministry only', () => {
    const d = planDigest(b, 'MI', options);
    expect(d.overdue.map((i) => i.commitmentId)).toEqual(['late']);
    expect(d.atRisk.map((i) => i.commitmentId)).toEqual(['risk']);
    expect(d.dueSoon.map((i) => i.commitmentId)).toEqual(['soon']);
    expect(digestCommitmentIds(d)).toEqual(['late', 'risk', 'soon']);
    expect(d.ministry).toEqual({
      code: 'MI',
      name: "Ministère de l'Intérieur",
      of: "du ministère de l'Intérieur",
    });
    expect(d.dashboardUrl).toBe('https://cosinum.example.fr/tableau-de-bord/ministeres/MI');
    expect(d.todoUrl).toBe('https://cosinum.example.fr/tableau-de-bord/a-renseigner');
    expect(d.overdue[0].formUrl).toBe(
      'https://cosinum.example.fr/tableau-de-bord/engagements/late/avancement',
    );
  });

  it('formats targets and values the French way and keeps the reasons', () => {
    const [item] = planDigest(
      board([statusItem({ target: 100, latestValue: 85.5, deadlineWording: 'mi-2021' })]),
      'MI',
      options,
    ).overdue;
    expect(item).toMatchObject({
      target: '100\u202f%',
      latestValue: '85,5\u202f%',
      latestOn: '2021-02-01',
      deadlineWording: 'mi-2021',
      reasons: ['Échéance du 31/03/2021 dépassée de 1 jour.'],
    });
  });

  it('carries the cadence, the next due day and whether the item is up to date', () => {
    const [monthly] = planDigest(
      board([
        statusItem({
          reporting: { every: 'quarter', delayDays: 30 },
          nextReportDue: '2021-04-30',
          upToDate: true,
        }),
      ]),
      'MI',
      options,
    ).overdue;
    expect(monthly).toMatchObject({
      yesNo: false,
      direction: 'increase',
      reporting: 'une valeur par trimestre, due 30 jours après la fin du trimestre',
      nextReportDue: '2021-04-30',
      upToDate: true,
    });
    const [action] = planDigest(
      board([
        statusItem({
          kind: 'boolean',
          target: 1,
          latestValue: null,
          latestOn: null,
          reporting: { every: 'none' },
          nextReportDue: undefined,
        }),
      ]),
      'MI',
      options,
    ).overdue;
    expect(action).toMatchObject({
      yesNo: true,
      target: 'action réalisée',
      latestValue: null,
      reporting: 'une déclaration, une fois l’action réalisée',
    });
    expect(action.nextReportDue).toBeUndefined();
  });

  it('leaves out ministries with nothing to report unless asked', () => {
    expect(
      planDigests(b, ['MI', 'MJ', 'MC'], { ...options, sendEmpty: false }).map(
        (d) => d.ministry.code,
      ),
    ).toEqual(['MI', 'MJ']);
    expect(
      planDigests(b, ['MI', 'MJ', 'MC'], { ...options, sendEmpty: true }).map(
        (d) => d.ministry.code,
      ),
    ).toEqual(['MI', 'MJ', 'MC']);
  });
});
