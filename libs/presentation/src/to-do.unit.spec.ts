import { statusItem } from '../testing/status-item';
import { awaitingReport } from './to-do';

describe('a ministry’s to-do list', () => {
  const today = '2021-03-01';

  it('keeps the open items that await a declaration, most pressing first, with the reasons', () => {
    const list = awaitingReport(
      [
        statusItem({
          commitmentId: 'soon',
          title: 'Bientôt',
          state: 'on_track',
          deadline: '2021-03-12',
          upToDate: true,
        }),
        statusItem({
          commitmentId: 'silent',
          title: 'Muet',
          state: 'on_track',
          deadline: '2021-12-31',
          latestValue: null,
          latestOn: null,
          upToDate: false,
        }),
        statusItem({
          commitmentId: 'late',
          title: 'En retard',
          state: 'overdue',
          deadline: '2021-01-31',
          daysLate: 29,
          upToDate: true,
        }),
        statusItem({
          commitmentId: 'stale',
          title: 'Périmé',
          state: 'at_risk',
          deadline: '2021-12-31',
          upToDate: false,
          nextReportDue: '2021-02-15',
        }),
        statusItem({
          commitmentId: 'fine',
          title: 'À jour',
          state: 'on_track',
          deadline: '2021-12-31',
          upToDate: true,
        }),
        statusItem({
          commitmentId: 'met',
          title: 'Atteint',
          state: 'met',
          deadline: '2021-03-02',
          upToDate: true,
        }),
        statusItem({
          commitmentId: 'exempt',
          title: 'Exempté',
          state: 'exempt',
          latestValue: null,
          latestOn: null,
        }),
        statusItem({
          commitmentId: 'gone',
          title: 'Retiré',
          state: 'withdrawn',
          latestValue: null,
          latestOn: null,
        }),
      ],
      today,
    );
    expect(list.map((a) => a.item.commitmentId)).toEqual(['late', 'stale', 'silent', 'soon']);
    expect(list.map((a) => a.why)).toEqual([
      ['Échéance du 31/01/2021 dépassée de 29\u00a0jours'],
      ['Valeur attendue au plus tard le 15/02/2021'],
      ['Aucune valeur déclarée à ce jour'],
      ['Échéance le 12/03/2021, dans 11\u00a0jours'],
    ]);
  });

  it('gives every reason of an item, and words a yes/no action as a declaration', () => {
    const [only] = awaitingReport(
      [
        statusItem({
          kind: 'boolean',
          target: 1,
          state: 'at_risk',
          deadline: '2021-03-02',
          latestValue: null,
          latestOn: null,
          upToDate: false,
        }),
      ],
      today,
    );
    expect(only.reasons).toEqual(['no_report', 'due_soon']);
    expect(only.why).toEqual([
      'Aucune déclaration à ce jour',
      'Échéance le 02/03/2021, dans 1\u00a0jour',
    ]);
  });

  it('groups the thousands of a long delay with a narrow no-break space', () => {
    const [late] = awaitingReport(
      [statusItem({ state: 'overdue', deadline: '2020-06-15', daysLate: 2361 })],
      '2026-12-02',
    );
    expect(late.why[0]).toBe('Échéance du 15/06/2020 dépassée de 2\u202f361\u00a0jours');
  });

  it('says « aujourd’hui » for a deadline of the day, and leaves out one beyond 30 days', () => {
    const list = awaitingReport(
      [
        statusItem({ commitmentId: 'today', deadline: today, state: 'on_track', upToDate: true }),
        statusItem({
          commitmentId: 'day31',
          deadline: '2021-04-01',
          state: 'on_track',
          upToDate: true,
        }),
        statusItem({
          commitmentId: 'day30',
          deadline: '2021-03-31',
          state: 'on_track',
          upToDate: true,
        }),
      ],
      today,
    );
    expect(list.map((a) => [a.item.commitmentId, a.why[0]])).toEqual([
      ['today', 'Échéance aujourd’hui'],
      ['day30', 'Échéance le 31/03/2021, dans 30\u00a0jours'],
    ]);
  });
});
