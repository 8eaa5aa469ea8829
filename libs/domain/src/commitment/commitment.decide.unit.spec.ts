import {
  addMilestone,
  changeReporting,
  milestoneAdded,
  reportingChanged,
  EMAIL_COMMITMENT_ID,
  EMAIL_DECISION,
  NOW,
  commitmentDecided,
  commitmentWithdrawn,
  decideCommitment,
  deadlineExtended,
  exemptMinistry,
  extendDeadline,
  given,
  ministryExempted,
  progressReported,
  reportProgress,
  reviseTarget,
  targetRevised,
  withdrawCommitment,
} from '../../testing';
import type { CommitmentCommand } from './commitment.commands';
import type { Metric, MetricKind } from './commitment.events';
import { defaultReporting } from './reporting';

const decided = commitmentDecided();

/** The decision event, with the cadence the decider resolves when none is given. */
const decisionOf = (data: Parameters<typeof commitmentDecided>[0] = {}) => {
  const kind = data.metric?.kind ?? EMAIL_DECISION.metric.kind;
  return commitmentDecided({ reporting: defaultReporting(kind), ...data });
};

/** The 17 ministries of the Castex government; operators (CNAM, …) and DINUM are not in "all". */
const SEVENTEEN_MINISTRIES = [
  'SPM',
  'MEAE',
  'MTE',
  'MCTRCT',
  'MENJS',
  'MESRI',
  'MEFR',
  'MINARM',
  'MI',
  'MTEI',
  'MOM',
  'MJ',
  'MC',
  'MSS',
  'MMER',
  'MAA',
  'MTFP',
];

const withdrawn = commitmentWithdrawn({
  reason: 'Remplacé par la décision du COSINUM du 11 février 2021',
  on: '2021-02-11',
});

