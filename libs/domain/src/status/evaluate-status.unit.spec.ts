import {
  commitmentDecided,
  commitmentWithdrawn,
  deadlineExtended,
  foldDecided as fold,
  ministryExempted,
  progressReported,
  summarise as summary,
  targetRevised,
  type StatusSummary as Summary,
  type Stored,
} from '../../testing';
import type { CalendarDate, Instant } from '../calendar';
import type { Metric } from '../commitment';
import { evaluateCommitment } from './commitment-view';
import { evaluateItem } from './evaluate-status';
import { DEFAULT_RULES, type ItemState, type StatusItem, type StatusRules } from './status.types';

/**
 * The rules of issue 2: deadlines alone. Cases written for them keep their meaning; where the
 * defaults (staleness, trajectory) change the outcome, a `default rules:` case follows.
 */
const DEADLINE_RULES: StatusRules = {
  ...DEFAULT_RULES,
  staleDelayDays: 366,
  trajectory: false,
  milestones: false,
};

/** Mid-morning in Paris, winter or summer. */
const at = (date: CalendarDate): Instant => `${date}T09:00:00.000Z`;

// --- The decision of 3 December 2020: 100 % of agents with a professional email reachable from
// --- home, by 31 March 2021, for MI, MJ and MEFR; 70 % on 1 November 2020 (the baseline).
const decided = commitmentDecided({}, '2020-12-03T17:00:00.000Z');
const report = (ministry: string, value: number, on: CalendarDate, recordedAt?: Instant) =>
  progressReported({ ministry, value, on }, recordedAt ?? `${on}T16:00:00.000Z`);
const delay = 'Déploiement des licences nomades retardé';
const miToJune = deadlineExtended(
  {
    ministry: 'MI',
    previousDeadline: '2021-03-31',
    deadline: '2021-06-30',
    reason: delay,
    on: '2021-03-15',
  },
  '2021-03-15T15:00:00.000Z',
);
const allToJune = deadlineExtended(
  { previousDeadline: '2021-03-31', deadline: '2021-06-30', reason: delay, on: '2021-03-15' },
  '2021-03-15T15:00:00.000Z',
);
const lowered = targetRevised(
  {
    previousTarget: 100,
    target: 90,
    reason: 'Objectif ramené à 90 % : agents sans poste informatique',
    on: '2021-03-15',
  },
  '2021-03-15T15:00:00.000Z',
);
/** Recorded after `lowered`, but effective before it. */
const backDatedRevision = targetRevised(
  { previousTarget: 90, target: 95, reason: 'Objectif fixé à 95 % au 1er mars', on: '2021-03-01' },
  '2021-03-20T10:00:00.000Z',
);
const equipped = 'Messagerie déjà accessible à distance pour tous les agents';
const exempt = (ministry: string) =>
  ministryExempted({ ministry, reason: equipped, on: '2021-02-01' }, '2021-02-01T10:00:00.000Z');
const replaced = 'Remplacé par la décision du COSINUM du 11 février 2021';
const withdrawn = commitmentWithdrawn(
  { reason: replaced, on: '2021-02-11' },
  '2021-02-11T17:00:00.000Z',
);

// --- A decrease metric: calendar slippage of the State's major digital projects, at most 20 %.
const slippage = commitmentDecided(
  {
    title:
      "Le glissement calendaire moyen des grands projets numériques de l'État est ramené à 20 % au plus",
    metric: {
      kind: 'percentage',
      unit: '%',
      direction: 'decrease',
      target: 20,
      baseline: { value: 35, on: '2020-09-01' },
    } satisfies Metric,
    deadline: '2021-12-31',
  },
  '2020-12-03T17:00:00.000Z',
);

// --- A boolean metric: each ministry designates its chief data officer.
const dataOfficer = commitmentDecided(
  {
    title:
      'Chaque ministère désigne un administrateur ministériel des données, des algorithmes et des codes sources',
    metric: { kind: 'boolean', direction: 'increase', target: 1 },
    deadline: '2021-06-30',
  },
  '2020-12-03T17:00:00.000Z',
);

/** Defaults are those of an untouched item of the email decision. */
const expected = (e: Partial<Summary> & Pick<Summary, 'state' | 'reasons'>): Summary => ({
  deadline: '2021-03-31',
  originalDeadline: '2021-03-31',
  extensions: 0,
  target: 100,
  latestValue: null,
  latestOn: null,
  metOn: undefined,
  daysLate: undefined,
  forecast: undefined,
  ...e,
});

/**
 * Monthly by default, due 15 days after the month ends (the default rules' delay): decided on
 * 3 December 2020, the December value is due by 15 January 2021.
 */
const SILENT_SINCE_DECISION =
  "La valeur pour décembre 2020 était attendue au plus tard le 15/01/2021\u202f: une valeur est attendue chaque mois, aucune n'a été déclarée depuis la décision du 03/12/2020.";

interface ItemCase {
  name: string;
  events: Stored[];
  ministry?: string;
  asOf: Instant;
  knownAt?: Instant;
  /** Always explicit: the deadline rules alone, or the defaults. */
  rules: StatusRules;
  item: Summary | null;
  /** French fragments the reasons must contain. */
  says?: string[];
}

