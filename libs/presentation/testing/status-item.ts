import type { StatusItem } from '@cosinum/domain';

/** A board item for specs: an overdue percentage of MI, 85 % of 100 declared on 1 February 2021. */
export const statusItem = (overrides: Partial<StatusItem> = {}): StatusItem => ({
  commitmentId: 'c-1',
  title: 'Messagerie accessible à distance',
  ministry: 'MI',
  state: 'overdue',
  deadline: '2021-03-31',
  originalDeadline: '2021-03-31',
  extensions: 0,
  target: 100,
  direction: 'increase',
  kind: 'percentage',
  latestValue: 85,
  latestOn: '2021-02-01',
  progressRate: 85,
  reporting: { every: 'month', delayDays: 15 },
  upToDate: true,
  milestones: [],
  reasons: [{ code: 'DEADLINE_PASSED', message: 'Échéance du 31/03/2021 dépassée de 1 jour.' }],
  ...overrides,
});
