import {
  BNA_DECIDED,
  BNA_ID,
  EMAIL_COMMITMENT_ID,
  JE_DONNE_MON_AVIS_DECIDED,
  JE_DONNE_MON_AVIS_ID,
  SOCIAL_OPERATORS,
  TECHGOUV_DECLOISONNEMENT_DECIDED,
  TECHGOUV_DECLOISONNEMENT_ID,
  TECHGOUV_SLIPPAGE_DECIDED,
  TECHGOUV_SLIPPAGE_ID,
  commitmentDecided,
  deadlineExtended,
  foldDecided,
  progressReported,
  summarise,
  type StatusSummary,
  type Stored,
} from '../../testing';
import { ALL_MINISTRY_CODES } from '../ministries';
import { parseMoment, type CalendarDate, type Instant } from '../calendar';
import { evaluateCommitment } from './commitment-view';
import { evaluateItem } from './evaluate-status';
import { DEFAULT_RULES, type StatusItem } from './status.types';

/**
 * Commitments of the catalogue (data/catalogue/cosinum.catalogue.yaml), with the cadence and
 * milestones the catalogue gives them, read by the board with its default rules: deadline close
 * within 30 days, a value due 15 days after its period ends unless the cadence names its own
 * delay, trajectory and milestones on. Forecast dates are checked against the least-squares line
 * computed by hand, in exact fractions.
 */

/** The narrow no-break space French typography puts before « : ; » and inside « ». */
const N = '\u202f';

/** A board date, as the CLI and the API read it: the end of that day in Paris. */
const endOf = (date: CalendarDate): Instant => parseMoment(date) as Instant;

const reportTo =
  (commitmentId: string) =>
  (ministry: string, value: number, on: CalendarDate, recordedAt?: Instant): Stored =>
    progressReported({ commitmentId, ministry, value, on }, recordedAt ?? `${on}T16:00:00.000Z`);

// --- 3 December 2020: 100 % of agents with a professional email reachable from home by
// --- 31 March 2021, "contre 70 % au 1er novembre 2020". Followed by the COSINUM, twice a year:
// --- one value a half-year, due about five months after it ends. The 70 % is the State's: the
// --- catalogue records no baseline (`emailAsCatalogued`); the cases below that draw trends keep
// --- it as a ministry's own baseline, as a commitment recorded over the API may.
const email = commitmentDecided(
  { reporting: { every: 'half-year', delayDays: 150 } },
  '2020-12-03T17:00:00.000Z',
);
const emailReport = reportTo(EMAIL_COMMITMENT_ID);
const emailAsCatalogued = (() => {
  const { baseline: _stateWide, ...metric } = email.data.metric;
  return { ...email, data: { ...email.data, metric } };
})();

// --- TECH.GOUV (PILOT): slippage of the major digital projects, 20 % at most by the end of 2022;
// --- annual, due 182 days after the year (1 July); the projection of 31 % for the end of 2020 a milestone.
const slippage = commitmentDecided(TECHGOUV_SLIPPAGE_DECIDED, '2020-07-01T10:00:00.000Z');
const slippageReport = reportTo(TECHGOUV_SLIPPAGE_ID);

// --- 28 May 2020: the « JeDonneMonAvis » button in every Top 250 procedure by 30 June 2020, for
// --- every ministry and the three social operators, who may be granted more time.
const jeDonneMonAvis = commitmentDecided(JE_DONNE_MON_AVIS_DECIDED, '2020-05-28T16:00:00.000Z');
const poleEmploiToSeptember = deadlineExtended(
  {
    commitmentId: JE_DONNE_MON_AVIS_ID,
    ministry: 'POLE_EMPLOI',
    previousDeadline: '2020-06-30',
    deadline: '2020-09-30',
    reason: 'Délai additionnel accordé aux opérateurs sociaux au regard de la situation sanitaire',
    on: '2020-06-25',
  },
  '2020-06-25T14:00:00.000Z',
);