describe('DecideCommitment', () => {
  it('records the decision with its resolved ministries', () => {
    given([])
      .when(decideCommitment())
      .then([
        {
          type: 'CommitmentDecided',
          data: {
            commitmentId: EMAIL_COMMITMENT_ID,
            externalId: 'COSINUM-2020-12-03-07',
            title:
              "100 % des agents disposent d'une adresse email professionnelle accessible à distance",
            description: EMAIL_DECISION.description,
            source: {
              document: 'Relevé de décisions du COSINUM du 3 décembre 2020',
              section: 'Travail à distance',
              decidedOn: '2020-12-03',
            },
            mission: 'Environnement de travail numérique des agents',
            metric: {
              kind: 'percentage',
              unit: '%',
              direction: 'increase',
              target: 100,
              baseline: { value: 70, on: '2020-11-01' },
            },
            deadline: '2021-03-31',
            ministries: ['MI', 'MJ', 'MEFR'],
            allMinistries: false,
            // No cadence given: a measured commitment is expected monthly, and says so.
            reporting: { every: 'month' },
          },
        },
      ]);
  });

  it('resolves "all" to the 17 ministries, without operators nor DINUM', () => {
    given([])
      .when(decideCommitment({ ministries: 'all' }))
      .then([decisionOf({ ministries: SEVENTEEN_MINISTRIES, allMinistries: true })]);
    expect(SEVENTEEN_MINISTRIES).toHaveLength(17);
  });

  it('de-duplicates an explicit list, keeping the first occurrence order', () => {
    given([])
      .when(decideCommitment({ ministries: ['MJ', 'MI', 'MJ', 'MEFR', 'MI'] }))
      .then([decisionOf({ ministries: ['MJ', 'MI', 'MEFR'] })]);
  });

  it('accepts an operator as assignee', () => {
    given([])
      .when(decideCommitment({ ministries: ['MSS', 'CNAM'] }))
      .then([decisionOf({ ministries: ['MSS', 'CNAM'] })]);
  });

  it('keeps why a deadline was inferred and how precisely the decision is dated, when given', () => {
    const source = {
      document: 'Relevé de décisions du COSINUM',
      decidedOn: '2021-01-01',
      decidedOnPrecision: 'half-year' as const,
    };
    const deadlineInferredFrom = 'le prochain comité, « le COSINUM de décembre »';
    given([])
      .when(decideCommitment({ source, deadlineInferredFrom }))
      .then([decisionOf({ source, deadlineInferredFrom })]);
  });

  it('refuses a reason for an inferred deadline that is not clean one-line text', () => {
    given([])
      .when(decideCommitment({ deadlineInferredFrom: 'horizon\u202e de la feuille de route' }))
      .thenThrows('COMMITMENT.INVALID', 'deadlineInferredFrom');
    given([])
      .when(decideCommitment({ deadlineInferredFrom: 'sur\ndeux lignes' }))
      .thenThrows('COMMITMENT.INVALID', 'deadlineInferredFrom');
  });

  it('accepts a deadline on the very day of the decision', () => {
    given([])
      .when(decideCommitment({ deadline: '2020-12-03' }))
      .then([decisionOf({ deadline: '2020-12-03' })]);
  });

  it('accepts a commitment without baseline', () => {
    const metric: Metric = { kind: 'boolean', direction: 'increase', target: 1 };
    given([])
      .when(decideCommitment({ metric }))
      .then([decisionOf({ metric })]);
  });

  it.each([
    [['MI', 'MINEDU'], 'MINEDU', 'ministries[1]'],
    [['MINEDU'], 'MINEDU', 'ministries[0]'],
    [['mi'], 'mi', 'ministries[0]'],
    // The index points into the list as sent, duplicates included.
    [['MI', 'MI', 'MJ', 'XX'], 'XX', 'ministries[3]'],
  ])('rejects %j: unknown ministry %s at %s', (ministries, code, field) => {
    const error = given([])
      .when(decideCommitment({ ministries }))
      .thenThrows('COMMITMENT.UNKNOWN_MINISTRY', field);
    expect(error.message).toBe(`Unknown ministry code "${code}"`);
    expect(error.kind).toBe('invalid');
  });

  it('rejects an empty list of ministries', () => {
    given([])
      .when(decideCommitment({ ministries: [] }))
      .thenThrows('COMMITMENT.NO_MINISTRY', 'ministries');
  });

  const metric = (kind: MetricKind, target: number, baseline?: number): Metric => ({
    kind,
    direction: 'increase',
    target,
    ...(baseline === undefined ? {} : { baseline: { value: baseline, on: '2020-11-01' } }),
  });

  it.each<[string, Metric, string, string]>([
    ['percentage target above 100', metric('percentage', 100.5), 'metric.target', '[0, 100]'],
    ['percentage target below 0', metric('percentage', -1), 'metric.target', '[0, 100]'],
    [
      'percentage baseline above 100',
      metric('percentage', 100, 120),
      'metric.baseline.value',
      '[0, 100]',
    ],
    [
      'percentage baseline below 0',
      metric('percentage', 100, -5),
      'metric.baseline.value',
      '[0, 100]',
    ],
    ['boolean target 0.5', metric('boolean', 0.5), 'metric.target', '{0, 1}'],
    ['boolean target 2', metric('boolean', 2), 'metric.target', '{0, 1}'],
    ['boolean target -1', metric('boolean', -1), 'metric.target', '{0, 1}'],
    ['boolean baseline 0.5', metric('boolean', 1, 0.5), 'metric.baseline.value', '{0, 1}'],
    ['score target 10.5', metric('score', 10.5), 'metric.target', '[0, 10]'],
    ['score target -0.1', metric('score', -0.1), 'metric.target', '[0, 10]'],
    ['score baseline 11', metric('score', 7, 11), 'metric.baseline.value', '[0, 10]'],
    ['count target -1', metric('count', -1), 'metric.target', '[0, ∞)'],
    ['count baseline -3', metric('count', 250, -3), 'metric.baseline.value', '[0, ∞)'],
    ['NaN target', metric('percentage', NaN), 'metric.target', '[0, 100]'],
    ['Infinity target', metric('count', Infinity), 'metric.target', '[0, ∞)'],
    ['-Infinity target', metric('score', -Infinity), 'metric.target', '[0, 10]'],
    ['NaN baseline', metric('percentage', 100, NaN), 'metric.baseline.value', '[0, 100]'],
    ['Infinity baseline', metric('count', 10, Infinity), 'metric.baseline.value', '[0, ∞)'],
  ])('rejects a %s', (_case, metricValue, field, range) => {
    const error = given([])
      .when(decideCommitment({ metric: metricValue }))
      .thenThrows('COMMITMENT.VALUE_OUT_OF_RANGE', field);
    expect(error.message).toContain(`outside the metric's range ${range}`);
  });

  it.each<[string, Metric]>([
    ['percentage 0 → 100', metric('percentage', 100, 0)],
    ['percentage 100 → 0', { ...metric('percentage', 0, 100), direction: 'decrease' }],
    ['percentage with decimals', metric('percentage', 99.5, 70.25)],
    ['boolean 0 → 1', metric('boolean', 1, 0)],
    ['score 0 → 10', metric('score', 10, 0)],
    ['score 6.2 → 7', metric('score', 7, 6.2)],
    ['count 0 → 1 500 000', { ...metric('count', 1_500_000, 0), unit: 'démarches' }],
  ])('accepts the boundaries of its range: %s', (_case, metricValue) => {
    given([])
      .when(decideCommitment({ metric: metricValue }))
      .then([decisionOf({ metric: metricValue })]);
  });

  it('rejects a deadline before the decision', () => {
    const error = given([])
      .when(decideCommitment({ deadline: '2020-12-02' }))
      .thenThrows('COMMITMENT.DATE_TOO_EARLY', 'deadline');
    expect(error.message).toBe('deadline 2020-12-02 is before source.decidedOn 2020-12-03');
  });

  it.each([
    ['deadline', { deadline: '2021-02-30' }],
    ['deadline', { deadline: '2021-02-29' }],
    ['deadline', { deadline: '31/03/2021' }],
    ['deadline', { deadline: '2021-03-31T00:00:00Z' }],
    ['source.decidedOn', { source: { ...EMAIL_DECISION.source, decidedOn: '2020-13-03' } }],
    ['source.decidedOn', { source: { ...EMAIL_DECISION.source, decidedOn: '2020-11-31' } }],
    [
      'metric.baseline.on',
      { metric: { ...EMAIL_DECISION.metric, baseline: { value: 70, on: '2020-11-31' } } },
    ],
  ])('rejects an invalid calendar date in %s', (field, data) => {
    given([]).when(decideCommitment(data)).thenThrows('COMMITMENT.INVALID', field);
  });

  it('rejects a second decision on the same stream', () => {
    const error = given([decided]).when(decideCommitment()).thenThrows('COMMITMENT.ALREADY_EXISTS');
    expect(error.kind).toBe('conflict');
  });
});