// Forecast dates are those of the least-squares line through the baseline (70 % on 1 November
// 2020) and the visible values, computed in exact fractions and rounded up to a whole day.
const itemCases: ItemCase[] = [
  {
    name: 'on_track far from the deadline, nothing reported',
    events: [decided],
    asOf: at('2021-01-15'),
    rules: DEADLINE_RULES,
    item: expected({ state: 'on_track', reasons: ['ON_TRACK', 'NO_REPORT'] }),
    says: [
      'Échéance le 31/03/2021, dans 75 jours.',
      'Aucune valeur déclarée\u202f; objectif\u202f: 100\u202f%.',
    ],
  },
  {
    name: 'default rules: the December value is due by 15 January, so silence is not yet late',
    events: [decided],
    asOf: at('2021-01-15'),
    rules: DEFAULT_RULES,
    item: expected({ state: 'on_track', reasons: ['ON_TRACK', 'NO_REPORT'] }),
    says: ['Aucune valeur déclarée\u202f; objectif\u202f: 100\u202f%.'],
  },
  {
    name: 'default rules: on 16 January the December value is late: stale',
    events: [decided],
    asOf: at('2021-01-16'),
    rules: DEFAULT_RULES,
    item: expected({ state: 'at_risk', reasons: ['STALE', 'NO_REPORT'] }),
    says: [SILENT_SINCE_DECISION, 'Aucune valeur déclarée\u202f; objectif\u202f: 100\u202f%.'],
  },
  {
    name: 'on_track with a value below target',
    events: [decided, report('MI', 80, '2021-01-10')],
    asOf: at('2021-01-15'),
    rules: DEADLINE_RULES,
    item: expected({
      state: 'on_track',
      latestValue: 80,
      latestOn: '2021-01-10',
      // The trend is still computed; only the rule that reads it is off.
      forecast: { reachOn: '2021-05-30', points: 2 },
      reasons: ['ON_TRACK', 'TARGET_NOT_REACHED'],
    }),
    says: [
      'Dernière valeur déclarée\u202f: 80\u202f% au 10/01/2021, pour un objectif de 100\u202f%.',
    ],
  },
  {
    // 70 → 80 in 70 days: 1/7 pt a day, 30 pts more in 210 days: 30 May 2021.
    name: 'default rules: 80 % on 10 January trends to 100 % only at the end of May',
    events: [decided, report('MI', 80, '2021-01-10')],
    asOf: at('2021-01-15'),
    rules: DEFAULT_RULES,
    item: expected({
      state: 'at_risk',
      latestValue: 80,
      latestOn: '2021-01-10',
      forecast: { reachOn: '2021-05-30', points: 2 },
      reasons: ['TRAJECTORY_LATE', 'TARGET_NOT_REACHED'],
    }),
    says: [
      "Au rythme actuel (+4,3 points par mois), l'objectif de 100\u202f% serait atteint vers le 30/05/2021, après l'échéance du 31/03/2021.",
    ],
  },
  {
    name: 'on_track 31 days before the deadline',
    events: [decided],
    asOf: at('2021-02-28'),
    rules: DEADLINE_RULES,
    item: expected({ state: 'on_track', reasons: ['ON_TRACK', 'NO_REPORT'] }),
    says: ['dans 31 jours'],
  },
  {
    name: 'default rules: 31 days before the deadline, stale but not yet close',
    events: [decided],
    asOf: at('2021-02-28'),
    rules: DEFAULT_RULES,
    item: expected({ state: 'at_risk', reasons: ['STALE', 'NO_REPORT'] }),
    says: [SILENT_SINCE_DECISION],
  },
  {
    name: 'at_risk exactly 30 days before the deadline',
    events: [decided],
    asOf: at('2021-03-01'),
    rules: DEADLINE_RULES,
    item: expected({ state: 'at_risk', reasons: ['DEADLINE_CLOSE', 'NO_REPORT'] }),
    says: ['Échéance dans 30 jours (31/03/2021) et objectif non atteint.'],
  },
  {
    name: 'default rules: 30 days before the deadline, close and stale',
    events: [decided],
    asOf: at('2021-03-01'),
    rules: DEFAULT_RULES,
    item: expected({ state: 'at_risk', reasons: ['DEADLINE_CLOSE', 'STALE', 'NO_REPORT'] }),
    says: ['Échéance dans 30 jours (31/03/2021) et objectif non atteint.', SILENT_SINCE_DECISION],
  },
  {
    name: 'at_risk 10 days before the deadline, not met',
    events: [decided, report('MI', 85.5, '2021-03-15')],
    asOf: at('2021-03-21'),
    rules: DEADLINE_RULES,
    item: expected({
      state: 'at_risk',
      latestValue: 85.5,
      latestOn: '2021-03-15',
      forecast: { reachOn: '2021-07-19', points: 2 },
      reasons: ['DEADLINE_CLOSE', 'TARGET_NOT_REACHED'],
    }),
    says: [
      'Échéance dans 10 jours (31/03/2021)',
      'Dernière valeur déclarée\u202f: 85,5\u202f% au 15/03/2021',
    ],
  },
  {
    // 70 → 85.5 in 134 days; 30 pts take 259.4 days: 19 July 2021.
    name: 'default rules: 10 days before the deadline, close and late on its trend',
    events: [decided, report('MI', 85.5, '2021-03-15')],
    asOf: at('2021-03-21'),
    rules: DEFAULT_RULES,
    item: expected({
      state: 'at_risk',
      latestValue: 85.5,
      latestOn: '2021-03-15',
      forecast: { reachOn: '2021-07-19', points: 2 },
      reasons: ['DEADLINE_CLOSE', 'TRAJECTORY_LATE', 'TARGET_NOT_REACHED'],
    }),
    says: [
      'Échéance dans 10 jours (31/03/2021)',
      "Au rythme actuel (+3,5 points par mois), l'objectif de 100\u202f% serait atteint vers le 19/07/2021, après l'échéance du 31/03/2021.",
    ],
  },
  {
    name: 'at_risk the day before, in the singular',
    events: [decided],
    asOf: at('2021-03-30'),
    rules: DEADLINE_RULES,
    item: expected({ state: 'at_risk', reasons: ['DEADLINE_CLOSE', 'NO_REPORT'] }),
    says: ['Échéance dans 1 jour (31/03/2021)'],
  },
  {
    name: 'default rules: the day before, close and stale',
    events: [decided],
    asOf: at('2021-03-30'),
    rules: DEFAULT_RULES,
    item: expected({ state: 'at_risk', reasons: ['DEADLINE_CLOSE', 'STALE', 'NO_REPORT'] }),
    says: ['Échéance dans 1 jour (31/03/2021)', SILENT_SINCE_DECISION],
  },
  {
    name: 'DST: 23:30 in Paris on the deadline day (21:30 UTC, summer time) is not overdue',
    events: [decided],
    asOf: '2021-03-31T21:30:00Z',
    rules: DEADLINE_RULES,
    item: expected({ state: 'at_risk', reasons: ['DEADLINE_CLOSE', 'NO_REPORT'] }),
    says: ["Échéance aujourd'hui (31/03/2021) et objectif non atteint."],
  },
  {
    name: 'default rules: 23:30 in Paris on the deadline day is still not overdue, and stale',
    events: [decided],
    asOf: '2021-03-31T21:30:00Z',
    rules: DEFAULT_RULES,
    item: expected({ state: 'at_risk', reasons: ['DEADLINE_CLOSE', 'STALE', 'NO_REPORT'] }),
    says: ["Échéance aujourd'hui (31/03/2021) et objectif non atteint.", SILENT_SINCE_DECISION],
  },
  {
    name: 'DST: 00:01 on 1 April in Paris (22:01 UTC the day before) is overdue',
    events: [decided],
    asOf: '2021-03-31T22:01:00Z',
    rules: DEADLINE_RULES,
    item: expected({ state: 'overdue', daysLate: 1, reasons: ['DEADLINE_PASSED', 'NO_REPORT'] }),
    says: ["Échéance du 31/03/2021 dépassée de 1 jour sans que l'objectif soit atteint."],
  },
  {
    name: 'winter time: 23:30 in Paris on 31 January (22:30 UTC) is not overdue',
    events: [commitmentDecided({ deadline: '2021-01-31' }, '2020-12-03T17:00:00.000Z')],
    asOf: '2021-01-31T22:30:00Z',
    rules: DEADLINE_RULES,
    item: expected({
      state: 'at_risk',
      deadline: '2021-01-31',
      originalDeadline: '2021-01-31',
      reasons: ['DEADLINE_CLOSE', 'NO_REPORT'],
    }),
  },
  {
    name: 'default rules: 23:30 in Paris on 31 January is not overdue, and stale',
    events: [commitmentDecided({ deadline: '2021-01-31' }, '2020-12-03T17:00:00.000Z')],
    asOf: '2021-01-31T22:30:00Z',
    rules: DEFAULT_RULES,
    item: expected({
      state: 'at_risk',
      deadline: '2021-01-31',
      originalDeadline: '2021-01-31',
      reasons: ['DEADLINE_CLOSE', 'STALE', 'NO_REPORT'],
    }),
    says: [SILENT_SINCE_DECISION],
  },
  {
    name: 'winter time: 00:01 on 1 February in Paris (23:01 UTC) is overdue',
    events: [commitmentDecided({ deadline: '2021-01-31' }, '2020-12-03T17:00:00.000Z')],
    asOf: '2021-01-31T23:01:00Z',
    rules: DEADLINE_RULES,
    item: expected({
      state: 'overdue',
      deadline: '2021-01-31',
      originalDeadline: '2021-01-31',
      daysLate: 1,
      reasons: ['DEADLINE_PASSED', 'NO_REPORT'],
    }),
  },
  {
    name: 'overdue 15 days after the deadline, with the last value',
    events: [decided, report('MI', 92, '2021-03-25')],
    asOf: at('2021-04-15'),
    rules: DEFAULT_RULES,
    item: expected({
      state: 'overdue',
      daysLate: 15,
      latestValue: 92,
      latestOn: '2021-03-25',
      forecast: { reachOn: '2021-05-17', points: 2 },
      reasons: ['DEADLINE_PASSED', 'TARGET_NOT_REACHED'],
    }),
    says: ['dépassée de 15 jours', 'Dernière valeur déclarée\u202f: 92\u202f% au 25/03/2021'],
  },
  {
    name: 'met on time',
    events: [decided, report('MI', 85, '2021-03-01'), report('MI', 100, '2021-03-20')],
    asOf: at('2021-04-15'),
    rules: DEFAULT_RULES,
    item: expected({
      state: 'met',
      metOn: '2021-03-20',
      daysLate: 0,
      latestValue: 100,
      latestOn: '2021-03-20',
      reasons: ['TARGET_MET'],
    }),
    says: [
      "Objectif atteint le 20/03/2021 (100\u202f% pour un objectif de 100\u202f%), dans les délais de l'échéance du 31/03/2021.",
    ],
  },
  {
    name: 'met on the deadline day itself is on time',
    events: [decided, report('MI', 100, '2021-03-31')],
    asOf: at('2021-04-01'),
    rules: DEFAULT_RULES,
    item: expected({
      state: 'met',
      metOn: '2021-03-31',
      daysLate: 0,
      latestValue: 100,
      latestOn: '2021-03-31',
      reasons: ['TARGET_MET'],
    }),
  },
  {
    name: 'met before the deadline is reached',
    events: [decided, report('MI', 100, '2021-02-01')],
    asOf: at('2021-02-15'),
    rules: DEFAULT_RULES,
    item: expected({
      state: 'met',
      metOn: '2021-02-01',
      daysLate: 0,
      latestValue: 100,
      latestOn: '2021-02-01',
      reasons: ['TARGET_MET'],
    }),
  },
  {
    name: 'met late',
    events: [decided, report('MI', 90, '2021-03-20'), report('MI', 100, '2021-04-12')],
    asOf: at('2021-04-15'),
    rules: DEFAULT_RULES,
    item: expected({
      state: 'met',
      metOn: '2021-04-12',
      daysLate: 12,
      latestValue: 100,
      latestOn: '2021-04-12',
      reasons: ['TARGET_MET_LATE'],
    }),
    says: [
      "Objectif atteint le 12/04/2021 (100\u202f% pour un objectif de 100\u202f%), avec 12 jours de retard sur l'échéance du 31/03/2021.",
    ],
  },
  {
    name: 'met from the first day of the latest unbroken run of values at target',
    events: [
      decided,
      report('MI', 100, '2021-03-10'),
      report('MI', 90, '2021-03-15'),
      report('MI', 100, '2021-04-02'),
      report('MI', 100, '2021-04-05'),
    ],
    asOf: at('2021-04-15'),
    rules: DEFAULT_RULES,
    item: expected({
      state: 'met',
      metOn: '2021-04-02',
      daysLate: 2,
      latestValue: 100,
      latestOn: '2021-04-05',
      reasons: ['TARGET_MET_LATE'],
    }),
    says: ['avec 2 jours de retard'],
  },
  {
    // 70, 100, 95: the line crosses 100 on day 147.006 after 1 November (29 March), but a
    // forecast never lands before the day of evaluation: 1 April.
    name: 'not met any more when the latest value falls back below target',
    events: [decided, report('MI', 100, '2021-03-10'), report('MI', 95, '2021-03-20')],
    asOf: at('2021-04-01'),
    rules: DEFAULT_RULES,
    item: expected({
      state: 'overdue',
      daysLate: 1,
      latestValue: 95,
      latestOn: '2021-03-20',
      forecast: { reachOn: '2021-04-01', points: 3 },
      reasons: ['DEADLINE_PASSED', 'TARGET_NOT_REACHED'],
    }),
  },
  {
    name: 'decrease metric: 25 % of slippage does not reach a target of at most 20 %',
    events: [slippage, report('MEFR', 25, '2021-06-30')],
    ministry: 'MEFR',
    asOf: at('2021-07-01'),
    rules: DEADLINE_RULES,
    item: expected({
      state: 'on_track',
      deadline: '2021-12-31',
      originalDeadline: '2021-12-31',
      target: 20,
      latestValue: 25,
      latestOn: '2021-06-30',
      forecast: { reachOn: '2021-11-28', points: 2 },
      reasons: ['ON_TRACK', 'TARGET_NOT_REACHED'],
    }),
    says: [
      'Échéance le 31/12/2021, dans 183 jours.',
      'Dernière valeur déclarée\u202f: 25\u202f% au 30/06/2021, pour un objectif de 20\u202f%.',
    ],
  },
  {
    // 35 % on 1 September 2020, 25 % 302 days later: 15 pts down take 453 days, 28 November 2021.
    name: 'default rules: 25 % of slippage trends to 20 % in November, before the deadline',
    events: [slippage, report('MEFR', 25, '2021-06-30')],
    ministry: 'MEFR',
    asOf: at('2021-07-01'),
    rules: DEFAULT_RULES,
    item: expected({
      state: 'on_track',
      deadline: '2021-12-31',
      originalDeadline: '2021-12-31',
      target: 20,
      latestValue: 25,
      latestOn: '2021-06-30',
      forecast: { reachOn: '2021-11-28', points: 2 },
      reasons: ['ON_TRACK', 'FORECAST', 'TARGET_NOT_REACHED'],
    }),
    says: [
      "Au rythme actuel (-0,99 point par mois), l'objectif de 20\u202f% serait atteint vers le 28/11/2021, avant l'échéance du 31/12/2021.",
    ],
  },
  {
    name: 'decrease metric: 18 % of slippage meets it',
    events: [slippage, report('MEFR', 25, '2021-03-31'), report('MEFR', 18, '2021-06-30')],
    ministry: 'MEFR',
    asOf: at('2021-07-01'),
    rules: DEFAULT_RULES,
    item: expected({
      state: 'met',
      deadline: '2021-12-31',
      originalDeadline: '2021-12-31',
      target: 20,
      metOn: '2021-06-30',
      daysLate: 0,
      latestValue: 18,
      latestOn: '2021-06-30',
      reasons: ['TARGET_MET'],
    }),
    says: ['Objectif atteint le 30/06/2021 (18\u202f% pour un objectif de 20\u202f%)'],
  },
  {
    name: 'decrease metric: exactly 20 % meets it',
    events: [slippage, report('MEFR', 20, '2021-06-30')],
    ministry: 'MEFR',
    asOf: at('2021-07-01'),
    rules: DEFAULT_RULES,
    item: expected({
      state: 'met',
      deadline: '2021-12-31',
      originalDeadline: '2021-12-31',
      target: 20,
      metOn: '2021-06-30',
      daysLate: 0,
      latestValue: 20,
      latestOn: '2021-06-30',
      reasons: ['TARGET_MET'],
    }),
  },
  {
    name: 'decrease metric: climbing back to 22 % is not met any more',
    events: [slippage, report('MEFR', 18, '2021-06-30'), report('MEFR', 22, '2021-09-30')],
    ministry: 'MEFR',
    asOf: at('2021-10-01'),
    rules: DEADLINE_RULES,
    item: expected({
      state: 'on_track',
      deadline: '2021-12-31',
      originalDeadline: '2021-12-31',
      target: 20,
      latestValue: 22,
      latestOn: '2021-09-30',
      forecast: { reachOn: '2021-10-01', points: 3 },
      reasons: ['ON_TRACK', 'TARGET_NOT_REACHED'],
    }),
    says: ['dans 91 jours'],
  },
  {
    // The line (35, 18, 22) is already under 20 % on day 361; the latest value is not, so the
    // forecast reads "now": the day of evaluation.
    name: 'default rules: back at 22 %, a trend already under the target reads as reached now',
    events: [slippage, report('MEFR', 18, '2021-06-30'), report('MEFR', 22, '2021-09-30')],
    ministry: 'MEFR',
    asOf: at('2021-10-01'),
    rules: DEFAULT_RULES,
    item: expected({
      state: 'on_track',
      deadline: '2021-12-31',
      originalDeadline: '2021-12-31',
      target: 20,
      latestValue: 22,
      latestOn: '2021-09-30',
      forecast: { reachOn: '2021-10-01', points: 3 },
      reasons: ['ON_TRACK', 'FORECAST', 'TARGET_NOT_REACHED'],
    }),
    says: [
      "Au rythme actuel (-1,2 point par mois), l'objectif de 20\u202f% serait atteint vers le 01/10/2021, avant l'échéance du 31/12/2021.",
    ],
  },
  {
    name: 'boolean metric: nothing declared yet',
    events: [dataOfficer],
    ministry: 'MJ',
    asOf: at('2021-01-15'),
    rules: DEADLINE_RULES,
    item: expected({
      state: 'on_track',
      deadline: '2021-06-30',
      originalDeadline: '2021-06-30',
      target: 1,
      reasons: ['ON_TRACK', 'NO_REPORT'],
    }),
    says: ['Aucune déclaration de réalisation.'],
  },
  {
    name: 'boolean metric: not yet done',
    events: [dataOfficer, report('MJ', 0, '2021-05-01')],
    ministry: 'MJ',
    asOf: at('2021-06-10'),
    rules: DEADLINE_RULES,
    item: expected({
      state: 'at_risk',
      deadline: '2021-06-30',
      originalDeadline: '2021-06-30',
      target: 1,
      latestValue: 0,
      latestOn: '2021-05-01',
      reasons: ['DEADLINE_CLOSE', 'TARGET_NOT_REACHED'],
    }),
    // Booleans have their own wording since the trajectory rules (was "Dernière valeur déclarée :
    // non réalisé au 01/05/2021").
    says: ['Échéance dans 20 jours (30/06/2021)', 'Déclaré non réalisé au 01/05/2021.'],
  },
  {
    name: 'default rules: a yes/no action is reported once, not on a schedule: never stale',
    events: [dataOfficer, report('MJ', 0, '2021-05-01')],
    ministry: 'MJ',
    asOf: at('2021-06-10'),
    rules: DEFAULT_RULES,
    item: expected({
      state: 'at_risk',
      deadline: '2021-06-30',
      originalDeadline: '2021-06-30',
      target: 1,
      latestValue: 0,
      latestOn: '2021-05-01',
      reasons: ['DEADLINE_CLOSE', 'TARGET_NOT_REACHED'],
    }),
    says: ['Déclaré non réalisé au 01/05/2021.'],
  },
  {
    name: 'default rules: a yes/no action followed monthly is stale once May is over by 15 days, and has no trend',
    events: [
      commitmentDecided(
        { ...dataOfficer.data, reporting: { every: 'month' } },
        '2020-12-03T17:00:00.000Z',
      ),
      report('MJ', 0, '2021-04-20'),
    ],
    ministry: 'MJ',
    asOf: at('2021-06-16'),
    rules: DEFAULT_RULES,
    item: expected({
      state: 'at_risk',
      deadline: '2021-06-30',
      originalDeadline: '2021-06-30',
      target: 1,
      latestValue: 0,
      latestOn: '2021-04-20',
      reasons: ['DEADLINE_CLOSE', 'STALE', 'TARGET_NOT_REACHED'],
    }),
    says: [
      'La déclaration pour mai 2021 était attendue au plus tard le 15/06/2021\u202f: une déclaration est attendue chaque mois, la dernière date du 20/04/2021.',
      'Déclaré non réalisé au 20/04/2021.',
    ],
  },
  {
    name: 'boolean metric: done',
    events: [dataOfficer, report('MJ', 0, '2021-05-01'), report('MJ', 1, '2021-06-15')],
    ministry: 'MJ',
    asOf: at('2021-06-20'),
    rules: DEFAULT_RULES,
    item: expected({
      state: 'met',
      deadline: '2021-06-30',
      originalDeadline: '2021-06-30',
      target: 1,
      metOn: '2021-06-15',
      daysLate: 0,
      latestValue: 1,
      latestOn: '2021-06-15',
      reasons: ['TARGET_MET'],
    }),
    // Was "Objectif atteint le 15/06/2021 (réalisé…": booleans now have their own wording.
    says: ["Réalisé le 15/06/2021, dans les délais de l'échéance du 30/06/2021."],
  },
  {
    name: 'boolean metric: done late',
    events: [dataOfficer, report('MJ', 1, '2021-07-02')],
    ministry: 'MJ',
    asOf: at('2021-07-05'),
    rules: DEFAULT_RULES,
    item: expected({
      state: 'met',
      deadline: '2021-06-30',
      originalDeadline: '2021-06-30',
      target: 1,
      metOn: '2021-07-02',
      daysLate: 2,
      latestValue: 1,
      latestOn: '2021-07-02',
      reasons: ['TARGET_MET_LATE'],
    }),
    says: ["Réalisé le 02/07/2021, avec 2 jours de retard sur l'échéance du 30/06/2021."],
  },
  {
    name: 'a ministry-only extension moves that ministry’s deadline',
    events: [decided, miToJune],
    ministry: 'MI',
    asOf: at('2021-04-15'),
    rules: DEADLINE_RULES,
    item: expected({
      state: 'on_track',
      deadline: '2021-06-30',
      extensions: 1,
      reasons: ['ON_TRACK', 'NO_REPORT', 'DEADLINE_EXTENDED'],
    }),
    says: [
      'Échéance le 30/06/2021, dans 76 jours.',
      'Échéance reportée 1 fois (initialement le 31/03/2021, désormais le 30/06/2021).',
    ],
  },
  {
    name: 'default rules: an extended ministry that never reported is stale',
    events: [decided, miToJune],
    ministry: 'MI',
    asOf: at('2021-04-15'),
    rules: DEFAULT_RULES,
    item: expected({
      state: 'at_risk',
      deadline: '2021-06-30',
      extensions: 1,
      reasons: ['STALE', 'NO_REPORT', 'DEADLINE_EXTENDED'],
    }),
    says: [
      SILENT_SINCE_DECISION,
      'Échéance reportée 1 fois (initialement le 31/03/2021, désormais le 30/06/2021).',
    ],
  },
  {
    name: 'a ministry-only extension leaves the other ministries on the original deadline',
    events: [decided, miToJune],
    ministry: 'MJ',
    asOf: at('2021-04-15'),
    rules: DEFAULT_RULES,
    item: expected({ state: 'overdue', daysLate: 15, reasons: ['DEADLINE_PASSED', 'NO_REPORT'] }),
  },
  {
    name: 'an extension for every ministry moves each of them',
    events: [decided, allToJune],
    ministry: 'MJ',
    asOf: at('2021-04-15'),
    rules: DEADLINE_RULES,
    item: expected({
      state: 'on_track',
      deadline: '2021-06-30',
      extensions: 1,
      reasons: ['ON_TRACK', 'NO_REPORT', 'DEADLINE_EXTENDED'],
    }),
  },
  {
    name: 'default rules: an extension for every ministry does not make a silent one less stale',
    events: [decided, allToJune],
    ministry: 'MJ',
    asOf: at('2021-04-15'),
    rules: DEFAULT_RULES,
    item: expected({
      state: 'at_risk',
      deadline: '2021-06-30',
      extensions: 1,
      reasons: ['STALE', 'NO_REPORT', 'DEADLINE_EXTENDED'],
    }),
    says: [SILENT_SINCE_DECISION],
  },
  {
    name: 'two extensions are counted, the deadline is the latest',
    events: [
      decided,
      miToJune,
      deadlineExtended(
        {
          ministry: 'MI',
          previousDeadline: '2021-06-30',
          deadline: '2021-09-30',
          reason: delay,
          on: '2021-06-20',
        },
        '2021-06-20T10:00:00.000Z',
      ),
    ],
    ministry: 'MI',
    asOf: at('2021-07-01'),
    rules: DEADLINE_RULES,
    item: expected({
      state: 'on_track',
      deadline: '2021-09-30',
      extensions: 2,
      reasons: ['ON_TRACK', 'NO_REPORT', 'DEADLINE_EXTENDED'],
    }),
    says: ['Échéance reportée 2 fois (initialement le 31/03/2021, désormais le 30/09/2021).'],
  },
  {
    name: 'default rules: twice extended and silent for 210 days is stale',
    events: [
      decided,
      miToJune,
      deadlineExtended(
        {
          ministry: 'MI',
          previousDeadline: '2021-06-30',
          deadline: '2021-09-30',
          reason: delay,
          on: '2021-06-20',
        },
        '2021-06-20T10:00:00.000Z',
      ),
    ],
    ministry: 'MI',
    asOf: at('2021-07-01'),
    rules: DEFAULT_RULES,
    item: expected({
      state: 'at_risk',
      deadline: '2021-09-30',
      extensions: 2,
      reasons: ['STALE', 'NO_REPORT', 'DEADLINE_EXTENDED'],
    }),
    says: [SILENT_SINCE_DECISION],
  },
  {
    name: 'an extension that does not move a ministry’s deadline is not counted for it',
    events: [
      decided,
      miToJune,
      deadlineExtended(
        { previousDeadline: '2021-03-31', deadline: '2021-04-30', reason: delay, on: '2021-03-20' },
        '2021-03-20T10:00:00.000Z',
      ),
    ],
    ministry: 'MI',
    asOf: at('2021-04-15'),
    rules: DEADLINE_RULES,
    item: expected({
      state: 'on_track',
      deadline: '2021-06-30',
      extensions: 1,
      reasons: ['ON_TRACK', 'NO_REPORT', 'DEADLINE_EXTENDED'],
    }),
    says: ['Échéance reportée 1 fois (initialement le 31/03/2021, désormais le 30/06/2021).'],
  },
  {
    name: 'the same common extension is counted for a ministry whose deadline it moves',
    events: [
      decided,
      miToJune,
      deadlineExtended(
        { previousDeadline: '2021-03-31', deadline: '2021-04-30', reason: delay, on: '2021-03-20' },
        '2021-03-20T10:00:00.000Z',
      ),
    ],
    ministry: 'MJ',
    asOf: at('2021-04-15'),
    rules: DEADLINE_RULES,
    item: expected({
      state: 'at_risk',
      deadline: '2021-04-30',
      extensions: 1,
      reasons: ['DEADLINE_CLOSE', 'NO_REPORT', 'DEADLINE_EXTENDED'],
    }),
    says: ['Échéance reportée 1 fois (initialement le 31/03/2021, désormais le 30/04/2021).'],
  },
  {
    name: 'met by the extended deadline is on time',
    events: [decided, miToJune, report('MI', 100, '2021-05-20')],
    ministry: 'MI',
    asOf: at('2021-07-01'),
    rules: DEFAULT_RULES,
    item: expected({
      state: 'met',
      deadline: '2021-06-30',
      extensions: 1,
      metOn: '2021-05-20',
      daysLate: 0,
      latestValue: 100,
      latestOn: '2021-05-20',
      reasons: ['TARGET_MET', 'DEADLINE_EXTENDED'],
    }),
    says: ["dans les délais de l'échéance du 30/06/2021"],
  },
  {
    name: 'an extension dated after asOf does not apply yet',
    events: [
      decided,
      deadlineExtended(
        {
          ministry: 'MI',
          previousDeadline: '2021-03-31',
          deadline: '2021-06-30',
          reason: delay,
          on: '2021-04-10',
        },
        '2021-04-10T10:00:00.000Z',
      ),
    ],
    asOf: at('2021-04-05'),
    knownAt: at('2021-04-12'),
    rules: DEFAULT_RULES,
    item: expected({ state: 'overdue', daysLate: 5, reasons: ['DEADLINE_PASSED', 'NO_REPORT'] }),
  },
  {
    name: 'an extension applies from its own date',
    events: [
      decided,
      deadlineExtended(
        {
          ministry: 'MI',
          previousDeadline: '2021-03-31',
          deadline: '2021-06-30',
          reason: delay,
          on: '2021-04-10',
        },
        '2021-04-10T10:00:00.000Z',
      ),
    ],
    asOf: at('2021-04-10'),
    knownAt: at('2021-04-12'),
    rules: DEADLINE_RULES,
    item: expected({
      state: 'on_track',
      deadline: '2021-06-30',
      extensions: 1,
      reasons: ['ON_TRACK', 'NO_REPORT', 'DEADLINE_EXTENDED'],
    }),
    says: ['dans 81 jours'],
  },
  {
    name: 'default rules: an extension granted to a silent ministry leaves it stale',
    events: [
      decided,
      deadlineExtended(
        {
          ministry: 'MI',
          previousDeadline: '2021-03-31',
          deadline: '2021-06-30',
          reason: delay,
          on: '2021-04-10',
        },
        '2021-04-10T10:00:00.000Z',
      ),
    ],
    asOf: at('2021-04-10'),
    knownAt: at('2021-04-12'),
    rules: DEFAULT_RULES,
    item: expected({
      state: 'at_risk',
      deadline: '2021-06-30',
      extensions: 1,
      reasons: ['STALE', 'NO_REPORT', 'DEADLINE_EXTENDED'],
    }),
    says: [SILENT_SINCE_DECISION],
  },
  {
    name: 'a back-dated extension recorded after knownAt is not known yet',
    events: [decided, { ...miToJune, metadata: { recordedAt: '2021-04-20T10:00:00.000Z' } }],
    asOf: at('2021-04-15'),
    knownAt: at('2021-04-15'),
    rules: DEFAULT_RULES,
    item: expected({ state: 'overdue', daysLate: 15, reasons: ['DEADLINE_PASSED', 'NO_REPORT'] }),
  },
  {
    name: 'a back-dated extension applies once recorded',
    events: [decided, { ...miToJune, metadata: { recordedAt: '2021-04-20T10:00:00.000Z' } }],
    asOf: at('2021-04-15'),
    knownAt: at('2021-04-21'),
    rules: DEADLINE_RULES,
    item: expected({
      state: 'on_track',
      deadline: '2021-06-30',
      extensions: 1,
      reasons: ['ON_TRACK', 'NO_REPORT', 'DEADLINE_EXTENDED'],
    }),
  },
  {
    name: 'default rules: a back-dated extension, once recorded, leaves a silent ministry stale',
    events: [decided, { ...miToJune, metadata: { recordedAt: '2021-04-20T10:00:00.000Z' } }],
    asOf: at('2021-04-15'),
    knownAt: at('2021-04-21'),
    rules: DEFAULT_RULES,
    item: expected({
      state: 'at_risk',
      deadline: '2021-06-30',
      extensions: 1,
      reasons: ['STALE', 'NO_REPORT', 'DEADLINE_EXTENDED'],
    }),
    says: [SILENT_SINCE_DECISION],
  },
  {
    name: 'the original target holds before a revision’s date',
    events: [decided, report('MI', 92, '2021-03-10'), lowered],
    asOf: at('2021-03-12'),
    rules: DEADLINE_RULES,
    item: expected({
      state: 'at_risk',
      latestValue: 92,
      latestOn: '2021-03-10',
      forecast: { reachOn: '2021-04-26', points: 2 },
      reasons: ['DEADLINE_CLOSE', 'TARGET_NOT_REACHED'],
    }),
    says: ['Échéance dans 19 jours', 'pour un objectif de 100\u202f%.'],
  },
  {
    // 70 → 92 in 129 days; 30 pts take 175.9 days: 26 April 2021, read against the target of 100.
    name: 'default rules: before the revision, the trend is read against the original target',
    events: [decided, report('MI', 92, '2021-03-10'), lowered],
    asOf: at('2021-03-12'),
    rules: DEFAULT_RULES,
    item: expected({
      state: 'at_risk',
      latestValue: 92,
      latestOn: '2021-03-10',
      forecast: { reachOn: '2021-04-26', points: 2 },
      reasons: ['DEADLINE_CLOSE', 'TRAJECTORY_LATE', 'TARGET_NOT_REACHED'],
    }),
    says: [
      "Au rythme actuel (+5,1 points par mois), l'objectif de 100\u202f% serait atteint vers le 26/04/2021, après l'échéance du 31/03/2021.",
    ],
  },
  {
    name: 'a revised target applies from its date',
    events: [decided, report('MI', 92, '2021-03-10'), lowered],
    asOf: at('2021-03-20'),
    rules: DEFAULT_RULES,
    item: expected({
      state: 'met',
      target: 90,
      metOn: '2021-03-10',
      daysLate: 0,
      latestValue: 92,
      latestOn: '2021-03-10',
      reasons: ['TARGET_MET'],
    }),
    says: ['Objectif atteint le 10/03/2021 (92\u202f% pour un objectif de 90\u202f%)'],
  },
  {
    name: 'of two revisions, the latest by business date is in force, not the last recorded',
    events: [decided, report('MI', 92, '2021-03-10'), lowered, backDatedRevision],
    asOf: at('2021-04-01'),
    rules: DEFAULT_RULES,
    item: expected({
      state: 'met',
      target: 90,
      metOn: '2021-03-10',
      daysLate: 0,
      latestValue: 92,
      latestOn: '2021-03-10',
      reasons: ['TARGET_MET'],
    }),
  },
  {
    name: 'a back-dated revision is in force between its date and the next one',
    events: [decided, lowered, backDatedRevision],
    asOf: at('2021-03-05'),
    knownAt: at('2021-03-25'),
    rules: DEADLINE_RULES,
    item: expected({ state: 'at_risk', target: 95, reasons: ['DEADLINE_CLOSE', 'NO_REPORT'] }),
    says: ['Échéance dans 26 jours', 'objectif\u202f: 95\u202f%.'],
  },
  {
    name: 'default rules: a back-dated revision in force, and the ministry stale',
    events: [decided, lowered, backDatedRevision],
    asOf: at('2021-03-05'),
    knownAt: at('2021-03-25'),
    rules: DEFAULT_RULES,
    item: expected({
      state: 'at_risk',
      target: 95,
      reasons: ['DEADLINE_CLOSE', 'STALE', 'NO_REPORT'],
    }),
    says: ['objectif\u202f: 95\u202f%.', SILENT_SINCE_DECISION],
  },
  {
    name: 'an exempted ministry',
    events: [decided, exempt('MJ')],
    ministry: 'MJ',
    asOf: at('2021-04-15'),
    rules: DEFAULT_RULES,
    item: expected({ state: 'exempt', reasons: ['EXEMPTED'] }),
    says: [`Exempté le 01/02/2021\u202f: ${equipped}`],
  },
  {
    name: 'an exemption does not apply before its date',
    events: [decided, exempt('MJ')],
    ministry: 'MJ',
    asOf: at('2021-01-20'),
    rules: DEADLINE_RULES,
    item: expected({ state: 'on_track', reasons: ['ON_TRACK', 'NO_REPORT'] }),
  },
  {
    name: 'default rules: before its exemption, a silent ministry is stale',
    events: [decided, exempt('MJ')],
    ministry: 'MJ',
    asOf: at('2021-01-20'),
    rules: DEFAULT_RULES,
    item: expected({ state: 'at_risk', reasons: ['STALE', 'NO_REPORT'] }),
    says: [SILENT_SINCE_DECISION],
  },
  {
    name: 'an exemption leaves the other ministries alone',
    events: [decided, exempt('MJ')],
    ministry: 'MI',
    asOf: at('2021-04-15'),
    rules: DEFAULT_RULES,
    item: expected({ state: 'overdue', daysLate: 15, reasons: ['DEADLINE_PASSED', 'NO_REPORT'] }),
  },
  {
    name: 'a withdrawn commitment',
    events: [decided, report('MI', 80, '2021-01-10'), withdrawn],
    asOf: at('2021-04-15'),
    rules: DEFAULT_RULES,
    item: expected({
      state: 'withdrawn',
      latestValue: 80,
      latestOn: '2021-01-10',
      reasons: ['WITHDRAWN'],
    }),
    says: [`Engagement retiré le 11/02/2021\u202f: ${replaced}`],
  },
  {
    name: 'a withdrawal does not apply before its date',
    events: [decided, withdrawn],
    asOf: at('2021-02-10'),
    rules: DEADLINE_RULES,
    item: expected({ state: 'on_track', reasons: ['ON_TRACK', 'NO_REPORT'] }),
    says: ['dans 49 jours'],
  },
  {
    name: 'default rules: the day before its withdrawal, a silent ministry is stale',
    events: [decided, withdrawn],
    asOf: at('2021-02-10'),
    rules: DEFAULT_RULES,
    item: expected({ state: 'at_risk', reasons: ['STALE', 'NO_REPORT'] }),
    says: [SILENT_SINCE_DECISION],
  },
  {
    name: 'withdrawal prevails over an exemption',
    events: [decided, exempt('MJ'), withdrawn],
    ministry: 'MJ',
    asOf: at('2021-04-15'),
    rules: DEFAULT_RULES,
    item: expected({ state: 'withdrawn', reasons: ['WITHDRAWN'] }),
  },
  {
    name: 'a report dated after asOf is ignored',
    events: [decided, report('MI', 100, '2021-04-05')],
    asOf: at('2021-04-01'),
    knownAt: at('2021-04-10'),
    rules: DEFAULT_RULES,
    item: expected({ state: 'overdue', daysLate: 1, reasons: ['DEADLINE_PASSED', 'NO_REPORT'] }),
  },
  {
    name: 'two axes: a report of 28 March recorded on 5 April is unknown on 1 April',
    events: [decided, report('MI', 100, '2021-03-28', '2021-04-05T08:00:00.000Z')],
    asOf: '2021-04-01T21:59:59.999Z',
    knownAt: '2021-04-01T21:59:59.999Z',
    rules: DEFAULT_RULES,
    item: expected({ state: 'overdue', daysLate: 1, reasons: ['DEADLINE_PASSED', 'NO_REPORT'] }),
  },
  {
    name: 'two axes: the same board, as known on 6 April, shows it met on time',
    events: [decided, report('MI', 100, '2021-03-28', '2021-04-05T08:00:00.000Z')],
    asOf: '2021-04-01T21:59:59.999Z',
    knownAt: '2021-04-06T21:59:59.999Z',
    rules: DEFAULT_RULES,
    item: expected({
      state: 'met',
      metOn: '2021-03-28',
      daysLate: 0,
      latestValue: 100,
      latestOn: '2021-03-28',
      reasons: ['TARGET_MET'],
    }),
  },
  {
    name: 'a fact recorded at exactly knownAt is known',
    events: [decided, report('MI', 100, '2021-03-28', '2021-04-05T08:00:00.000Z')],
    asOf: at('2021-04-06'),
    knownAt: '2021-04-05T08:00:00.000Z',
    rules: DEFAULT_RULES,
    item: expected({
      state: 'met',
      metOn: '2021-03-28',
      daysLate: 0,
      latestValue: 100,
      latestOn: '2021-03-28',
      reasons: ['TARGET_MET'],
    }),
  },
  {
    name: 'not yet decided at asOf',
    events: [decided],
    asOf: at('2020-12-02'),
    rules: DEFAULT_RULES,
    item: null,
  },
  {
    name: 'decided on the day in Paris: 00:30 on 3 December is 23:30 UTC the day before',
    events: [decided],
    asOf: '2020-12-02T23:30:00Z',
    knownAt: at('2020-12-04'),
    rules: DEFAULT_RULES,
    item: expected({ state: 'on_track', reasons: ['ON_TRACK', 'NO_REPORT'] }),
    says: ['dans 118 jours'],
  },
  {
    name: 'decided, but not yet recorded at knownAt',
    events: [commitmentDecided({}, '2020-12-04T10:00:00.000Z')],
    asOf: at('2020-12-10'),
    knownAt: '2020-12-04T09:59:59.999Z',
    rules: DEFAULT_RULES,
    item: null,
  },
  {
    name: 'a ministry that is not assigned',
    events: [decided],
    ministry: 'MC',
    asOf: at('2021-01-15'),
    rules: DEFAULT_RULES,
    item: null,
  },
];