// --- TECH.GOUV (DATA): success of the data-sharing service, 80 % by the end of 2022; not measured
// --- in 2018 and 2019, projected at 80 % for the end of 2020 (a milestone, not a value).
const decloisonnement = commitmentDecided(
  TECHGOUV_DECLOISONNEMENT_DECIDED,
  '2020-07-01T10:00:00.000Z',
);
const decloisonnementReport = reportTo(TECHGOUV_DECLOISONNEMENT_ID);

// --- 28 May 2020: the second agents' digital barometer (BNA), launched in September 2020.
const bna = commitmentDecided(BNA_DECIDED, '2020-05-28T16:00:00.000Z');
const bnaReport = reportTo(BNA_ID);

interface CatalogueCase {
  name: string;
  events: Stored[];
  ministry: string;
  asOf: Instant;
  knownAt?: Instant;
  item: StatusSummary;
  /** French fragments the reasons must contain. */
  says?: string[];
  /** Reason codes that must not be there: the point of the case, spelt out. */
  never?: string[];
}

const EMAIL = {
  deadline: '2021-03-31',
  originalDeadline: '2021-03-31',
  extensions: 0,
  target: 100,
  metOn: undefined,
  daysLate: undefined,
} as const;

const SLIPPAGE = {
  deadline: '2022-12-31',
  originalDeadline: '2022-12-31',
  extensions: 0,
  target: 20,
  metOn: undefined,
  daysLate: undefined,
} as const;

/** The catalogue's measured values, 30 % (2018) and 33 % (2019): going the wrong way. */
const slippageAsCatalogued = [
  slippage,
  slippageReport('DINUM', 30, '2018-12-31', '2020-07-01T10:00:00.000Z'),
  slippageReport('DINUM', 33, '2019-12-31', '2020-07-01T10:00:00.000Z'),
];

const SLIPPAGE_AS_CATALOGUED = {
  ...SLIPPAGE,
  state: 'at_risk',
  latestValue: 33,
  latestOn: '2019-12-31',
  forecast: { reachOn: null, points: 2 },
} as const;

const JDMA_POLE_EMPLOI = {
  deadline: '2020-09-30',
  originalDeadline: '2020-06-30',
  extensions: 1,
  target: 100,
  metOn: undefined,
  daysLate: undefined,
} as const;

const BNA = {
  deadline: '2020-09-30',
  originalDeadline: '2020-09-30',
  extensions: 0,
  target: 1,
  metOn: undefined,
  daysLate: undefined,
  forecast: undefined,
} as const;