describe('ReportProgress', () => {
  const report = reportProgress({ ministry: 'MI', value: 85.5, on: '2021-01-14' });

  it('records the reported value', () => {
    given([decided])
      .when(reportProgress({ ministry: 'MI', value: 85.5, on: '2021-01-14', note: 'Enquête DSI' }))
      .then([
        progressReported({ ministry: 'MI', value: 85.5, on: '2021-01-14', note: 'Enquête DSI' }),
      ]);
  });

  it('records the link to the evidence of a value', () => {
    const evidence = 'https://intranet.interieur.gouv.fr/bilan-messagerie.pdf';
    given([decided])
      .when(reportProgress({ ministry: 'MI', value: 90, on: '2021-01-14', evidence }))
      .then([progressReported({ ministry: 'MI', value: 90, on: '2021-01-14', evidence })]);
  });

  it.each([
    ['javascript:alert(1)', 'a script address'],
    ['data:text/html,<b>x</b>', 'a data address'],
    ['https://user:secret@intranet.gouv.fr/x', 'credentials'],
    ['intranet/rapport.pdf', 'a relative address'],
    ['https://intranet.gouv.fr/a b', 'a space'],
    [`https://intranet.gouv.fr/${'x'.repeat(2000)}`, 'more than 2,000 characters'],
  ])('rejects an evidence link %s (%s), naming the field', (evidence) => {
    given([decided])
      .when(reportProgress({ ministry: 'MI', value: 90, on: '2021-01-14', evidence }))
      .thenThrows('COMMITMENT.INVALID', 'evidence');
  });

  it('accepts a report for today and after an earlier report', () => {
    given([decided, progressReported({ ministry: 'MI', value: 80, on: '2021-01-04' })])
      .when(reportProgress({ ministry: 'MI', value: 100, on: '2021-01-15' }))
      .then([progressReported({ ministry: 'MI', value: 100, on: '2021-01-15' })]);
  });

  it('rejects a report on a commitment that does not exist', () => {
    given([]).when(report).thenThrows('COMMITMENT.NOT_FOUND');
  });

  it('rejects a report on a withdrawn commitment', () => {
    given([decided, withdrawn]).when(report).thenThrows('COMMITMENT.ALREADY_WITHDRAWN');
  });

  it('rejects a report from a known ministry that is not assigned', () => {
    given([decided])
      .when(reportProgress({ ministry: 'MC', value: 90, on: '2021-01-14' }))
      .thenThrows('COMMITMENT.MINISTRY_NOT_ASSIGNED', 'ministry');
  });

  it('rejects a report from an unknown ministry code', () => {
    given([decided])
      .when(reportProgress({ ministry: 'MINEFI', value: 90, on: '2021-01-14' }))
      .thenThrows('COMMITMENT.UNKNOWN_MINISTRY', 'ministry');
  });

  it('rejects a report from an exempted ministry', () => {
    const exempted = ministryExempted({
      ministry: 'MI',
      reason: 'Messagerie déjà accessible à distance pour tous les agents',
      on: '2021-01-05',
    });
    given([decided, exempted]).when(report).thenThrows('COMMITMENT.MINISTRY_EXEMPTED', 'ministry');
  });

  it.each([150, -1, 100.01, NaN, Infinity])('rejects %p for a percentage', (value) => {
    const error = given([decided])
      .when(reportProgress({ ministry: 'MI', value, on: '2021-01-14' }))
      .thenThrows('COMMITMENT.VALUE_OUT_OF_RANGE', 'value');
    expect(error.message).toBe(`value ${value} is outside the metric's range [0, 100]`);
  });

  it('accepts only 0 or 1 for a boolean metric', () => {
    const boolean = commitmentDecided({
      metric: { kind: 'boolean', direction: 'increase', target: 1 },
    });
    given([boolean])
      .when(reportProgress({ ministry: 'MJ', value: 0.5, on: '2021-01-14' }))
      .thenThrows('COMMITMENT.VALUE_OUT_OF_RANGE', 'value');
    given([boolean])
      .when(reportProgress({ ministry: 'MJ', value: 1, on: '2021-01-14' }))
      .then([progressReported({ ministry: 'MJ', value: 1, on: '2021-01-14' })]);
  });

  it('rejects a report dated after today in Paris', () => {
    const error = given([decided])
      .when(reportProgress({ ministry: 'MI', value: 90, on: '2021-01-16' }))
      .thenThrows('COMMITMENT.DATE_IN_FUTURE', 'on');
    expect(error.message).toBe('on 2021-01-16 is after today (2021-01-15)');
  });

  it.each([
    // Summer time (UTC+2) since 28 March 2021.
    ['2021-03-31T21:59:59.999Z', '2021-04-01', 'DATE_IN_FUTURE'],
    ['2021-03-31T22:30:00Z', '2021-04-01', 'accepted'],
    ['2021-03-31T22:30:00Z', '2021-04-02', 'DATE_IN_FUTURE'],
    // Winter time (UTC+1).
    ['2021-01-31T22:59:00Z', '2021-02-01', 'DATE_IN_FUTURE'],
    ['2021-01-31T23:00:00Z', '2021-02-01', 'accepted'],
  ])('reads today from now=%s in Paris: on=%s is %s', (now, on, outcome) => {
    const when = given([decided]).when(reportProgress({ ministry: 'MI', value: 90, on }, now));
    if (outcome === 'accepted') when.then([progressReported({ ministry: 'MI', value: 90, on })]);
    else when.thenThrows(`COMMITMENT.${outcome}`, 'on');
  });

  it('rejects an impossible report date', () => {
    given([decided])
      .when(reportProgress({ ministry: 'MI', value: 90, on: '2021-02-29' }))
      .thenThrows('COMMITMENT.INVALID', 'on');
  });
});