const evaluate = (c: ItemCase, rules: StatusRules = c.rules): StatusItem | null =>
  evaluateItem(
    fold(c.events),
    c.ministry ?? 'MI',
    { asOf: c.asOf, knownAt: c.knownAt ?? c.asOf },
    rules,
  );

describe('evaluateItem', () => {
  it.each(itemCases)('$name', (c) => {
    const result = evaluate(c);
    if (c.item === null) {
      expect(result).toBeNull();
      return;
    }
    expect(result).not.toBeNull();
    const actual = result as StatusItem;
    expect(summary(actual)).toEqual(c.item);
    expect(actual.ministry).toBe(c.ministry ?? 'MI');
    const messages = actual.reasons.map((r) => r.message).join('\n');
    for (const fragment of c.says ?? []) expect(messages).toContain(fragment);
  });

  const settled: readonly ItemState[] = ['met', 'overdue', 'exempt', 'withdrawn'];
  it.each(itemCases)(
    'the default rules leave settled items alone and only add risks: $name',
    (c) => {
      const byDeadlines = evaluate(c, DEADLINE_RULES);
      const byDefaults = evaluate(c, DEFAULT_RULES);
      // Only the cadence's due date differs between the two (its delay is a rule).
      const judged = (i: StatusItem | null) =>
        i && { ...i, upToDate: undefined, nextReportDue: undefined };
      if (byDeadlines === null || settled.includes(byDeadlines.state)) {
        expect(judged(byDefaults)).toEqual(judged(byDeadlines));
      } else if (byDeadlines.state === 'at_risk') {
        // The defaults only add reasons to worry, never take one away.
        expect(byDefaults?.state).toBe('at_risk');
        expect(byDefaults?.reasons).toEqual(expect.arrayContaining(byDeadlines.reasons));
      }
    },
  );

  it('depends on the rules: with 10 warning days, 20 days before is still on track', () => {
    const moment = { asOf: at('2021-03-11'), knownAt: at('2021-03-11') };
    expect(evaluateItem(fold([decided]), 'MI', moment, DEFAULT_RULES)?.state).toBe('at_risk');
    expect(
      evaluateItem(fold([decided]), 'MI', moment, { ...DEADLINE_RULES, warningDays: 10 })?.state,
    ).toBe('on_track');
  });

  it('depends on the rules: the delay after a period ends decides when silence is late', () => {
    const moment = { asOf: at('2021-02-28'), knownAt: at('2021-02-28') };
    // With 60 days, the December value is due on 1 March.
    const rules = { ...DEFAULT_RULES, staleDelayDays: 60 };
    const byDefault = evaluateItem(fold([decided]), 'MI', moment, DEFAULT_RULES);
    expect(byDefault?.reasons[0].code).toBe('STALE');
    expect(byDefault).toMatchObject({ upToDate: false, nextReportDue: '2021-01-15' });
    const lenient = evaluateItem(fold([decided]), 'MI', moment, rules);
    expect(lenient).toMatchObject({
      state: 'on_track',
      upToDate: true,
      nextReportDue: '2021-03-01',
    });
  });

  it('a delay of its own on the commitment prevails over the rule set', () => {
    const own = commitmentDecided(
      { reporting: { every: 'month', delayDays: 60 } },
      '2020-12-03T17:00:00.000Z',
    );
    const moment = { asOf: at('2021-02-28'), knownAt: at('2021-02-28') };
    expect(evaluateItem(fold([own]), 'MI', moment, DEFAULT_RULES)).toMatchObject({
      state: 'on_track',
      reporting: { every: 'month', delayDays: 60 },
      upToDate: true,
      nextReportDue: '2021-03-01',
    });
  });

  it('depends on the rules: without the trajectory rule, the trend is kept but says nothing', () => {
    const events = [decided, report('MI', 80, '2021-01-10')];
    const moment = { asOf: at('2021-01-15'), knownAt: at('2021-01-15') };
    const item = evaluateItem(fold(events), 'MI', moment, { ...DEFAULT_RULES, trajectory: false });
    expect(item?.state).toBe('on_track');
    expect(item?.forecast).toEqual({
      ratePerMonth: expect.closeTo(30 / 7, 9),
      reachOn: '2021-05-30',
      points: 2,
    });
    // Not "avant l'échéance du 31/03/2021" with a date in May: no FORECAST reason at all.
    expect(item?.reasons.map((r) => r.code)).toEqual(['ON_TRACK', 'TARGET_NOT_REACHED']);
  });
});

