import type { StatusItem } from '@cosinum/domain';
import { statusItem } from '../testing/status-item';
import { BOARD_EXPORT_HEADER, boardExportRow } from './export-columns';
import { rulesText } from './export-rows';
import { cadenceCell, latestText, milestonesSummary, percentText, reportingText } from './progress';

describe('progress in French', () => {
  it('writes rates with a narrow no-break space before « % »', () => {
    expect(percentText(85)).toBe('85\u202f%');
    expect(percentText(42.46)).toBe('42,5\u202f%');
    expect(percentText(0)).toBe('0\u202f%');
  });

  it('says the cadence, with its delay and the right article', () => {
    expect(reportingText({ every: 'month' }, 'percentage')).toBe('une valeur par mois');
    expect(reportingText({ every: 'quarter', delayDays: 30 }, 'count')).toBe(
      'une valeur par trimestre, due 30 jours après la fin du trimestre',
    );
    expect(reportingText({ every: 'year', delayDays: 1 }, 'count')).toBe(
      'une valeur par an, due 1 jour après la fin de l’année',
    );
    expect(reportingText({ every: 'week', delayDays: 0 }, 'score')).toBe(
      'une valeur par semaine, due dès la fin de la semaine',
    );
    expect(reportingText({ every: 'none' }, 'boolean')).toBe(
      'une déclaration, une fois l’action réalisée',
    );
    expect(reportingText({ every: 'half-year' }, 'boolean')).toBe('une déclaration par semestre');
    expect(cadenceCell({ every: 'month' })).toBe('mensuelle');
    expect(cadenceCell({ every: 'half-year', delayDays: 2 })).toBe(
      'semestrielle, délai de 2 jours',
    );
  });

  it('tells silence from a declared value, and never says « valeur » of a yes/no action', () => {
    expect(latestText(statusItem({ latestValue: null, latestOn: null }))).toBe(
      'aucune déclaration',
    );
    expect(latestText(statusItem({ latestValue: 1234.5, kind: 'count', unit: 'agents' }))).toBe(
      '1\u202f234,5 agents au 01/02/2021',
    );
    expect(latestText(statusItem({ kind: 'boolean', target: 1, latestValue: 0 }))).toBe(
      'déclaré non réalisé au 01/02/2021',
    );
  });

  it('sums up milestones with their state', () => {
    expect(
      milestonesSummary(
        statusItem({
          milestones: [
            { on: '2020-12-31', target: 50, state: 'met', metOn: '2020-11-30' },
            { on: '2021-01-31', target: 70, label: '1re version', state: 'missed' },
            { on: '2021-06-30', target: 90, state: 'upcoming' },
          ],
        }),
      ),
    ).toBe(
      '31/12/2020\u202f: 50\u202f% — atteint le 30/11/2020\u202f; ' +
        '31/01/2021 («\u202f1re version\u202f»)\u202f: 70\u202f% — manqué\u202f; ' +
        '30/06/2021\u202f: 90\u202f% — à venir',
    );
    expect(milestonesSummary(statusItem())).toBe('');
  });

  it('names the rule set of a board, the first one as the initial set', () => {
    expect(rulesText({ id: 'R2', effectiveFrom: '2021-04-01', initial: false })).toBe(
      'R2 (en vigueur depuis le 01/04/2021)',
    );
    expect(rulesText({ id: 'R1', effectiveFrom: '2026-12-02', initial: true })).toBe(
      'R1 (jeu initial)',
    );
    expect(rulesText({ id: 'configuration', effectiveFrom: '1970-01-01', initial: true })).toBe(
      'de la configuration (aucune règle adoptée)',
    );
  });
});

describe('board export columns', () => {
  const column = (item: StatusItem, header: string) =>
    boardExportRow(item)[BOARD_EXPORT_HEADER.indexOf(header)];

  it('carry the progress rate, silence, being up to date, the next due day, cadence and milestones', () => {
    expect(BOARD_EXPORT_HEADER).toEqual(
      expect.arrayContaining([
        'Taux d’avancement (%)',
        'Sans déclaration',
        'À jour',
        'Prochaine valeur attendue le',
        'Périodicité',
        'Jalons',
      ]),
    );
    // After the latest value, before the met day: read left to right as a story.
    expect(BOARD_EXPORT_HEADER.indexOf('Taux d’avancement (%)')).toBe(
      BOARD_EXPORT_HEADER.indexOf('Date de la dernière valeur') + 1,
    );
    const reported = statusItem({ nextReportDue: '2021-04-15', upToDate: true });
    expect(column(reported, 'Taux d’avancement (%)')).toBe(85);
    expect(column(reported, 'Sans déclaration')).toBe('non');
    expect(column(reported, 'À jour')).toBe('oui');
    expect(column(reported, 'Prochaine valeur attendue le')).toBe('15/04/2021');
    expect(column(reported, 'Périodicité')).toBe('mensuelle, délai de 15 jours');
    const silent = statusItem({
      latestValue: null,
      latestOn: null,
      progressRate: null,
      upToDate: false,
      nextReportDue: '2021-02-15',
    });
    expect(column(silent, 'Taux d’avancement (%)')).toBe('');
    expect(column(silent, 'Sans déclaration')).toBe('oui');
    expect(column(silent, 'À jour')).toBe('non');
    const action = statusItem({ kind: 'boolean', reporting: { every: 'none' } });
    expect(column(action, 'Prochaine valeur attendue le')).toBe('');
    expect(column(action, 'Périodicité')).toBe('sans périodicité');
  });
});
