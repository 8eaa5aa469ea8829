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

  it('keeps overdue, at-risk and on-track items due within 30 days, of that ministry only', () => {
    const d = planDigest(b, 'MI', options);
    expect(d.overdue.map((i) => i.commitmentId)).toEqual(['late']);
    expect(d.atRisk.map((i) => i.commitmentId)).toEqual(['risk']);
    expect(d.dueSoon.map((i) => i.commitmentId)).toEqual(['soon']);
    expect(digestCommitmentIds(d)).toEqual(['late', 'risk', 'soon']);
    expect(d.ministry).toEqual({ code: 'MI', name: "Ministère de l'Intérieur" });
    expect(d.dashboardUrl).toBe('https://cosinum.example.fr/tableau-de-bord/ministeres/MI');
  });

  it('formats targets and values the French way and keeps the reasons', () => {
    const [item] = planDigest(
      board([statusItem({ target: 100, latestValue: 85.5, deadlineWording: 'mi-2021' })]),
      'MI',
      options,
    ).overdue;
    expect(item).toMatchObject({
      target: '100 %',
      latestValue: '85,5 %',
      latestOn: '2021-02-01',
      deadlineWording: 'mi-2021',
      reasons: ['Échéance du 31/03/2021 dépassée de 1 jour.'],
    });
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