describe('ExtendDeadline', () => {
  const reason = 'Déploiement des licences nomades retardé';
  const miToJune = deadlineExtended({
    ministry: 'MI',
    previousDeadline: '2021-03-31',
    deadline: '2021-06-30',
    reason,
    on: '2021-03-15',
  });
  const atApril = '2021-04-02T08:00:00.000Z';

  it('extends the deadline of every ministry, carrying the previous one', () => {
    given([decided])
      .when(extendDeadline({ deadline: '2021-06-30', reason, on: '2021-03-15' }, atApril))
      .then([
        deadlineExtended({
          previousDeadline: '2021-03-31',
          deadline: '2021-06-30',
          reason,
          on: '2021-03-15',
        }),
      ]);
  });

  it('extends the deadline of one ministry', () => {
    given([decided])
      .when(
        extendDeadline(
          { ministry: 'MI', deadline: '2021-06-30', reason, decisionRef: 'COSINUM 2021-03-11' },
          '2021-03-15T09:00:00.000Z',
        ),
      )
      .then([
        deadlineExtended({
          ministry: 'MI',
          previousDeadline: '2021-03-31',
          deadline: '2021-06-30',
          reason,
          decisionRef: 'COSINUM 2021-03-11',
          on: '2021-03-15',
        }),
      ]);
  });

  it("defaults `on` to today's date in Paris, past midnight there", () => {
    given([decided])
      .when(extendDeadline({ deadline: '2021-06-30', reason }, '2021-03-31T22:30:00Z'))
      .then([
        deadlineExtended({
          previousDeadline: '2021-03-31',
          deadline: '2021-06-30',
          reason,
          on: '2021-04-01',
        }),
      ]);
  });

  it.each(['2021-03-31', '2021-03-01', '2020-12-31'])(
    'rejects a deadline of %s, not later than 2021-03-31',
    (deadline) => {
      const error = given([decided])
        .when(extendDeadline({ deadline, reason }, atApril))
        .thenThrows('COMMITMENT.DEADLINE_NOT_LATER', 'deadline');
      expect(error.message).toBe(
        `The new deadline ${deadline} must be later than the current deadline 2021-03-31`,
      );
    },
  );

  it.each([
    ['MI', '2021-06-30', 'rejected'],
    ['MI', '2021-06-15', 'rejected'],
    ['MI', '2021-07-31', '2021-06-30'],
    ['MJ', '2021-04-30', '2021-03-31'],
    [undefined, '2021-04-30', '2021-03-31'],
  ])(
    'after MI was extended to 2021-06-30, %s to %s: previous deadline %s',
    (ministry, deadline, previous) => {
      const when = given([decided, miToJune]).when(
        extendDeadline({ ministry, deadline, reason, on: '2021-04-01' }, atApril),
      );
      if (previous === 'rejected') {
        const error = when.thenThrows('COMMITMENT.DEADLINE_NOT_LATER', 'deadline');
        expect(error.message).toContain('current deadline 2021-06-30');
      } else {
        when.then([
          deadlineExtended({
            ministry,
            previousDeadline: previous,
            deadline,
            reason,
            on: '2021-04-01',
          }),
        ]);
      }
    },
  );

  it('after every ministry was extended to 2021-06-30, one ministry needs later than that', () => {
    const allToJune = deadlineExtended({
      previousDeadline: '2021-03-31',
      deadline: '2021-06-30',
      reason,
      on: '2021-03-15',
    });
    given([decided, allToJune])
      .when(extendDeadline({ ministry: 'MJ', deadline: '2021-05-31', reason }, atApril))
      .thenThrows('COMMITMENT.DEADLINE_NOT_LATER', 'deadline');
    given([decided, allToJune])
      .when(extendDeadline({ ministry: 'MJ', deadline: '2021-09-30', reason }, atApril))
      .then([
        deadlineExtended({
          ministry: 'MJ',
          previousDeadline: '2021-06-30',
          deadline: '2021-09-30',
          reason,
          on: '2021-04-02',
        }),
      ]);
  });

  it('rejects an extension dated in the future', () => {
    given([decided])
      .when(extendDeadline({ deadline: '2021-06-30', reason, on: '2021-04-03' }, atApril))
      .thenThrows('COMMITMENT.DATE_IN_FUTURE', 'on');
  });

  it('rejects an impossible new deadline', () => {
    given([decided])
      .when(extendDeadline({ deadline: '2021-06-31', reason }, atApril))
      .thenThrows('COMMITMENT.INVALID', 'deadline');
  });

  it.each([
    ['MC', 'COMMITMENT.MINISTRY_NOT_ASSIGNED'],
    ['MINEFI', 'COMMITMENT.UNKNOWN_MINISTRY'],
  ])('rejects an extension for %s: %s', (ministry, code) => {
    given([decided])
      .when(extendDeadline({ ministry, deadline: '2021-06-30', reason }, atApril))
      .thenThrows(code, 'ministry');
  });

  it('rejects an extension for an exempted ministry', () => {
    const exempted = ministryExempted({
      ministry: 'MJ',
      reason: 'Hors périmètre',
      on: '2021-02-01',
    });
    given([decided, exempted])
      .when(extendDeadline({ ministry: 'MJ', deadline: '2021-06-30', reason }, atApril))
      .thenThrows('COMMITMENT.MINISTRY_EXEMPTED', 'ministry');
  });

  it('rejects an extension of a commitment that does not exist', () => {
    given([])
      .when(extendDeadline({ deadline: '2021-06-30', reason }, atApril))
      .thenThrows('COMMITMENT.NOT_FOUND');
  });
});