const cases: CatalogueCase[] = [
  {
    // Points (days after 1 Nov 2020, value): (0, 70), (44, 80), (92, 85). Means x̄ = 136/3,
    // ȳ = 235/3; Sxy = 2 060/3, Sxx = 12 704/3; slope = 515/3 176 ≈ 0.1622 pt/day (4.86 pts a
    // 30-day month). 100 % on day x̄ + (100 − ȳ)/slope ≈ 178.95, so day 179: 29 April 2021.
    name: 'email: 80 % then 85 % trends to 100 % on 29 April, after the deadline (neither stale nor close)',
    events: [email, emailReport('MI', 80, '2020-12-15'), emailReport('MI', 85, '2021-02-01')],
    ministry: 'MI',
    asOf: endOf('2021-02-02'),
    item: {
      ...EMAIL,
      state: 'at_risk',
      latestValue: 85,
      latestOn: '2021-02-01',
      forecast: { reachOn: '2021-04-29', points: 3 },
      reasons: ['TRAJECTORY_LATE', 'TARGET_NOT_REACHED'],
    },
    says: [
      "Au rythme actuel (+4,9 points par mois), l'objectif de 100\u202f% serait atteint vers le 29/04/2021, après l'échéance du 31/03/2021.",
      `Dernière valeur déclarée${N}: 85\u202f% au 01/02/2021, pour un objectif de 100\u202f%.`,
    ],
    never: ['STALE', 'DEADLINE_CLOSE', 'FORECAST'],
  },
  {
    // Same days with 95 on day 92: ȳ = 245/3, Sxy = 3 460/3, slope = 865/3 176 ≈ 0.2724 pt/day
    // (8.17 pts a month); 100 % on day ≈ 112.65, so day 113: 22 February 2021.
    name: 'email: 80 % then 95 % trends to 100 % on 22 February, on track with a forecast',
    events: [email, emailReport('MI', 80, '2020-12-15'), emailReport('MI', 95, '2021-02-01')],
    ministry: 'MI',
    asOf: endOf('2021-02-02'),
    item: {
      ...EMAIL,
      state: 'on_track',
      latestValue: 95,
      latestOn: '2021-02-01',
      forecast: { reachOn: '2021-02-22', points: 3 },
      reasons: ['ON_TRACK', 'FORECAST', 'TARGET_NOT_REACHED'],
    },
    says: [
      'Échéance le 31/03/2021, dans 57 jours.',
      "Au rythme actuel (+8,2 points par mois), l'objectif de 100\u202f% serait atteint vers le 22/02/2021, avant l'échéance du 31/03/2021.",
    ],
    never: ['TRAJECTORY_LATE', 'STALE'],
  },
  {
    // Silent since the decision of 3 December: the value of the 2nd half of 2020 is due for the
    // next COSINUM, 150 days after 31 December: 30 May 2021. Not stale on 1 March.
    name: 'email: silent since the decision, not stale before its half-year value falls due',
    events: [email],
    ministry: 'MI',
    asOf: endOf('2021-03-01'),
    item: {
      ...EMAIL,
      state: 'at_risk',
      latestValue: null,
      latestOn: null,
      forecast: undefined,
      // The baseline alone is one point: no trend. At risk because the deadline is close.
      reasons: ['DEADLINE_CLOSE', 'NO_REPORT'],
    },
    says: [
      'Échéance dans 30 jours (31/03/2021) et objectif non atteint.',
      `Aucune valeur déclarée${N}; objectif${N}: 100\u202f%.`,
    ],
    never: ['STALE'],
  },
  {
    // Two points, 30 % on 31/12/2019 and 25 % measured on 31/12/2020, 366 days apart (2020 is a
    // leap year): slope = −5/366 pt/day, −0.41 pt a 30-day month. Down 10 pts to 20 %:
    // 10 × 366/5 = 732 days exactly, and 31/12/2019 + 732 days = 01/01/2022. A year before the
    // deadline of 31/12/2022. The milestone of 31 % on 31/12/2020 is met by the 25 % of that day.
    name: 'TECH.GOUV slippage (decrease): 30 % then a measured 25 % trends to 20 % on 1 January 2022',
    events: [
      slippage,
      slippageReport('DINUM', 30, '2019-12-31', '2021-01-10T10:00:00.000Z'),
      slippageReport('DINUM', 25, '2020-12-31', '2021-01-10T10:00:00.000Z'),
    ],
    ministry: 'DINUM',
    asOf: endOf('2021-01-15'),
    item: {
      ...SLIPPAGE,
      state: 'on_track',
      latestValue: 25,
      latestOn: '2020-12-31',
      forecast: { reachOn: '2022-01-01', points: 2 },
      reasons: ['ON_TRACK', 'FORECAST', 'TARGET_NOT_REACHED'],
    },
    says: [
      'Échéance le 31/12/2022, dans 715 jours.',
      "Au rythme actuel (-0,41 point par mois), l'objectif de 20\u202f% serait atteint vers le 01/01/2022, avant l'échéance du 31/12/2022.",
      `Dernière valeur déclarée${N}: 25\u202f% au 31/12/2020, pour un objectif de 20\u202f%.`,
    ],
    never: ['MILESTONE_MISSED', 'STALE'],
  },
  {
    // The catalogue's own series: 30 % (2018) and 33 % (2019) measured; 31 % for the end of 2020
    // is the roadmap's projection, a milestone. The line rises (+0.25 pt a month): a decrease
    // indicator going the wrong way never gets there, and the 2019 value misses the milestone.
    // The 2020 value is due 182 days after the year: 1 July 2021, not yet on 15 January.
    name: 'TECH.GOUV slippage as catalogued (30 then 33 %): stalled, and the end-2020 projection missed',
    events: slippageAsCatalogued,
    ministry: 'DINUM',
    asOf: endOf('2021-01-15'),
    item: {
      ...SLIPPAGE_AS_CATALOGUED,
      reasons: ['MILESTONE_MISSED', 'TRAJECTORY_STALLED', 'TARGET_NOT_REACHED'],
    },
    says: [
      `Jalon du 31/12/2020 («${N}Projection fin 2020${N}») manqué${N}: 31\u202f% attendu, 33\u202f% déclaré au 31/12/2019.`,
      "Au rythme actuel (+0,25 point par mois), l'objectif de 20\u202f% ne serait pas atteint.",
    ],
    never: ['STALE', 'TARGET_MET'],
  },
  {
    name: 'TECH.GOUV slippage as catalogued, on 2 July 2021: the 2020 value is past due too',
    events: slippageAsCatalogued,
    ministry: 'DINUM',
    asOf: endOf('2021-07-02'),
    item: {
      ...SLIPPAGE_AS_CATALOGUED,
      reasons: ['MILESTONE_MISSED', 'TRAJECTORY_STALLED', 'STALE', 'TARGET_NOT_REACHED'],
    },
    says: [
      `La valeur pour l'année 2020 était attendue au plus tard le 01/07/2021${N}: une valeur est attendue chaque année, la dernière date du 31/12/2019.`,
    ],
  },
  {
    name: 'TECH.GOUV slippage as catalogued, on 1 April 2021: the 2020 value is not yet due (1 July)',
    events: slippageAsCatalogued,
    ministry: 'DINUM',
    asOf: endOf('2021-04-01'),
    item: {
      ...SLIPPAGE_AS_CATALOGUED,
      reasons: ['MILESTONE_MISSED', 'TRAJECTORY_STALLED', 'TARGET_NOT_REACHED'],
    },
    never: ['STALE'],
  },
  {
    // The roadmap projected 80 % for the end of 2020, which is also the target: stored as a
    // value, it made the indicator « met on 31/12/2020 ». As a milestone it is a promise, and
    // with nothing declared its day passed in silence: listed missed, but silence is no failure.
    name: 'TECH.GOUV data sharing: the end-2020 projection of 80 % is a milestone passed in silence, never « met »',
    events: [decloisonnement],
    ministry: 'DINUM',
    asOf: endOf('2021-01-15'),
    item: {
      state: 'on_track',
      deadline: '2022-12-31',
      originalDeadline: '2022-12-31',
      extensions: 0,
      target: 80,
      latestValue: null,
      latestOn: null,
      metOn: undefined,
      daysLate: undefined,
      forecast: undefined,
      reasons: ['ON_TRACK', 'NO_REPORT'],
    },
    says: [`Aucune valeur déclarée${N}; objectif${N}: 80\u202f%.`],
    never: ['TARGET_MET', 'STALE', 'MILESTONE_MISSED'],
  },
  {
    name: 'TECH.GOUV data sharing: a measured 82 % for 2020 meets the milestone and the target',
    events: [
      decloisonnement,
      decloisonnementReport('DINUM', 82, '2020-12-31', '2021-02-15T10:00:00.000Z'),
    ],
    ministry: 'DINUM',
    asOf: endOf('2021-04-01'),
    item: {
      state: 'met',
      deadline: '2022-12-31',
      originalDeadline: '2022-12-31',
      extensions: 0,
      target: 80,
      latestValue: 82,
      latestOn: '2020-12-31',
      metOn: '2020-12-31',
      daysLate: 0,
      forecast: undefined,
      reasons: ['TARGET_MET'],
    },
  },
  {
    // The value of the 2nd quarter (the decision's) is due 15 days after it ends: 15 July.
    name: 'JeDonneMonAvis: Pôle emploi, extended to 30 September and silent, is up to date on 15 July',
    events: [jeDonneMonAvis, poleEmploiToSeptember],
    ministry: 'POLE_EMPLOI',
    asOf: endOf('2020-07-15'),
    item: {
      ...JDMA_POLE_EMPLOI,
      state: 'on_track',
      latestValue: null,
      latestOn: null,
      forecast: undefined,
      reasons: ['ON_TRACK', 'NO_REPORT', 'DEADLINE_EXTENDED'],
    },
    says: [
      'Échéance le 30/09/2020, dans 77 jours.',
      'Échéance reportée 1 fois (initialement le 30/06/2020, désormais le 30/09/2020).',
    ],
    never: ['DEADLINE_PASSED', 'STALE'],
  },
  {
    // Decided on 28 May, a month before the quarter ended: the first quarterly value owed is the
    // 3rd quarter's (half a quarter after the decision), due on 15 October, after the extended
    // deadline. Silent on 16 July, Pôle emploi is « sans déclaration », not late.
    name: 'JeDonneMonAvis: Pôle emploi, silent on 16 July, owes no quarterly value yet',
    events: [jeDonneMonAvis, poleEmploiToSeptember],
    ministry: 'POLE_EMPLOI',
    asOf: endOf('2020-07-16'),
    item: {
      ...JDMA_POLE_EMPLOI,
      state: 'on_track',
      latestValue: null,
      latestOn: null,
      forecast: undefined,
      reasons: ['ON_TRACK', 'NO_REPORT', 'DEADLINE_EXTENDED'],
    },
    never: ['DEADLINE_PASSED', 'STALE'],
  },
  {
    name: 'JeDonneMonAvis: Pôle emploi, extended and reporting, is on track on 20 July',
    events: [
      jeDonneMonAvis,
      poleEmploiToSeptember,
      reportTo(JE_DONNE_MON_AVIS_ID)('POLE_EMPLOI', 60, '2020-07-01'),
    ],
    ministry: 'POLE_EMPLOI',
    asOf: endOf('2020-07-20'),
    item: {
      ...JDMA_POLE_EMPLOI,
      state: 'on_track',
      latestValue: 60,
      latestOn: '2020-07-01',
      // One value and no baseline: no trend.
      forecast: undefined,
      reasons: ['ON_TRACK', 'TARGET_NOT_REACHED', 'DEADLINE_EXTENDED'],
    },
    says: ['Échéance le 30/09/2020, dans 72 jours.'],
    never: ['STALE'],
  },
  {
    name: 'JeDonneMonAvis: the CNAM, not extended, is overdue on 15 July',
    events: [jeDonneMonAvis, poleEmploiToSeptember],
    ministry: 'CNAM',
    asOf: endOf('2020-07-15'),
    item: {
      state: 'overdue',
      deadline: '2020-06-30',
      originalDeadline: '2020-06-30',
      extensions: 0,
      target: 100,
      latestValue: null,
      latestOn: null,
      metOn: undefined,
      daysLate: 15,
      forecast: undefined,
      reasons: ['DEADLINE_PASSED', 'NO_REPORT'],
    },
    says: ["Échéance du 30/06/2020 dépassée de 15 jours sans que l'objectif soit atteint."],
    never: ['DEADLINE_EXTENDED'],
  },
  {
    name: 'BNA (yes/no): silent for three months since the decision is never stale',
    events: [bna],
    ministry: 'DINUM',
    asOf: endOf('2020-08-28'),
    item: {
      ...BNA,
      state: 'on_track',
      latestValue: null,
      latestOn: null,
      reasons: ['ON_TRACK', 'NO_REPORT'],
    },
    says: ['Aucune déclaration de réalisation.'],
    never: ['STALE'],
  },
  {
    name: 'BNA (yes/no): 31 days after « non réalisé » is not stale either',
    events: [bna, bnaReport('DINUM', 0, '2020-07-01')],
    ministry: 'DINUM',
    asOf: endOf('2020-08-01'),
    item: {
      ...BNA,
      state: 'on_track',
      latestValue: 0,
      latestOn: '2020-07-01',
      reasons: ['ON_TRACK', 'TARGET_NOT_REACHED'],
    },
    says: ['Déclaré non réalisé au 01/07/2020.'],
    never: ['STALE', 'DEADLINE_CLOSE'],
  },
  {
    name: 'BNA (yes/no): silent 30 days before its deadline is at risk for the deadline alone',
    events: [bna, bnaReport('DINUM', 0, '2020-07-01')],
    ministry: 'DINUM',
    asOf: endOf('2020-08-31'),
    item: {
      ...BNA,
      state: 'at_risk',
      latestValue: 0,
      latestOn: '2020-07-01',
      reasons: ['DEADLINE_CLOSE', 'TARGET_NOT_REACHED'],
    },
    says: ['Échéance dans 30 jours (30/09/2020) et objectif non atteint.'],
    never: ['STALE'],
  },
  {
    name: 'BNA (yes/no): launched on 15 September, met on time',
    events: [bna, bnaReport('DINUM', 0, '2020-07-01'), bnaReport('DINUM', 1, '2020-09-15')],
    ministry: 'DINUM',
    asOf: endOf('2020-10-01'),
    item: {
      ...BNA,
      state: 'met',
      latestValue: 1,
      latestOn: '2020-09-15',
      metOn: '2020-09-15',
      daysLate: 0,
      reasons: ['TARGET_MET'],
    },
    says: ["Réalisé le 15/09/2020, dans les délais de l'échéance du 30/09/2020."],
  },
  {
    // 70 % on 1 Nov, 90 % on 1 Mar (120 days): 1/6 pt a day, 100 % on day 180, 30 April 2021.
    name: 'email: 100 % on 28 March recorded on 5 April is unknown to the board of 1 April as of 1 April',
    events: [
      email,
      emailReport('MI', 90, '2021-03-01'),
      emailReport('MI', 100, '2021-03-28', '2021-04-05T08:00:00.000Z'),
    ],
    ministry: 'MI',
    asOf: endOf('2021-04-01'),
    knownAt: endOf('2021-04-01'),
    item: {
      ...EMAIL,
      state: 'overdue',
      latestValue: 90,
      latestOn: '2021-03-01',
      daysLate: 1,
      forecast: { reachOn: '2021-04-30', points: 2 },
      reasons: ['DEADLINE_PASSED', 'TARGET_NOT_REACHED'],
    },
    says: ["Échéance du 31/03/2021 dépassée de 1 jour sans que l'objectif soit atteint."],
  },
  {
    name: 'email: the same board of 1 April, as known on 6 April, shows it met on time',
    events: [
      email,
      emailReport('MI', 90, '2021-03-01'),
      emailReport('MI', 100, '2021-03-28', '2021-04-05T08:00:00.000Z'),
    ],
    ministry: 'MI',
    asOf: endOf('2021-04-01'),
    knownAt: endOf('2021-04-06'),
    item: {
      ...EMAIL,
      state: 'met',
      latestValue: 100,
      latestOn: '2021-03-28',
      metOn: '2021-03-28',
      daysLate: 0,
      forecast: undefined,
      reasons: ['TARGET_MET'],
    },
    says: [
      "Objectif atteint le 28/03/2021 (100\u202f% pour un objectif de 100\u202f%), dans les délais de l'échéance du 31/03/2021.",
    ],
  },
  {
    // 70 % on 1 Nov, 98 % on 25 Mar (144 days): 100 % on day 154.3, so day 155, 5 April 2021.
    name: 'email, DST: 23:30 in Paris on 31 March 2021 (21:30 UTC) is not overdue',
    events: [email, emailReport('MI', 98, '2021-03-25')],
    ministry: 'MI',
    asOf: '2021-03-31T21:30:00Z',
    item: {
      ...EMAIL,
      state: 'at_risk',
      latestValue: 98,
      latestOn: '2021-03-25',
      forecast: { reachOn: '2021-04-05', points: 2 },
      reasons: ['DEADLINE_CLOSE', 'TRAJECTORY_LATE', 'TARGET_NOT_REACHED'],
    },
    says: [
      "Échéance aujourd'hui (31/03/2021) et objectif non atteint.",
      "Au rythme actuel (+5,8 points par mois), l'objectif de 100\u202f% serait atteint vers le 05/04/2021, après l'échéance du 31/03/2021.",
    ],
    never: ['DEADLINE_PASSED'],
  },
  {
    name: 'email, DST: 00:01 on 1 April in Paris (22:01 UTC on 31 March) is overdue',
    events: [email, emailReport('MI', 98, '2021-03-25')],
    ministry: 'MI',
    asOf: '2021-03-31T22:01:00Z',
    item: {
      ...EMAIL,
      state: 'overdue',
      latestValue: 98,
      latestOn: '2021-03-25',
      daysLate: 1,
      forecast: { reachOn: '2021-04-05', points: 2 },
      reasons: ['DEADLINE_PASSED', 'TARGET_NOT_REACHED'],
    },
    says: ["Échéance du 31/03/2021 dépassée de 1 jour sans que l'objectif soit atteint."],
  },
];

