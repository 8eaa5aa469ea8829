import type { StatusItem } from '@cosinum/domain';
import { statusItem } from '../../presentation/testing/status-item';
import type { Board } from '@cosinum/projections';
import type { Digest, DigestItem } from '../src/plan-digests';

/** Test data shared by the rendering and planning specs. */
export { statusItem };

export const board = (items: StatusItem[], asOf = '2021-03-22T09:00:00.000Z'): Board => ({
  asOf,
  knownAt: asOf,
  counts: { met: 0, overdue: 0, at_risk: 0, on_track: 0, exempt: 0, withdrawn: 0 },
  noReport: { met: 0, overdue: 0, at_risk: 0, on_track: 0, exempt: 0, withdrawn: 0 },
  meanProgressRate: null,
  rules: { id: 'R1', effectiveFrom: '2020-01-01', initial: true },
  items,
});

export const digestItem = (overrides: Partial<DigestItem> = {}): DigestItem => ({
  commitmentId: 'c-1',
  title: 'Messagerie accessible à distance',
  deadline: '2021-03-31',
  originalDeadline: '2021-03-31',
  target: '100\u202f%',
  latestValue: '85\u202f%',
  latestOn: '2021-02-01',
  yesNo: false,
  direction: 'increase',
  reporting: 'une valeur par mois, due 15 jours après la fin du mois',
  nextReportDue: '2021-04-15',
  upToDate: true,
  reasons: ['Échéance du 31/03/2021 dépassée de 1 jour.'],
  formUrl: `http://127.0.0.1:3000/tableau-de-bord/engagements/${overrides.commitmentId ?? 'c-1'}/avancement`,
  ...overrides,
});

export const digest = (overrides: Partial<Digest> = {}): Digest => ({
  ministry: { code: 'MI', name: "Ministère de l'Intérieur" },
  isoWeek: '2021-W12',
  asOf: '2021-03-22T08:00:00.000Z',
  overdue: [],
  atRisk: [],
  dueSoon: [],
  dueWithinDays: 30,
  dashboardUrl: 'http://127.0.0.1:3000/tableau-de-bord/ministeres/MI',
  todoUrl: 'http://127.0.0.1:3000/tableau-de-bord/a-renseigner',
  ...overrides,
});

export const items = (n: number, prefix = 'c'): DigestItem[] =>
  Array.from({ length: n }, (_, i) =>
    digestItem({ commitmentId: `${prefix}-${i}`, title: `${prefix} ${i}` }),
  );