describe('ReviseTarget', () => {
  const reason = 'Objectif ramené à 95 % : agents sans poste informatique';

  it('revises the target, carrying the previous one and dating it today in Paris', () => {
    given([decided])
      .when(reviseTarget({ target: 95, reason }))
      .then([targetRevised({ previousTarget: 100, target: 95, reason, on: '2021-01-15' })]);
  });

  it('compares with the latest revision', () => {
    const revised = targetRevised({ previousTarget: 100, target: 95, reason, on: '2021-01-10' });
    given([decided, revised])
      .when(reviseTarget({ target: 95, reason }))
      .thenThrows('COMMITMENT.TARGET_UNCHANGED', 'target');
    given([decided, revised])
      .when(reviseTarget({ target: 100, reason: 'Retour à 100 %', on: '2021-01-12' }))
      .then([
        targetRevised({
          previousTarget: 95,
          target: 100,
          reason: 'Retour à 100 %',
          on: '2021-01-12',
        }),
      ]);
  });

  it('compares with the revision in force, the latest by business date, not by recording', () => {
    const lowered = targetRevised({ previousTarget: 100, target: 90, reason, on: '2021-01-12' });
    // Recorded afterwards, but it takes effect before `lowered`: 90 is the target in force.
    const backDated = targetRevised({ previousTarget: 90, target: 95, reason, on: '2021-01-05' });
    given([decided, lowered, backDated])
      .when(reviseTarget({ target: 90, reason }))
      .thenThrows('COMMITMENT.TARGET_UNCHANGED', 'target');
    given([decided, lowered, backDated])
      .when(reviseTarget({ target: 95, reason }))
      .then([targetRevised({ previousTarget: 90, target: 95, reason, on: '2021-01-15' })]);
  });

  it('rejects the current target', () => {
    const error = given([decided])
      .when(reviseTarget({ target: 100, reason }))
      .thenThrows('COMMITMENT.TARGET_UNCHANGED', 'target');
    expect(error.message).toBe('The target is already 100');
  });

  it.each([101, -1, NaN])('rejects a target of %p for a percentage', (target) => {
    given([decided])
      .when(reviseTarget({ target, reason }))
      .thenThrows('COMMITMENT.VALUE_OUT_OF_RANGE', 'target');
  });

  it('rejects a revision dated in the future', () => {
    given([decided])
      .when(reviseTarget({ target: 95, reason, on: '2021-01-16' }))
      .thenThrows('COMMITMENT.DATE_IN_FUTURE', 'on');
  });

  it('rejects a revision of a commitment that does not exist', () => {
    given([])
      .when(reviseTarget({ target: 95, reason }))
      .thenThrows('COMMITMENT.NOT_FOUND');
  });
});