interface RollupCase {
  name: string;
  events: Stored[];
  asOf: Instant;
  rules: StatusRules;
  rollup: {
    state: ItemState;
    counts: Partial<Record<ItemState, number>>;
    notMet: string[];
    items: Record<string, ItemState>;
  } | null;
}

const rollupCases: RollupCase[] = [
  {
    name: 'met when every ministry has met, one of them late',
    events: [
      decided,
      report('MI', 100, '2021-03-10'),
      report('MJ', 100, '2021-03-20'),
      report('MEFR', 100, '2021-04-05'),
    ],
    asOf: at('2021-04-15'),
    rules: DEFAULT_RULES,
    rollup: {
      state: 'met',
      counts: { met: 3 },
      notMet: [],
      items: { MI: 'met', MJ: 'met', MEFR: 'met' },
    },
  },
  {
    name: 'met when every non-exempt ministry has met',
    events: [
      decided,
      report('MI', 100, '2021-03-10'),
      report('MJ', 100, '2021-03-20'),
      exempt('MEFR'),
    ],
    asOf: at('2021-04-15'),
    rules: DEFAULT_RULES,
    rollup: {
      state: 'met',
      counts: { met: 2, exempt: 1 },
      notMet: [],
      items: { MI: 'met', MJ: 'met', MEFR: 'exempt' },
    },
  },
  {
    name: 'the worst state otherwise, and the ministries that have not met',
    events: [
      decided,
      report('MI', 100, '2021-03-10'),
      report('MJ', 90, '2021-03-20'),
      deadlineExtended(
        {
          ministry: 'MEFR',
          previousDeadline: '2021-03-31',
          deadline: '2021-06-30',
          reason: delay,
          on: '2021-03-15',
        },
        '2021-03-15T15:00:00.000Z',
      ),
    ],
    asOf: at('2021-04-15'),
    rules: DEADLINE_RULES,
    rollup: {
      state: 'overdue',
      counts: { met: 1, overdue: 1, on_track: 1 },
      notMet: ['MJ', 'MEFR'],
      items: { MI: 'met', MJ: 'overdue', MEFR: 'on_track' },
    },
  },
  {
    name: 'default rules: the worst state is still overdue, the silent extended ministry at risk',
    events: [
      decided,
      report('MI', 100, '2021-03-10'),
      report('MJ', 90, '2021-03-20'),
      deadlineExtended(
        {
          ministry: 'MEFR',
          previousDeadline: '2021-03-31',
          deadline: '2021-06-30',
          reason: delay,
          on: '2021-03-15',
        },
        '2021-03-15T15:00:00.000Z',
      ),
    ],
    asOf: at('2021-04-15'),
    rules: DEFAULT_RULES,
    rollup: {
      state: 'overdue',
      counts: { met: 1, overdue: 1, at_risk: 1 },
      notMet: ['MJ', 'MEFR'],
      items: { MI: 'met', MJ: 'overdue', MEFR: 'at_risk' },
    },
  },
  {
    name: 'at_risk when that is the worst',
    events: [
      decided,
      report('MI', 100, '2021-03-10'),
      report('MJ', 90, '2021-03-15'),
      exempt('MEFR'),
    ],
    asOf: at('2021-03-21'),
    rules: DEFAULT_RULES,
    rollup: {
      state: 'at_risk',
      counts: { met: 1, at_risk: 1, exempt: 1 },
      notMet: ['MJ'],
      items: { MI: 'met', MJ: 'at_risk', MEFR: 'exempt' },
    },
  },
  {
    name: 'on_track while one ministry has met and the others have time',
    events: [decided, report('MI', 100, '2021-01-10')],
    asOf: at('2021-01-15'),
    rules: DEADLINE_RULES,
    rollup: {
      state: 'on_track',
      counts: { met: 1, on_track: 2 },
      // Worst first; between equals, by code.
      notMet: ['MEFR', 'MJ'],
      items: { MI: 'met', MJ: 'on_track', MEFR: 'on_track' },
    },
  },
  {
    name: 'default rules: at_risk when the others have time but have been silent since the decision',
    events: [decided, report('MI', 100, '2021-01-10')],
    // The December value was due on 15 January.
    asOf: at('2021-01-16'),
    rules: DEFAULT_RULES,
    rollup: {
      state: 'at_risk',
      counts: { met: 1, at_risk: 2 },
      notMet: ['MEFR', 'MJ'],
      items: { MI: 'met', MJ: 'at_risk', MEFR: 'at_risk' },
    },
  },
  {
    name: 'withdrawn, with nobody left to meet it',
    events: [decided, report('MI', 100, '2021-01-10'), withdrawn],
    asOf: at('2021-04-15'),
    rules: DEFAULT_RULES,
    rollup: {
      state: 'withdrawn',
      counts: { withdrawn: 3 },
      notMet: [],
      items: { MI: 'withdrawn', MJ: 'withdrawn', MEFR: 'withdrawn' },
    },
  },
  {
    name: 'exempt when every ministry is exempted',
    events: [decided, exempt('MI'), exempt('MJ'), exempt('MEFR')],
    asOf: at('2021-04-15'),
    rules: DEFAULT_RULES,
    rollup: {
      state: 'exempt',
      counts: { exempt: 3 },
      notMet: [],
      items: { MI: 'exempt', MJ: 'exempt', MEFR: 'exempt' },
    },
  },
  {
    name: 'null before the decision',
    events: [decided],
    asOf: at('2020-11-30'),
    rules: DEFAULT_RULES,
    rollup: null,
  },
];

const NO_COUNTS: Record<ItemState, number> = {
  overdue: 0,
  at_risk: 0,
  on_track: 0,
  met: 0,
  exempt: 0,
  withdrawn: 0,
};

describe('evaluateCommitment', () => {
  it.each(rollupCases)('$name', ({ events, asOf, rules, rollup }) => {
    const result = evaluateCommitment(fold(events), { asOf, knownAt: asOf }, rules);
    if (rollup === null) {
      expect(result).toBeNull();
      return;
    }
    const { state, counts, notMet } = result?.rollup ?? {};
    expect({ state, counts, notMet }).toEqual({
      state: rollup.state,
      counts: { ...NO_COUNTS, ...rollup.counts },
      notMet: rollup.notMet,
    });
    // Those that hold it back are exactly those that have not met it, in the same order.
    expect(result?.rollup.holdingBack.map((h) => h.ministry)).toEqual(rollup.notMet);
    expect(Object.fromEntries((result?.items ?? []).map((i) => [i.ministry, i.state]))).toEqual(
      rollup.items,
    );
  });
});
