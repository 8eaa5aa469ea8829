import {
  eventCount,
  expectProblem,
  KEYS,
  as,
  startTestApp,
  type TestApp,
} from './support/test-app';

/**
 * Reporting cadences, milestones and progress rates, through real HTTP on the real app. The
 * clock starts on 2021-02-02 (Paris); a test that moves it puts it back.
 */

const NOW = '2021-02-02T09:00:00.000Z';
const NNBSP = '\u202f';

type Item = {
  commitmentId: string;
  ministry: string;
  state: string;
  reasons: { code: string; message: string }[];
  [key: string]: unknown;
};
const codesOf = (item: Item): string[] => item.reasons.map((r) => r.code);

/** Decided on 3 December 2020, due at the end of 2021: far from its deadline all spring. */
const decision = (externalId: string, overrides: Record<string, unknown> = {}) => ({
  externalId,
  title: `Engagement ${externalId}`,
  description: `Description de ${externalId}`,
  source: { document: 'releve-2020-12-03.txt', section: 'Fiche 03', decidedOn: '2020-12-03' },
  metric: {
    kind: 'percentage',
    unit: '% des agents',
    direction: 'increase',
    target: 100,
    baseline: { value: 70, on: '2020-11-01' },
  },
  deadline: '2021-12-31',
  ministries: ['MI', 'MJ', 'MTFP'],
  ...overrides,
});