describe('ExemptMinistry', () => {
  const reason = 'Messagerie déjà accessible à distance pour tous les agents';

  it('exempts an assigned ministry', () => {
    given([decided])
      .when(exemptMinistry({ ministry: 'MEFR', reason, decisionRef: 'COSINUM 2021-01-14' }))
      .then([
        ministryExempted({
          ministry: 'MEFR',
          reason,
          decisionRef: 'COSINUM 2021-01-14',
          on: '2021-01-15',
        }),
      ]);
  });

  it('rejects exempting a ministry twice', () => {
    const exempted = ministryExempted({ ministry: 'MEFR', reason, on: '2021-01-05' });
    const error = given([decided, exempted])
      .when(exemptMinistry({ ministry: 'MEFR', reason }))
      .thenThrows('COMMITMENT.ALREADY_EXEMPTED', 'ministry');
    expect(error.kind).toBe('conflict');
  });

  it.each([
    ['MC', 'COMMITMENT.MINISTRY_NOT_ASSIGNED'],
    ['DGFIP', 'COMMITMENT.UNKNOWN_MINISTRY'],
  ])('rejects exempting %s: %s', (ministry, code) => {
    given([decided]).when(exemptMinistry({ ministry, reason })).thenThrows(code, 'ministry');
  });

  it('rejects an exemption dated in the future', () => {
    given([decided])
      .when(exemptMinistry({ ministry: 'MEFR', reason, on: '2021-02-01' }))
      .thenThrows('COMMITMENT.DATE_IN_FUTURE', 'on');
  });
});

describe('WithdrawCommitment', () => {
  const reason = 'Remplacé par la décision du COSINUM du 11 février 2021';

  it('withdraws a live commitment', () => {
    given([decided, progressReported({ ministry: 'MI', value: 80, on: '2021-01-04' })])
      .when(withdrawCommitment({ reason, on: '2021-01-14' }))
      .then([commitmentWithdrawn({ reason, on: '2021-01-14' })]);
  });

  it('dates the withdrawal today in Paris by default', () => {
    given([decided])
      .when(withdrawCommitment({ reason }, '2021-02-11T23:15:00Z'))
      .then([commitmentWithdrawn({ reason, on: '2021-02-12' })]);
  });

  it('rejects withdrawing a commitment that does not exist', () => {
    given([]).when(withdrawCommitment({ reason })).thenThrows('COMMITMENT.NOT_FOUND');
  });

  const after = '2021-03-01T09:00:00.000Z';
  it.each<[string, CommitmentCommand]>([
    ['ReportProgress', reportProgress({ ministry: 'MI', value: 100, on: '2021-02-20' }, after)],
    ['ExtendDeadline', extendDeadline({ deadline: '2021-06-30', reason: 'Report' }, after)],
    [
      'ExtendDeadline for one ministry',
      extendDeadline({ ministry: 'MJ', deadline: '2021-06-30', reason: 'Report' }, after),
    ],
    ['ReviseTarget', reviseTarget({ target: 90, reason: 'Révision' }, after)],
    ['ExemptMinistry', exemptMinistry({ ministry: 'MJ', reason: 'Hors périmètre' }, after)],
    ['WithdrawCommitment twice', withdrawCommitment({ reason: 'Doublon' }, after)],
  ])('then rejects %s as already withdrawn', (_name, command) => {
    const error = given([decided, withdrawn])
      .when(command)
      .thenThrows('COMMITMENT.ALREADY_WITHDRAWN');
    expect(error.message).toBe(
      `Commitment ${EMAIL_COMMITMENT_ID} has been withdrawn: it accepts no further change`,
    );
  });

  it('then rejects a new decision on the same stream as already existing', () => {
    given([decided, withdrawn])
      .when(decideCommitment({}, NOW))
      .thenThrows('COMMITMENT.ALREADY_EXISTS');
  });
});