describe('the catalogue under the default rules', () => {
  it.each(cases)('$name', ({ events, ministry, asOf, knownAt = asOf, item, says, never }) => {
    const result = evaluateItem(foldDecided(events), ministry, { asOf, knownAt }, DEFAULT_RULES);
    expect(result).not.toBeNull();
    const actual = result as StatusItem;
    expect(summarise(actual)).toEqual(item);
    const codes = actual.reasons.map((r) => r.code);
    for (const code of never ?? []) expect(codes).not.toContain(code);
    const messages = actual.reasons.map((r) => r.message).join('\n');
    for (const fragment of says ?? []) expect(messages).toContain(fragment);
  });

  it('email as catalogued: a State-wide 70 % is no ministry’s start, the rate starts from its first value', () => {
    const events = [
      emailAsCatalogued,
      emailReport('MI', 80, '2020-12-15'),
      emailReport('MI', 90, '2021-02-01'),
    ];
    const at = { asOf: endOf('2021-02-02'), knownAt: endOf('2021-02-02') };
    const item = evaluateItem(foldDecided(events), 'MI', at, DEFAULT_RULES) as StatusItem;
    // (90 − 80) / (100 − 80), not (90 − 70) / (100 − 70).
    expect(item.progressRate).toBe(50);
    const withBaseline = evaluateItem(
      foldDecided([email, ...events.slice(1)]),
      'MI',
      at,
      DEFAULT_RULES,
    ) as StatusItem;
    expect(withBaseline.progressRate).toBe(66.7);
  });

  it('carries why a deadline was inferred onto every item, and nothing when the source gives it', () => {
    const deadlineInferredFrom = 'la prochaine enquête auprès des agents, mi-2021';
    const inferred = commitmentDecided({ deadlineInferredFrom }, '2020-12-03T17:00:00.000Z');
    const at = { asOf: endOf('2021-02-02'), knownAt: endOf('2021-02-02') };
    expect(evaluateItem(foldDecided([inferred]), 'MJ', at, DEFAULT_RULES)).toMatchObject({
      deadlineInferredFrom,
    });
    expect(evaluateItem(foldDecided([email]), 'MJ', at, DEFAULT_RULES)).not.toHaveProperty(
      'deadlineInferredFrom',
    );
  });

  it('JeDonneMonAvis on 15 July 2020: 19 overdue, Pôle emploi alone still has time', () => {
    const board = evaluateCommitment(
      foldDecided([jeDonneMonAvis, poleEmploiToSeptember]),
      { asOf: endOf('2020-07-15'), knownAt: endOf('2020-07-15') },
      DEFAULT_RULES,
    );
    const others = [...ALL_MINISTRY_CODES, ...SOCIAL_OPERATORS].filter((c) => c !== 'POLE_EMPLOI');
    expect(board?.rollup.state).toBe('overdue');
    expect(board?.rollup.counts).toMatchObject({ overdue: 19, on_track: 1 });
    expect(
      Object.fromEntries((board?.items ?? []).map((i) => [i.ministry, [i.state, i.extensions]])),
    ).toEqual({
      ...Object.fromEntries(others.map((c) => [c, ['overdue', 0]])),
      POLE_EMPLOI: ['on_track', 1],
    });
  });
});