describe('cadences, milestones and progress rates over HTTP', () => {
  let t: TestApp;

  const create = async (body: Record<string, unknown>): Promise<string> => {
    const response = await t.request('POST', '/api/commitments', body);
    expect(response.status).toBe(201);
    return response.body.id as string;
  };
  const report = async (id: string, ministry: string, value: number, on: string) => {
    const response = await t.request('POST', `/api/commitments/${id}/progress`, {
      ministry,
      value,
      on,
    });
    expect(response.status).toBe(201);
  };
  /** The item of one ministry on one commitment, on the board of `query`. */
  const itemOn = async (id: string, ministry: string, query: string): Promise<Item> => {
    const response = await t.request('GET', `/api/status?ministry=${ministry}&${query}`);
    expect(response.status).toBe(200);
    const found = (response.body.items as Item[]).find((i) => i.commitmentId === id);
    if (!found) throw new Error(`no item of ${id} for ${ministry} on ${query}`);
    return found;
  };

  beforeAll(async () => {
    t = await startTestApp({ now: NOW });
  });
  afterAll(async () => {
    await t?.dispose();
  });
  afterEach(() => t.clock.set(NOW));

  describe('reporting cadence', () => {
    let monthly: string;
    beforeAll(async () => {
      monthly = await create(decision('cadence-mensuelle'));
      await report(monthly, 'MI', 80, '2021-01-15');
    });

    it('gives a measured commitment a monthly cadence and a yes/no action none by default', async () => {
      const item = await itemOn(monthly, 'MI', 'asOf=2021-02-02');
      expect(item).toMatchObject({
        state: 'on_track',
        reporting: { every: 'month' },
        upToDate: true,
        // January's value was given: February's is due 15 days after February ends.
        nextReportDue: '2021-03-15',
      });
      const action = await create(
        decision('action-oui-non', {
          metric: { kind: 'boolean', direction: 'increase', target: 1 },
        }),
      );
      const silent = await itemOn(action, 'MI', 'asOf=2021-11-30');
      expect(silent).toMatchObject({ reporting: { every: 'none' }, upToDate: true });
      expect(silent).not.toHaveProperty('nextReportDue');
      expect(codesOf(silent)).not.toContain('STALE');
      expect(codesOf(silent)).toContain('NO_REPORT');
      expect(silent.reasons.find((r) => r.code === 'NO_REPORT')?.message).toBe(
        'Aucune déclaration de réalisation.',
      );
    });

    it('is at risk STALE only once the period after the latest value has ended and its delay passed', async () => {
      const lastDay = await itemOn(monthly, 'MI', 'asOf=2021-03-15');
      expect(lastDay).toMatchObject({ state: 'on_track', upToDate: true });
      expect(codesOf(lastDay)).not.toContain('STALE');
      const dayAfter = await itemOn(monthly, 'MI', 'asOf=2021-03-16');
      expect(dayAfter).toMatchObject({
        state: 'at_risk',
        upToDate: false,
        nextReportDue: '2021-03-15',
      });
      expect(codesOf(dayAfter)[0]).toBe('STALE');
      expect(dayAfter.reasons[0].message).toBe(
        `La valeur pour février 2021 était attendue au plus tard le 15/03/2021${NNBSP}: une valeur est attendue chaque mois, la dernière date du 15/01/2021.`,
      );
      // A commitment's own delay replaces the rule set's.
      const patient = await create(
        decision('cadence-mensuelle-delai', { reporting: { every: 'month', delayDays: 30 } }),
      );
      await report(patient, 'MI', 80, '2021-01-15');
      expect(await itemOn(patient, 'MI', 'asOf=2021-03-16')).toMatchObject({
        state: 'on_track',
        reporting: { every: 'month', delayDays: 30 },
        upToDate: true,
        nextReportDue: '2021-03-30',
      });
      expect((await itemOn(patient, 'MI', 'asOf=2021-03-31')).state).toBe('at_risk');
    });

    it('changes the cadence from the date the change names (POST …/reporting), as known from then', async () => {
      const before = await eventCount(t);
      t.clock.set('2021-03-20T09:00:00Z');
      const changed = await t.request('POST', `/api/commitments/${monthly}/reporting`, {
        every: 'quarter',
        reason: 'Indicateur consolidé chaque trimestre',
        decisionRef: 'COSINUM-2021-03-20',
        on: '2021-03-18',
      });
      expect(changed.status).toBe(201);
      expect(changed.body).toMatchObject({ id: monthly, events: ['ReportingChanged'] });
      expect(await eventCount(t)).toBe(before + 1);

      // Before its date, the monthly cadence still holds: 16 March stays stale...
      const sixteenth = await itemOn(monthly, 'MI', 'asOf=2021-03-16');
      expect(sixteenth).toMatchObject({ state: 'at_risk', reporting: { every: 'month' } });
      expect(codesOf(sixteenth)).toContain('STALE');
      // ...and from it, the next value expected is the 2nd quarter's, due on 15 July.
      const after = await itemOn(monthly, 'MI', 'asOf=2021-03-20');
      expect(after).toMatchObject({
        state: 'on_track',
        reporting: { every: 'quarter' },
        upToDate: true,
        nextReportDue: '2021-07-15',
      });
      // As known before the change was recorded, the board of 20 March said stale.
      const asKnown = await itemOn(monthly, 'MI', 'asOf=2021-03-20&knownAt=2021-03-19');
      expect(asKnown).toMatchObject({ state: 'at_risk', reporting: { every: 'month' } });

      const history = await t.request('GET', `/api/commitments/${monthly}/history`);
      const last = history.body.items[history.body.items.length - 1];
      expect(last).toMatchObject({
        type: 'ReportingChanged',
        data: {
          commitmentId: monthly,
          previousReporting: { every: 'month' },
          reporting: { every: 'quarter' },
          reason: 'Indicateur consolidé chaque trimestre',
          on: '2021-03-18',
        },
      });
    });

    it('never calls an item stale whose cadence is none', async () => {
      t.clock.set('2021-03-21T09:00:00Z');
      const none = await t.request('POST', `/api/commitments/${monthly}/reporting`, {
        every: 'none',
        on: '2021-03-21',
      });
      expect(none.status).toBe(201);
      for (const asOf of ['2021-06-01', '2021-09-30', '2021-12-15']) {
        const item = await itemOn(monthly, 'MI', `asOf=${asOf}`);
        expect(item).toMatchObject({ reporting: { every: 'none' }, upToDate: true });
        expect(item).not.toHaveProperty('nextReportDue');
        expect(codesOf(item)).not.toContain('STALE');
      }
      // The same cadence again is refused, and writes nothing.
      const before = await eventCount(t);
      const again = await t.request('POST', `/api/commitments/${monthly}/reporting`, {
        every: 'none',
      });
      expectProblem(again, 422, 'COMMITMENT.REPORTING_UNCHANGED', 'every');
      expect(await eventCount(t)).toBe(before);
    });

    it('refuses a bad cadence, naming the field, and writes nothing', async () => {
      const before = await eventCount(t);
      const post = (body: unknown) =>
        t.request('POST', `/api/commitments/${monthly}/reporting`, body);
      expectProblem(await post({ every: 'fortnight' }), 400, 'REQUEST.INVALID', 'every');
      expectProblem(await post({}), 400, 'REQUEST.INVALID', 'every');
      expectProblem(
        await post({ every: 'month', delayDays: 400 }),
        400,
        'REQUEST.INVALID',
        'delayDays',
      );
      expectProblem(
        await post({ every: 'month', delayDays: 2.5 }),
        400,
        'REQUEST.INVALID',
        'delayDays',
      );
      expectProblem(
        await post({ every: 'none', delayDays: 5 }),
        400,
        'COMMITMENT.INVALID',
        'delayDays',
      );
      expectProblem(await post({ every: 'month', on: '2021-02-30' }), 400, 'REQUEST.INVALID', 'on');
      expectProblem(
        await post({ every: 'month', reason: 'x\u202eevil' }),
        400,
        'REQUEST.INVALID',
        'reason',
      );
      expectProblem(
        await post({ every: 'month', reporting: { every: 'month' } }),
        400,
        'REQUEST.INVALID',
        'reporting',
      );
      // A ministry does not decide cadences.
      expectProblem(
        await t.request(
          'POST',
          `/api/commitments/${monthly}/reporting`,
          { every: 'month' },
          as(KEYS.MI),
        ),
        403,
        'AUTH.FORBIDDEN',
      );
      expect(await eventCount(t)).toBe(before);
    });

    it('refuses a bad cadence on a decision, naming the nested field, and writes nothing', async () => {
      const before = await eventCount(t);
      const post = (overrides: Record<string, unknown>) =>
        t.request('POST', '/api/commitments', decision('cadence-refusee', overrides));
      expectProblem(
        await post({ reporting: { every: 'daily' } }),
        400,
        'REQUEST.INVALID',
        'reporting.every',
      );
      expectProblem(
        await post({ reporting: { every: 'month', delayDays: -1 } }),
        400,
        'REQUEST.INVALID',
        'reporting.delayDays',
      );
      expectProblem(
        await post({ reporting: { every: 'none', delayDays: 3 } }),
        400,
        'COMMITMENT.INVALID',
        'reporting.delayDays',
      );
      expectProblem(await post({ reporting: 'monthly' }), 400, 'REQUEST.INVALID', 'reporting');
      expect(await eventCount(t)).toBe(before);
    });
  });

  describe('milestones', () => {
    let id: string;
    beforeAll(async () => {
      id = await create(
        decision('jalons', {
          milestones: [{ on: '2021-01-31', target: 80, label: 'Fin janvier' }],
          ministries: ['MI', 'MJ', 'MTFP', 'MSS'],
        }),
      );
      await report(id, 'MI', 79, '2021-01-25');
      await report(id, 'MJ', 85, '2021-01-10');
      await report(id, 'MTFP', 100, '2021-01-29');
    });

    it('lists the milestones decided with the commitment, with their states', async () => {
      const mj = await itemOn(id, 'MJ', 'asOf=2021-02-02');
      expect(mj.milestones).toEqual([
        { on: '2021-01-31', target: 80, label: 'Fin janvier', state: 'met', metOn: '2021-01-10' },
      ]);
      expect(mj.state).toBe('on_track');
      const before = await itemOn(id, 'MI', 'asOf=2021-01-30');
      expect(before.milestones).toEqual([
        { on: '2021-01-31', target: 80, label: 'Fin janvier', state: 'upcoming' },
      ]);
    });

    it('makes an otherwise on-track item at risk when its latest milestone was missed (MILESTONE_MISSED)', async () => {
      const mi = await itemOn(id, 'MI', 'asOf=2021-02-02');
      expect(mi.state).toBe('at_risk');
      expect(mi.milestones).toEqual([
        { on: '2021-01-31', target: 80, label: 'Fin janvier', state: 'missed' },
      ]);
      // The milestone is its only risk: up to date, on course for the deadline.
      expect(mi.reasons.map((r) => r.code).filter((c) => c !== 'TARGET_NOT_REACHED')).toEqual([
        'MILESTONE_MISSED',
      ]);
      expect(mi.upToDate).toBe(true);
      expect(mi.reasons[0].message).toBe(
        `Jalon du 31/01/2021 («${NNBSP}Fin janvier${NNBSP}») manqué${NNBSP}: 80${NNBSP}% attendu, 79${NNBSP}% déclaré au 25/01/2021.`,
      );
      // Silence is not failure: MSS, which declared nothing, has missed the milestone too, but
      // only NO_REPORT and its cadence say so.
      const mss = await itemOn(id, 'MSS', 'asOf=2021-02-02');
      expect(mss.milestones).toEqual([
        { on: '2021-01-31', target: 80, label: 'Fin janvier', state: 'missed' },
      ]);
      expect(codesOf(mss)).toEqual(['STALE', 'NO_REPORT']);
      // Reaching the milestone's target later lifts the risk.
      await report(id, 'MI', 81, '2021-02-01');
      const caughtUp = await itemOn(id, 'MI', 'asOf=2021-02-02');
      expect(caughtUp.state).toBe('on_track');
      expect(caughtUp.milestones).toEqual([
        { on: '2021-01-31', target: 80, label: 'Fin janvier', state: 'missed' },
      ]);
    });

    it('adds a milestone later (POST …/milestones), as known from then, and refuses a second on the same day', async () => {
      const before = await eventCount(t);
      t.clock.set('2021-02-10T09:00:00Z');
      const added = await t.request('POST', `/api/commitments/${id}/milestones`, {
        on: '2021-06-30',
        target: 90,
        label: 'Fin juin',
        reason: 'Trajectoire arrêtée en comité',
      });
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({ id, events: ['MilestoneAdded'] });
      expect(await eventCount(t)).toBe(before + 1);
      const mj = await itemOn(id, 'MJ', 'asOf=2021-02-12');
      expect(mj.milestones).toEqual([
        { on: '2021-01-31', target: 80, label: 'Fin janvier', state: 'met', metOn: '2021-01-10' },
        { on: '2021-06-30', target: 90, label: 'Fin juin', state: 'upcoming' },
      ]);
      // The forecast explains itself against the next milestone.
      expect(codesOf(mj)).toEqual(expect.arrayContaining(['MILESTONE_FORECAST']));
      // As known before it was recorded, it was not there.
      const earlier = await itemOn(id, 'MJ', 'asOf=2021-02-12&knownAt=2021-02-05');
      expect(earlier.milestones).toHaveLength(1);

      const same = await t.request('POST', `/api/commitments/${id}/milestones`, {
        on: '2021-06-30',
        target: 95,
      });
      expectProblem(same, 409, 'COMMITMENT.MILESTONE_EXISTS', 'on');
      expect(await eventCount(t)).toBe(before + 1);
    });

    it('refuses a bad milestone, naming the field, and writes nothing', async () => {
      const before = await eventCount(t);
      const post = (body: unknown) => t.request('POST', `/api/commitments/${id}/milestones`, body);
      expectProblem(await post({ target: 90 }), 400, 'REQUEST.INVALID', 'on');
      expectProblem(await post({ on: '2021-07-31' }), 400, 'REQUEST.INVALID', 'target');
      expectProblem(await post({ on: '2022-03-31', target: 90 }), 400, 'COMMITMENT.INVALID', 'on');
      expectProblem(await post({ on: '2021-07-31', target: 150 }), 400, undefined, 'target');
      expectProblem(
        await post({ on: '2021-07-31', target: 90, label: 'a\nb' }),
        400,
        'REQUEST.INVALID',
        'label',
      );
      const action = await create(
        decision('jalon-oui-non', {
          metric: { kind: 'boolean', direction: 'increase', target: 1 },
        }),
      );
      const afterAction = await eventCount(t);
      expectProblem(
        await t.request('POST', `/api/commitments/${action}/milestones`, {
          on: '2021-07-31',
          target: 1,
        }),
        400,
        'COMMITMENT.INVALID',
        'target',
      );
      expect(await eventCount(t)).toBe(afterAction);
      expect(afterAction).toBe(before + 1);
    });

    it('refuses bad milestones on a decision, naming the element and field', async () => {
      const before = await eventCount(t);
      const post = (milestones: unknown) =>
        t.request('POST', '/api/commitments', decision('jalons-refuses', { milestones }));
      expectProblem(
        await post([{ on: '2021-13-01', target: 80 }]),
        400,
        'REQUEST.INVALID',
        'milestones[0].on',
      );
      expectProblem(
        await post([
          { on: '2021-03-31', target: 80 },
          { on: '2021-04-30', target: 'beaucoup' },
        ]),
        400,
        'REQUEST.INVALID',
        'milestones[1].target',
      );
      expectProblem(
        await post([{ on: '2020-11-30', target: 80 }]),
        400,
        undefined,
        'milestones[0].on',
      );
      expectProblem(
        await post([
          { on: '2021-03-31', target: 80 },
          { on: '2021-03-31', target: 85 },
        ]),
        400,
        'COMMITMENT.INVALID',
        'milestones[1].on',
      );
      expectProblem(await post({ on: '2021-03-31' }), 400, 'REQUEST.INVALID', 'milestones');
      expect(await eventCount(t)).toBe(before);
    });
  });

  describe('progress rates and roll-ups', () => {
    let id: string;
    beforeAll(async () => {
      id = await create(decision('taux', { ministries: ['MI', 'MJ', 'MTFP', 'MC'] }));
      // From the baseline (70) to the target (100).
      await report(id, 'MI', 79, '2021-01-25'); // 30
      await report(id, 'MJ', 85, '2021-01-10'); // 50
      await report(id, 'MTFP', 100, '2021-01-29'); // 100, met
      // MC declares nothing.
    });

    it('gives each item its progress rate from the baseline to the target, null without a value', async () => {
      const rates = Object.fromEntries(
        await Promise.all(
          ['MI', 'MJ', 'MTFP', 'MC'].map(async (m) => [
            m,
            (await itemOn(id, m, 'asOf=2021-02-02')).progressRate,
          ]),
        ),
      );
      expect(rates).toEqual({ MI: 30, MJ: 50, MTFP: 100, MC: null });
      // A decrease metric counts the other way; without a baseline, from the first value.
      const fewer = await create(
        decision('taux-baisse', {
          metric: { kind: 'count', unit: 'incidents', direction: 'decrease', target: 10 },
          ministries: ['MI'],
        }),
      );
      await report(fewer, 'MI', 50, '2020-12-15');
      expect((await itemOn(fewer, 'MI', 'asOf=2021-01-01')).progressRate).toBe(0);
      await report(fewer, 'MI', 40, '2021-01-15');
      expect((await itemOn(fewer, 'MI', 'asOf=2021-02-02')).progressRate).toBe(25);
    });

    it('rolls a commitment up: share met, mean rate, ministries without a value, who holds it back, worst first', async () => {
      const view = await t.request('GET', `/api/commitments/${id}?asOf=2021-02-02`);
      expect(view.status).toBe(200);
      expect(view.body.rules).toEqual({ id: 'R1', effectiveFrom: '2021-02-02', initial: true });
      // MC has declared nothing since the decision: December's value is past due.
      expect(view.body.rollup).toMatchObject({
        state: 'at_risk',
        metShare: 25,
        meanProgressRate: 60,
        noReport: 1,
        holdingBack: [
          { ministry: 'MC', state: 'at_risk', progressRate: null },
          { ministry: 'MI', state: 'on_track', progressRate: 30 },
          { ministry: 'MJ', state: 'on_track', progressRate: 50 },
        ],
        notMet: ['MC', 'MI', 'MJ'],
      });
    });

    it("gives each ministry's board its counts, silent items and mean rate", async () => {
      const board = await t.request('GET', '/api/ministries/MC/status?asOf=2021-02-02');
      expect(board.status).toBe(200);
      expect(board.body.ministry.code).toBe('MC');
      expect(board.body.rules).toEqual({ id: 'R1', effectiveFrom: '2021-02-02', initial: true });
      const items = board.body.items as Item[];
      expect(items.map((i) => [i.commitmentId, i.state, i.latestValue])).toEqual([
        [id, 'at_risk', null],
      ]);
      expect(codesOf(items[0])).toEqual(['STALE', 'NO_REPORT']);
      expect(board.body.counts).toMatchObject({ at_risk: 1, on_track: 0 });
      expect(board.body.noReport).toMatchObject({ at_risk: 1, on_track: 0 });
      expect(board.body.meanProgressRate).toBeNull();
      const mtfp = await t.request('GET', '/api/ministries/MTFP/status?asOf=2021-02-02');
      const rates = (mtfp.body.items as Item[])
        .map((i) => i.progressRate as number | null)
        .filter((r): r is number => r !== null);
      expect(mtfp.body.meanProgressRate).toBe(
        Math.round((rates.reduce((a, b) => a + b, 0) / rates.length) * 10) / 10,
      );
    });
  });
});