describe('DecideCommitment with a cadence and milestones', () => {
  const milestones = [
    { on: '2021-02-28', target: 90, label: 'Point de passage' },
    { on: '2021-01-31', target: 80 },
  ];

  it('records the cadence given, and the milestones in date order', () => {
    given([])
      .when(decideCommitment({ reporting: { every: 'quarter', delayDays: 20 }, milestones }))
      .then([
        commitmentDecided({
          reporting: { every: 'quarter', delayDays: 20 },
          milestones: [milestones[1], milestones[0]],
        }),
      ]);
  });

  it('a yes/no action is expected to report nothing on a schedule unless said otherwise', () => {
    const metric: Metric = { kind: 'boolean', direction: 'increase', target: 1 };
    given([])
      .when(decideCommitment({ metric }))
      .then([commitmentDecided({ metric, reporting: { every: 'none' } })]);
    given([])
      .when(decideCommitment({ metric, reporting: { every: 'month' } }))
      .then([commitmentDecided({ metric, reporting: { every: 'month' } })]);
  });

  it.each([
    [{ every: 'fortnight' }, 'reporting.every'],
    [{ every: 'month', delayDays: -1 }, 'reporting.delayDays'],
    [{ every: 'month', delayDays: 2.5 }, 'reporting.delayDays'],
    [{ every: 'month', delayDays: 367 }, 'reporting.delayDays'],
    [{ every: 'none', delayDays: 10 }, 'reporting.delayDays'],
  ])('refuses the cadence %j (%s)', (reporting, field) => {
    given([])
      .when(decideCommitment({ reporting: reporting as never }))
      .thenThrows('COMMITMENT.INVALID', field);
  });

  it.each([
    [[{ on: '2020-11-30', target: 80 }], 'COMMITMENT.DATE_TOO_EARLY', 'milestones[0].on'],
    [[{ on: '2021-04-01', target: 80 }], 'COMMITMENT.INVALID', 'milestones[0].on'],
    [[{ on: '2021-02-30', target: 80 }], 'COMMITMENT.INVALID', 'milestones[0].on'],
    [[{ on: '2021-02-01', target: 180 }], 'COMMITMENT.VALUE_OUT_OF_RANGE', 'milestones[0].target'],
    [
      [
        { on: '2021-02-01', target: 80 },
        { on: '2021-02-01', target: 85 },
      ],
      'COMMITMENT.INVALID',
      'milestones[1].on',
    ],
    [
      [{ on: '2021-02-01', target: 80, label: 'a\u202eb' }],
      'COMMITMENT.INVALID',
      'milestones[0].label',
    ],
  ])('refuses the milestones %j', (given_, code, field) => {
    given([])
      .when(decideCommitment({ milestones: given_ }))
      .thenThrows(code, field);
  });

  it('refuses a milestone on a yes/no action: its steps are counted instead', () => {
    const metric: Metric = { kind: 'boolean', direction: 'increase', target: 1 };
    const error = given([])
      .when(decideCommitment({ metric, milestones: [{ on: '2021-02-01', target: 1 }] }))
      .thenThrows('COMMITMENT.INVALID', 'milestones[0]');
    expect(error.message).toContain('count its steps');
  });
});

describe('ChangeReporting', () => {
  it('records the new cadence with the one it replaces, from today by default', () => {
    given([decided])
      .when(changeReporting({ reporting: { every: 'quarter' }, reason: 'Indicateur trimestriel' }))
      .then([
        reportingChanged({
          reporting: { every: 'quarter' },
          previousReporting: { every: 'month' },
          reason: 'Indicateur trimestriel',
          on: '2021-01-15',
        }),
      ]);
  });

  it('compares with the cadence in force, not the decision one', () => {
    const toQuarter = reportingChanged({
      reporting: { every: 'quarter' },
      previousReporting: { every: 'month' },
      on: '2021-01-10',
    });
    given([decided, toQuarter])
      .when(changeReporting({ reporting: { every: 'quarter' } }))
      .thenThrows('COMMITMENT.REPORTING_UNCHANGED', 'reporting');
    given([decided, toQuarter])
      .when(changeReporting({ reporting: { every: 'quarter', delayDays: 30 }, on: '2021-01-12' }))
      .then([
        reportingChanged({
          reporting: { every: 'quarter', delayDays: 30 },
          previousReporting: { every: 'quarter' },
          on: '2021-01-12',
        }),
      ]);
  });

  it('refuses a bad cadence, a withdrawn commitment, a future date', () => {
    given([decided])
      .when(changeReporting({ reporting: { every: 'daily' as never } }))
      .thenThrows('COMMITMENT.INVALID', 'reporting.every');
    given([decided, withdrawn])
      .when(changeReporting({ reporting: { every: 'year' } }))
      .thenThrows('COMMITMENT.ALREADY_WITHDRAWN');
    given([decided])
      .when(changeReporting({ reporting: { every: 'year' }, on: '2021-01-16' }))
      .thenThrows('COMMITMENT.DATE_IN_FUTURE', 'on');
  });
});

describe('AddMilestone', () => {
  it('records the milestone and the day it was set', () => {
    given([decided])
      .when(addMilestone({ milestone: { on: '2021-02-28', target: 90, label: 'Février' } }))
      .then([
        milestoneAdded({
          milestone: { on: '2021-02-28', target: 90, label: 'Février' },
          on: '2021-01-15',
        }),
      ]);
  });

  it('one milestone a day, those of the decision included', () => {
    const withOne = commitmentDecided({ milestones: [{ on: '2021-02-28', target: 90 }] });
    given([withOne])
      .when(addMilestone({ milestone: { on: '2021-02-28', target: 95 } }))
      .thenThrows('COMMITMENT.MILESTONE_EXISTS', 'milestone.on');
    given([
      decided,
      milestoneAdded({ milestone: { on: '2021-03-01', target: 95 }, on: '2021-01-10' }),
    ])
      .when(addMilestone({ milestone: { on: '2021-03-01', target: 96 } }))
      .thenThrows('COMMITMENT.MILESTONE_EXISTS', 'milestone.on');
  });

  it('a milestone comes before the deadline in force, after the decision, within range', () => {
    given([decided])
      .when(addMilestone({ milestone: { on: '2021-04-15', target: 90 } }))
      .thenThrows('COMMITMENT.INVALID', 'milestone.on');
    const extended = deadlineExtended({
      previousDeadline: '2021-03-31',
      deadline: '2021-06-30',
      reason: 'Report',
      on: '2021-01-05',
    });
    given([decided, extended])
      .when(addMilestone({ milestone: { on: '2021-04-15', target: 90 } }))
      .then([milestoneAdded({ milestone: { on: '2021-04-15', target: 90 }, on: '2021-01-15' })]);
    given([decided])
      .when(addMilestone({ milestone: { on: '2020-12-01', target: 90 } }))
      .thenThrows('COMMITMENT.DATE_TOO_EARLY', 'milestone.on');
    given([decided])
      .when(addMilestone({ milestone: { on: '2021-02-01', target: -1 } }))
      .thenThrows('COMMITMENT.VALUE_OUT_OF_RANGE', 'milestone.target');
  });
});

describe('Codes known from the organisation chart (metadata.organisations)', () => {
  const withChart = <C extends CommitmentCommand>(command: C, codes: string[]): C =>
    ({ ...command, metadata: { ...command.metadata, organisations: new Set(codes) } }) as C;

  it('accepts a code the chart created, absent from the static list', () => {
    given([])
      .when(withChart(decideCommitment({ ministries: ['MI', 'MTES2022'] }), ['MI', 'MTES2022']))
      .then([decisionOf({ ministries: ['MI', 'MTES2022'] })]);
  });

  it('refuses a code the chart does not know, at its index', () => {
    given([])
      .when(withChart(decideCommitment({ ministries: ['MI', 'MTES2022'] }), ['MI']))
      .thenThrows('COMMITMENT.UNKNOWN_MINISTRY', 'ministries[1]');
  });

  it('refuses a static code when the caller passes a chart without it', () => {
    given([])
      .when(withChart(decideCommitment({ ministries: ['MI'] }), ['MTES2022']))
      .thenThrows('COMMITMENT.UNKNOWN_MINISTRY', 'ministries[0]');
  });

  it('reports from a chart code assigned to the commitment', () => {
    const decidedForNew = decisionOf({ ministries: ['MTES2022'] });
    given([decidedForNew])
      .when(
        withChart(reportProgress({ ministry: 'MTES2022', value: 90, on: '2021-01-14' }), [
          'MTES2022',
        ]),
      )
      .then([progressReported({ ministry: 'MTES2022', value: 90, on: '2021-01-14' })]);
  });

  it('without the chart, a code outside the static list is still refused', () => {
    given([decisionOf({ ministries: ['MI'] })])
      .when(reportProgress({ ministry: 'MTES2022', value: 90, on: '2021-01-14' }))
      .thenThrows('COMMITMENT.UNKNOWN_MINISTRY', 'ministry');
  });

  it('"every ministry" holds a ministry created since: it may report; an explicit list does not', () => {
    const forAll = decisionOf({ ministries: ['MI', 'MJ'], allMinistries: true });
    const report = reportProgress({ ministry: 'MTEN', value: 40, on: '2021-01-14' });
    given([forAll])
      .when(withChart(report, ['MI', 'MJ', 'MTEN']))
      .then([progressReported({ ministry: 'MTEN', value: 40, on: '2021-01-14' })]);
    given([decisionOf({ ministries: ['MI', 'MJ'] })])
      .when(withChart(report, ['MI', 'MJ', 'MTEN']))
      .thenThrows('COMMITMENT.MINISTRY_NOT_ASSIGNED', 'ministry');
    // An operator of the reference list is never "a ministry".
    given([forAll])
      .when(
        withChart(reportProgress({ ministry: 'CNAM', value: 40, on: '2021-01-14' }), [
          'MI',
          'CNAM',
        ]),
      )
      .thenThrows('COMMITMENT.MINISTRY_NOT_ASSIGNED', 'ministry');
  });
});
