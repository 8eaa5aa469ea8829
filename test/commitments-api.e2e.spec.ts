import {
  ALL_MINISTRIES,
  emailCommitment,
  eventCount,
  expectProblem,
  onEventStoreDb,
  startTestApp,
  type TestApp,
} from './support/test-app';

/** On SQLite, positions count events; on EventStoreDB they are byte offsets that only grow. */
const positionAfter = (eventsBefore: number) =>
  onEventStoreDb ? expect.any(Number) : eventsBefore + 1;

/**
 * The HTTP contract of the API, route by route, on the real app (real port, real SQLite file).
 * The clock is fixed at 2021-02-02T09:00:00Z (10:00 in Paris) unless a test moves it, and puts it
 * back.
 */

const NOW = '2021-02-02T09:00:00.000Z';
const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const UUID_ANY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// Every event records the authenticated caller: the test apps' analyst key by default.
const ANALYST = { subject: 'api-key:test-analyst', role: 'analyst' };

/**
 * A recent decision with no baseline, far from its deadline: on 2021-02-02 every item of it is
 * plainly on track whatever the optional rules (staleness, trajectory) say.
 */
const decision = (externalId: string, overrides: Record<string, unknown> = {}) => ({
  externalId,
  title: `Engagement ${externalId}`,
  description: `Description de ${externalId}`,
  source: { document: 'releve-2021-01-20.txt', section: 'Fiche 02', decidedOn: '2021-01-20' },
  metric: { kind: 'percentage', unit: '% des démarches', direction: 'increase', target: 100 },
  deadline: '2021-06-30',
  ministries: ['MI', 'MJ', 'MEFR'],
  ...overrides,
});

type Item = { ministry: string; [key: string]: unknown };
const itemOf = (items: Item[], ministry: string): Item => {
  const found = items.find((i) => i.ministry === ministry);
  if (!found) throw new Error(`no item for ${ministry} in ${JSON.stringify(items)}`);
  return found;
};
const codesOf = (item: Item): string[] => (item.reasons as { code: string }[]).map((r) => r.code);

describe('commitments API contract', () => {
  let t: TestApp;

  const create = async (body: Record<string, unknown>): Promise<string> => {
    const response = await t.request('POST', '/api/commitments', body);
    expect(response.status).toBe(201);
    return response.body.id as string;
  };
  const view = async (id: string, query = 'asOf=2021-02-02') => {
    const response = await t.request('GET', `/api/commitments/${id}?${query}`);
    expect(response.status).toBe(200);
    return response.body;
  };
  const post = (id: string, route: string, body: unknown) =>
    t.request('POST', `/api/commitments/${id}/${route}`, body);

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.dispose();
  });
  afterEach(() => t.clock.set(NOW));

  describe('POST /api/commitments', () => {
    it('records a decision and answers 201 with its id only, as JSON', async () => {
      const before = await eventCount(t);
      const response = await t.request(
        'POST',
        '/api/commitments',
        decision('contract-create', { mission: 'Mission numérique', deadlineWording: 'S1 2021' }),
      );
      expect(response.status).toBe(201);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(Object.keys(response.body)).toEqual(['id']);
      expect(response.body.id).toMatch(UUID_V5);
      expect(await eventCount(t)).toBe(before + 1);

      const history = await t.request('GET', `/api/commitments/${response.body.id}/history`);
      expect(history.body.items).toHaveLength(1);
      expect(history.body.items[0]).toMatchObject({
        type: 'CommitmentDecided',
        revision: 0,
        position: positionAfter(before),
        data: {
          commitmentId: response.body.id,
          externalId: 'contract-create',
          title: 'Engagement contract-create',
          mission: 'Mission numérique',
          deadline: '2021-06-30',
          deadlineWording: 'S1 2021',
          ministries: ['MI', 'MJ', 'MEFR'],
          allMinistries: false,
          metric: { kind: 'percentage', direction: 'increase', target: 100 },
        },
      });
    });

    it('keeps each ministry once when the list repeats one', async () => {
      const id = await create(decision('contract-repeated', { ministries: ['MJ', 'MI', 'MJ'] }));
      const body = await view(id);
      expect(body.commitment.ministries).toEqual(['MJ', 'MI']);
      expect(body.ministries.map((m: Item) => m.ministry)).toEqual(['MI', 'MJ']);
    });

    it('gives a fresh random id to every decision without externalId', async () => {
      const body = decision('unused');
      delete (body as { externalId?: string }).externalId;
      const first = await create(body);
      const second = await create(body);
      expect(first).toMatch(UUID_ANY);
      expect(second).toMatch(UUID_ANY);
      expect(first).not.toBe(second);
    });

    it('answers 409 COMMITMENT.EXTERNAL_ID_TAKEN to a second decision with the same externalId, writing nothing', async () => {
      const id = await create(decision('contract-duplicate'));
      const before = await eventCount(t);
      const again = await t.request(
        'POST',
        '/api/commitments',
        decision('contract-duplicate', { title: 'Une autre décision, même identifiant' }),
      );
      const problem = expectProblem(again, 409, 'COMMITMENT.EXTERNAL_ID_TAKEN', 'externalId');
      expect(problem.detail).toContain('contract-duplicate');
      expect(problem.instance).toBe('/api/commitments');
      expect(await eventCount(t)).toBe(before);
      // The first decision is untouched.
      const kept = await view(id);
      expect(kept.commitment.title).toBe('Engagement contract-duplicate');
    });
    it('records how precisely the source dates the decision, and what a deadline was inferred from', async () => {
      const response = await t.request(
        'POST',
        '/api/commitments',
        decision('contract-precision', {
          source: {
            document: 'releve-2021.txt',
            decidedOn: '2021-01-01',
            decidedOnPrecision: 'half-year',
          },
          deadlineInferredFrom: 'le prochain comité, « le COSINUM de décembre »',
        }),
      );
      expect(response.status).toBe(201);
      const view = await t.request('GET', `/api/commitments/${response.body.id}?asOf=2021-02-01`);
      expect(view.body.commitment).toMatchObject({
        source: { decidedOn: '2021-01-01', decidedOnPrecision: 'half-year' },
        deadlineInferredFrom: 'le prochain comité, « le COSINUM de décembre »',
      });
      const before = await eventCount(t);
      const bad = await t.request(
        'POST',
        '/api/commitments',
        decision('contract-precision-bad', {
          source: {
            document: 'releve-2021.txt',
            decidedOn: '2021-01-01',
            decidedOnPrecision: 'week',
          },
        }),
      );
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain('source.decidedOnPrecision');
      expect(await eventCount(t)).toBe(before);
    });
  });

  describe('GET /api/commitments and /api/commitments/:id', () => {
    it('lists every commitment with its definition', async () => {
      const id = await create(emailCommitment({ externalId: 'contract-list-email' }));
      const list = await t.request('GET', '/api/commitments');
      expect(list.status).toBe(200);
      expect(Array.isArray(list.body.items)).toBe(true);
      const found = list.body.items.filter((c: { id: string }) => c.id === id);
      expect(found).toHaveLength(1);
      expect(found[0]).toEqual({
        id,
        externalId: 'contract-list-email',
        title: emailCommitment().title,
        description: emailCommitment().description,
        status: 'active',
        deadline: '2021-03-31',
        decidedOn: '2020-12-03',
        // When the decision was recorded: the test clock's instant.
        recordedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        document: '003_be567f4c541a115a.txt',
        ministries: [...ALL_MINISTRIES],
      });
      // Sorted by deadline: 2021-03-31 comes before the 2021-06-30 decisions.
      const deadlines = list.body.items.map((c: { deadline: string }) => c.deadline);
      expect(deadlines).toEqual([...deadlines].sort());
    });

    it('returns the definition, the roll-up and one item per ministry (17 for `all`)', async () => {
      const id = await create(
        decision('contract-view-all', { ministries: 'all', metric: emailCommitment().metric }),
      );
      const body = await view(id);
      expect(body.asOf).toBe('2021-02-02T22:59:59.999Z');
      expect(body.commitment).toMatchObject({
        commitmentId: id,
        externalId: 'contract-view-all',
        title: 'Engagement contract-view-all',
        description: 'Description de contract-view-all',
        source: { document: 'releve-2021-01-20.txt', section: 'Fiche 02', decidedOn: '2021-01-20' },
        metric: {
          kind: 'percentage',
          direction: 'increase',
          target: 100,
          baseline: { value: 70, on: '2020-11-01' },
        },
        deadline: '2021-06-30',
        ministries: [...ALL_MINISTRIES],
        allMinistries: true,
        status: 'active',
        currentTarget: 100,
        recordedAt: NOW,
      });
      expect(body.ministries).toHaveLength(17);
      expect(body.ministries.map((m: Item) => m.ministry)).toEqual([...ALL_MINISTRIES].sort());
      for (const item of body.ministries) {
        expect(item).toMatchObject({
          commitmentId: id,
          state: 'on_track',
          deadline: '2021-06-30',
          originalDeadline: '2021-06-30',
          extensions: 0,
          target: 100,
          latestValue: null,
          latestOn: null,
        });
        expect(codesOf(item)).toEqual(['ON_TRACK', 'NO_REPORT']);
      }
      expect(body.rollup.state).toBe('on_track');
      expect(body.rollup.counts).toEqual({
        overdue: 0,
        at_risk: 0,
        on_track: 17,
        met: 0,
        exempt: 0,
        withdrawn: 0,
      });
      expect([...body.rollup.notMet].sort()).toEqual([...ALL_MINISTRIES].sort());
    });

    it('evaluates at the app clock when asOf and knownAt are not given, as /api/status does', async () => {
      const id = await create(decision('contract-default-moment', { deadline: '2021-02-10' }));
      const board = await t.request('GET', '/api/status');
      expect(board.body).toMatchObject({ asOf: NOW, knownAt: NOW });
      const body = (await t.request('GET', `/api/commitments/${id}`)).body;
      // The clock says 2021-02-02: the deadline of 2021-02-10 is close, not passed.
      expect({ asOf: body.asOf, knownAt: body.knownAt }).toEqual({ asOf: NOW, knownAt: NOW });
      expect(itemOf(body.ministries, 'MI').state).toBe('at_risk');
    });

    it('answers the same board to the same question, and a new one as soon as a write lands', async () => {
      const id = await create(decision('board-cache', { deadline: '2021-06-30' }));
      const ask = () => t.request('GET', '/api/status?ministry=MJ');
      const first = await ask();
      expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const second = await ask();
      expect(second.text).toBe(first.text);
      expect(
        itemOf(
          first.body.items.filter((i: Item) => i.commitmentId === id),
          'MJ',
        ),
      ).toMatchObject({ latestValue: null });
      expect(
        (await post(id, 'progress', { ministry: 'MJ', value: 42, on: '2021-02-01' })).status,
      ).toBe(201);
      const after = await ask();
      expect(
        itemOf(
          after.body.items.filter((i: Item) => i.commitmentId === id),
          'MJ',
        ),
      ).toMatchObject({ latestValue: 42, latestOn: '2021-02-01' });
      const own = await t.request('GET', '/api/ministries/MJ/status');
      expect(own.body.ministry).toMatchObject({ code: 'MJ' });
      expect(own.body.items).toEqual(after.body.items);
    });

    it('answers 404 problem+json for an unknown id, and 400 for a malformed one', async () => {
      const unknown = '0b7c5a4e-1d2f-4e3a-9b8c-7d6e5f4a3b2c';
      const missing = await t.request('GET', `/api/commitments/${unknown}`);
      const problem = expectProblem(missing, 404);
      expect(problem.code).toBe('COMMITMENT.NOT_FOUND');
      expect(problem.detail).toContain(unknown);
      expect(problem.instance).toBe(`/api/commitments/${unknown}`);
      expectProblem(await t.request('GET', `/api/commitments/${unknown}/history`), 404);

      for (const bad of [
        'not-a-uuid',
        '123',
        '0b7c5a4e-1d2f-4e3a-9b8c-7d6e5f4a3b2',
        'zzzzzzzz-1d2f-4e3a-9b8c-7d6e5f4a3b2c',
      ]) {
        const response = await t.request('GET', `/api/commitments/${bad}`);
        const problem400 = expectProblem(response, 400);
        expect(problem400.code).toBe('REQUEST.INVALID');
        expect(problem400.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
        expectProblem(await t.request('GET', `/api/commitments/${bad}/history`), 400);
      }
    });

    it('writes nothing for a command on an unknown or malformed id', async () => {
      const before = await eventCount(t);
      const report = { ministry: 'MI', value: 50, on: '2021-02-01' };
      expectProblem(
        await post('0b7c5a4e-1d2f-4e3a-9b8c-7d6e5f4a3b2c', 'progress', report),
        404,
        'COMMITMENT.NOT_FOUND',
      );
      expectProblem(await post('not-a-uuid', 'progress', report), 400);
      expectProblem(await post('not-a-uuid', 'withdrawal', { reason: 'Décision du COSINUM' }), 400);
      expect(await eventCount(t)).toBe(before);
    });
  });

  describe('commands', () => {
    it('POST progress → 201 with the events written and their position; the view follows at once', async () => {
      const id = await create(decision('contract-progress'));
      const before = await eventCount(t);
      const response = await post(id, 'progress', {
        ministry: 'MI',
        value: 85.5,
        on: '2021-02-01',
        note: 'Relevé du service',
      });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id,
        events: ['ProgressReported'],
        position: positionAfter(before),
      });
      expect(await eventCount(t)).toBe(before + 1);
      const body = await view(id);
      expect(itemOf(body.ministries, 'MI')).toMatchObject({
        latestValue: 85.5,
        latestOn: '2021-02-01',
        state: 'on_track',
      });
      expect(itemOf(body.ministries, 'MJ')).toMatchObject({ latestValue: null, latestOn: null });
      // The report dated 2021-02-01 does not count on the board of 2021-01-31.
      const earlier = await view(id, 'asOf=2021-01-31');
      expect(itemOf(earlier.ministries, 'MI')).toMatchObject({ latestValue: null });
    });

    it('accepts a report dated today in Paris even when it is still yesterday in UTC', async () => {
      const id = await create(decision('contract-paris-today'));
      t.clock.set('2021-02-02T23:30:00Z'); // 00:30 on 3 February in Paris
      const response = await post(id, 'progress', { ministry: 'MJ', value: 40, on: '2021-02-03' });
      expect(response.status).toBe(201);
      t.clock.set('2021-02-02T22:30:00Z'); // 23:30 on 2 February in Paris
      const early = await post(id, 'progress', { ministry: 'MJ', value: 41, on: '2021-02-03' });
      expectProblem(early, 400, 'COMMITMENT.DATE_IN_FUTURE', 'on');
    });

    it('extends the deadline for one ministry only (the Pôle emploi case)', async () => {
      const id = await create(
        decision('contract-extend-one', {
          deadline: '2021-03-31',
          ministries: ['POLE_EMPLOI', 'CNAM', 'CNAF'],
        }),
      );
      const before = await eventCount(t);
      const response = await post(id, 'deadline-extensions', {
        ministry: 'POLE_EMPLOI',
        deadline: '2021-06-30',
        reason: 'Report accordé par le COSINUM du 2 février 2021',
        decisionRef: 'COSINUM-2021-02-02',
      });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id,
        events: ['DeadlineExtended'],
        position: positionAfter(before),
      });

      const body = await view(id);
      expect(body.commitment.deadline).toBe('2021-03-31');
      expect(itemOf(body.ministries, 'POLE_EMPLOI')).toMatchObject({
        deadline: '2021-06-30',
        originalDeadline: '2021-03-31',
        extensions: 1,
      });
      expect(codesOf(itemOf(body.ministries, 'POLE_EMPLOI'))).toContain('DEADLINE_EXTENDED');
      for (const other of ['CNAM', 'CNAF']) {
        expect(itemOf(body.ministries, other)).toMatchObject({
          deadline: '2021-03-31',
          originalDeadline: '2021-03-31',
          extensions: 0,
        });
        expect(codesOf(itemOf(body.ministries, other))).not.toContain('DEADLINE_EXTENDED');
      }
      // On 2021-04-01, CNAM and CNAF are overdue; Pôle emploi is not.
      const april = await view(id, 'asOf=2021-04-01');
      expect(itemOf(april.ministries, 'CNAM').state).toBe('overdue');
      expect(itemOf(april.ministries, 'CNAF').state).toBe('overdue');
      expect(itemOf(april.ministries, 'POLE_EMPLOI').state).not.toBe('overdue');

      const history = await t.request('GET', `/api/commitments/${id}/history`);
      expect(history.body.items[1]).toMatchObject({
        type: 'DeadlineExtended',
        data: {
          commitmentId: id,
          ministry: 'POLE_EMPLOI',
          previousDeadline: '2021-03-31',
          deadline: '2021-06-30',
          reason: 'Report accordé par le COSINUM du 2 février 2021',
          decisionRef: 'COSINUM-2021-02-02',
          on: '2021-02-02',
        },
      });
    });

    it('extends the deadline for every ministry, keeping a later individual deadline', async () => {
      const id = await create(
        decision('contract-extend-all', {
          deadline: '2021-03-31',
          ministries: ['POLE_EMPLOI', 'CNAM', 'CNAF'],
        }),
      );
      expect(
        (
          await post(id, 'deadline-extensions', {
            ministry: 'POLE_EMPLOI',
            deadline: '2021-06-30',
            reason: 'Report individuel',
          })
        ).status,
      ).toBe(201);
      const all = await post(id, 'deadline-extensions', {
        deadline: '2021-05-31',
        reason: 'Report général',
      });
      expect(all.status).toBe(201);
      expect(all.body.events).toEqual(['DeadlineExtended']);

      const body = await view(id);
      for (const code of ['CNAM', 'CNAF']) {
        expect(itemOf(body.ministries, code)).toMatchObject({
          deadline: '2021-05-31',
          originalDeadline: '2021-03-31',
          extensions: 1,
        });
      }
      // The common extension to 31 May does not shorten Pôle emploi's 30 June.
      expect(itemOf(body.ministries, 'POLE_EMPLOI')).toMatchObject({
        deadline: '2021-06-30',
        originalDeadline: '2021-03-31',
      });

      const later = await post(id, 'deadline-extensions', {
        deadline: '2021-07-31',
        reason: 'Second report général',
      });
      expect(later.status).toBe(201);
      const after = await view(id);
      for (const code of ['POLE_EMPLOI', 'CNAM', 'CNAF']) {
        expect(itemOf(after.ministries, code)).toMatchObject({
          deadline: '2021-07-31',
          originalDeadline: '2021-03-31',
          extensions: 2,
        });
      }
      const history = await t.request('GET', `/api/commitments/${id}/history`);
      expect(history.body.items[2].data).toEqual({
        commitmentId: id,
        previousDeadline: '2021-03-31',
        deadline: '2021-05-31',
        reason: 'Report général',
        on: '2021-02-02',
      });
    });

    it('answers 422 COMMITMENT.DEADLINE_NOT_LATER, naming `deadline`, to an extension that is not later', async () => {
      const id = await create(
        decision('contract-extend-earlier', {
          deadline: '2021-03-31',
          ministries: ['POLE_EMPLOI', 'CNAM', 'CNAF'],
        }),
      );
      await post(id, 'deadline-extensions', {
        ministry: 'CNAM',
        deadline: '2021-05-31',
        reason: 'Report individuel',
      });
      const before = await eventCount(t);
      for (const body of [
        { deadline: '2021-03-01', reason: 'Avancer la date' },
        { deadline: '2021-03-31', reason: 'Même date' },
        { ministry: 'CNAM', deadline: '2021-04-30', reason: 'Plus tôt que le report' },
        { ministry: 'CNAM', deadline: '2021-05-31', reason: 'Même date que le report' },
      ]) {
        const problem = expectProblem(
          await post(id, 'deadline-extensions', body),
          422,
          'COMMITMENT.DEADLINE_NOT_LATER',
          'deadline',
        );
        expect(problem.detail).toContain(body.deadline);
      }
      expect(await eventCount(t)).toBe(before);
    });

    it('revises the target: the items use it from its date on', async () => {
      const id = await create(decision('contract-revise', { ministries: ['MI', 'MJ'] }));
      await post(id, 'progress', { ministry: 'MI', value: 96, on: '2021-02-01' });
      await post(id, 'progress', { ministry: 'MJ', value: 90, on: '2021-02-01' });
      const response = await post(id, 'target-revisions', {
        target: 95,
        reason: 'Cible ramenée à 95 % par le COSINUM',
        decisionRef: 'COSINUM-2021-02-02',
      });
      expect(response.status).toBe(201);
      expect(response.body.events).toEqual(['TargetRevised']);

      const body = await view(id);
      expect(body.commitment.currentTarget).toBe(95);
      expect(body.commitment.metric.target).toBe(100);
      expect(itemOf(body.ministries, 'MI')).toMatchObject({
        target: 95,
        state: 'met',
        metOn: '2021-02-01',
        daysLate: 0,
      });
      expect(itemOf(body.ministries, 'MJ')).toMatchObject({ target: 95, latestValue: 90 });
      expect(itemOf(body.ministries, 'MJ').state).not.toBe('met');
      expect(body.rollup.notMet).toEqual(['MJ']);
      // Before the revision's date the original target holds.
      const before = await view(id, 'asOf=2021-02-01');
      expect(itemOf(before.ministries, 'MI')).toMatchObject({ target: 100 });
      expect(itemOf(before.ministries, 'MI').state).not.toBe('met');

      const history = await t.request('GET', `/api/commitments/${id}/history`);
      expect(history.body.items[3]).toMatchObject({
        type: 'TargetRevised',
        data: { previousTarget: 100, target: 95, on: '2021-02-02' },
      });
      const count = await eventCount(t);
      expectProblem(
        await post(id, 'target-revisions', { target: 95, reason: 'Toujours 95' }),
        422,
        'COMMITMENT.TARGET_UNCHANGED',
        'target',
      );
      expect(await eventCount(t)).toBe(count);
    });

    it('exempts a ministry: its item is `exempt` and it leaves the roll-up', async () => {
      const id = await create(decision('contract-exempt'));
      const response = await post(id, 'exemptions', {
        ministry: 'MEFR',
        reason: 'Hors périmètre selon le COSINUM',
      });
      expect(response.status).toBe(201);
      expect(response.body.events).toEqual(['MinistryExempted']);

      const body = await view(id);
      const mefr = itemOf(body.ministries, 'MEFR');
      expect(mefr.state).toBe('exempt');
      expect(mefr.reasons).toEqual([
        {
          code: 'EXEMPTED',
          message: 'Exempté le 02/02/2021\u202f: Hors périmètre selon le COSINUM',
        },
      ]);
      expect(itemOf(body.ministries, 'MI').state).toBe('on_track');
      expect(body.rollup.counts).toMatchObject({ exempt: 1, on_track: 2 });
      expect([...body.rollup.notMet].sort()).toEqual(['MI', 'MJ']);

      const count = await eventCount(t);
      expectProblem(
        await post(id, 'exemptions', { ministry: 'MEFR', reason: 'Encore une fois' }),
        409,
        'COMMITMENT.ALREADY_EXEMPTED',
        'ministry',
      );
      expectProblem(
        await post(id, 'progress', { ministry: 'MEFR', value: 10, on: '2021-02-01' }),
        422,
        'COMMITMENT.MINISTRY_EXEMPTED',
        'ministry',
      );
      expectProblem(
        await post(id, 'exemptions', { ministry: 'MINARM', reason: 'Pas concerné' }),
        422,
        'COMMITMENT.MINISTRY_NOT_ASSIGNED',
        'ministry',
      );
      expect(await eventCount(t)).toBe(count);
    });

    it('withdraws a commitment: every later command is 422 COMMITMENT.ALREADY_WITHDRAWN and writes nothing', async () => {
      const id = await create(decision('contract-withdraw'));
      await post(id, 'progress', { ministry: 'MI', value: 30, on: '2021-02-01' });
      const response = await post(id, 'withdrawal', {
        reason: 'Engagement abandonné',
        decisionRef: 'COSINUM-2021-02-02',
      });
      expect(response.status).toBe(201);
      expect(response.body.events).toEqual(['CommitmentWithdrawn']);

      const before = await eventCount(t);
      const later: [string, unknown][] = [
        ['progress', { ministry: 'MI', value: 40, on: '2021-02-02' }],
        ['deadline-extensions', { deadline: '2021-12-31', reason: 'Report général' }],
        ['deadline-extensions', { ministry: 'MJ', deadline: '2021-12-31', reason: 'Report MJ' }],
        ['target-revisions', { target: 80, reason: 'Cible révisée' }],
        ['exemptions', { ministry: 'MJ', reason: 'Exemption' }],
        ['withdrawal', { reason: 'Retrait répété' }],
      ];
      for (const [route, body] of later) {
        const problem = expectProblem(
          await post(id, route, body),
          422,
          'COMMITMENT.ALREADY_WITHDRAWN',
        );
        expect(problem.detail).toContain(id);
      }
      expect(await eventCount(t)).toBe(before);

      const body = await view(id);
      expect(body.commitment.status).toBe('withdrawn');
      expect(body.rollup.state).toBe('withdrawn');
      expect(body.rollup.counts.withdrawn).toBe(3);
      for (const item of body.ministries) {
        expect(item.state).toBe('withdrawn');
        expect(item.reasons[0]).toEqual({
          code: 'WITHDRAWN',
          message: 'Engagement retiré le 02/02/2021\u202f: Engagement abandonné',
        });
      }
      const list = await t.request('GET', '/api/commitments');
      expect(list.body.items.find((c: { id: string }) => c.id === id).status).toBe('withdrawn');
    });
  });

  describe('GET /api/commitments/:id/history', () => {
    it('returns every event in order with type, data, actor, recordedAt and correlation id', async () => {
      const id = await create(decision('contract-history', { ministries: ['MI', 'MJ'] }));
      const steps: [string, string, Record<string, unknown>][] = [
        ['2021-02-02T09:05:00Z', 'progress', { ministry: 'MI', value: 60, on: '2021-02-01' }],
        [
          '2021-02-02T09:10:00Z',
          'deadline-extensions',
          { ministry: 'MJ', deadline: '2021-09-30', reason: 'Report MJ' },
        ],
        ['2021-02-02T09:15:00Z', 'target-revisions', { target: 90, reason: 'Cible à 90 %' }],
        ['2021-02-02T09:20:00Z', 'exemptions', { ministry: 'MJ', reason: 'Exemption MJ' }],
        ['2021-02-02T09:25:00Z', 'withdrawal', { reason: 'Retrait' }],
      ];
      for (const [instant, route, body] of steps) {
        t.clock.set(instant);
        const response = await t.request('POST', `/api/commitments/${id}/${route}`, body, {
          'x-request-id': `e2e-history-${route}`,
        });
        expect(response.status).toBe(201);
      }
      const history = await t.request('GET', `/api/commitments/${id}/history`);
      expect(history.status).toBe(200);
      expect(history.body.commitmentId).toBe(id);
      const items = history.body.items as {
        type: string;
        data: Record<string, unknown>;
        actor: unknown;
        recordedAt: string;
        revision: number;
        position: number;
        eventId: string;
        correlationId: string;
        causationId: unknown;
      }[];
      expect(items.map((e) => e.type)).toEqual([
        'CommitmentDecided',
        'ProgressReported',
        'DeadlineExtended',
        'TargetRevised',
        'MinistryExempted',
        'CommitmentWithdrawn',
      ]);
      expect(items.map((e) => e.recordedAt)).toEqual([
        NOW,
        '2021-02-02T09:05:00.000Z',
        '2021-02-02T09:10:00.000Z',
        '2021-02-02T09:15:00.000Z',
        '2021-02-02T09:20:00.000Z',
        '2021-02-02T09:25:00.000Z',
      ]);
      expect(items.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5]);
      for (let i = 1; i < items.length; i++) {
        expect(items[i].position).toBeGreaterThan(items[i - 1].position);
      }
      expect(new Set(items.map((e) => e.eventId)).size).toBe(6);
      for (const e of items) {
        expect(e.actor).toEqual(ANALYST);
        expect(e.eventId).toMatch(UUID_ANY);
        expect(e.causationId).toBeNull();
        expect(e.data.commitmentId).toBe(id);
      }
      expect(items.slice(1).map((e) => e.correlationId)).toEqual(
        steps.map(([, route]) => `e2e-history-${route}`),
      );
      expect(items[1].data).toEqual({
        commitmentId: id,
        ministry: 'MI',
        value: 60,
        on: '2021-02-01',
      });
      expect(items[2].data).toEqual({
        commitmentId: id,
        ministry: 'MJ',
        previousDeadline: '2021-06-30',
        deadline: '2021-09-30',
        reason: 'Report MJ',
        on: '2021-02-02',
      });
      expect(items[3].data).toEqual({
        commitmentId: id,
        previousTarget: 100,
        target: 90,
        reason: 'Cible à 90 %',
        on: '2021-02-02',
      });
      expect(items[4].data).toEqual({
        commitmentId: id,
        ministry: 'MJ',
        reason: 'Exemption MJ',
        on: '2021-02-02',
      });
      expect(items[5].data).toEqual({ commitmentId: id, reason: 'Retrait', on: '2021-02-02' });
    });

    it('ignores an actor sent in the body: every event is recorded as the authenticated caller', async () => {
      const id = await create(decision('contract-actor'));
      const spoofed = await post(id, 'progress', {
        ministry: 'MI',
        value: 10,
        on: '2021-02-01',
        actor: { subject: 'admin', role: 'admin' },
      });
      expectProblem(spoofed, 400, 'REQUEST.INVALID', 'actor');
      const history = await t.request('GET', `/api/commitments/${id}/history`);
      expect(history.body.items).toHaveLength(1);
      expect(history.body.items[0].actor).toEqual(ANALYST);
    });
  });

  describe('reference data, health and documentation', () => {
    it('GET /api/ministries lists every organisation with its code and French name', async () => {
      const response = await t.request('GET', '/api/ministries');
      expect(response.status).toBe(200);
      const items = response.body.items as { code: string; name: string; kind: string }[];
      expect(items).toHaveLength(21);
      expect(new Set(items.map((o) => o.code)).size).toBe(21);
      const by = (code: string) => items.find((o) => o.code === code);
      // A store without an organisation chart: the static list, with its article forms.
      expect(by('MI')).toEqual({
        code: 'MI',
        kind: 'ministry',
        shortName: 'Intérieur',
        name: "Ministère de l'Intérieur",
        of: "du ministère de l'Intérieur",
        to: "au ministère de l'Intérieur",
        since: null,
      });
      expect(by('SPM')).toMatchObject({ to: 'aux services du Premier ministre' });
      expect(by('MINARM')).toMatchObject({ name: 'Ministère des Armées', kind: 'ministry' });
      expect(by('MENJS')?.name).toBe(
        "Ministère de l'Éducation nationale, de la Jeunesse et des Sports",
      );
      expect(by('POLE_EMPLOI')).toMatchObject({ name: 'Pôle emploi', kind: 'operator' });
      expect(by('CNAM')).toMatchObject({
        name: "Caisse nationale de l'Assurance maladie",
        kind: 'operator',
      });
      expect(by('DINUM')).toMatchObject({ kind: 'directorate' });
      expect(items.filter((o) => o.kind === 'ministry').map((o) => o.code)).toEqual([
        ...ALL_MINISTRIES,
      ]);
    });

    it('GET /api/ministries/:code/status answers one ministry’s board; 404 for an unknown code', async () => {
      const id = await create(decision('contract-ministry-board', { ministries: ['MOM', 'MC'] }));
      await post(id, 'progress', { ministry: 'MOM', value: 100, on: '2021-02-01' });
      const response = await t.request('GET', '/api/ministries/MOM/status?asOf=2021-02-02');
      expect(response.status).toBe(200);
      expect(response.body.ministry).toEqual({
        code: 'MOM',
        kind: 'ministry',
        shortName: 'Outre-mer',
        name: 'Ministère des Outre-mer',
      });
      expect(response.body.asOf).toBe('2021-02-02T22:59:59.999Z');
      // Other commitments of this app name every ministry, MOM included: keep this one's item.
      const mine = response.body.items.filter((i: Item) => i.commitmentId === id);
      expect(mine).toHaveLength(1);
      expect(response.body.items.every((i: Item) => i.ministry === 'MOM')).toBe(true);
      expect(mine[0]).toMatchObject({
        commitmentId: id,
        ministry: 'MOM',
        state: 'met',
        metOn: '2021-02-01',
      });
      const counts = response.body.counts as Record<string, number>;
      expect(counts.met).toBe(1);
      expect(Object.values(counts).reduce((x, y) => x + y, 0)).toBe(response.body.items.length);

      for (const code of ['XX', 'mi', 'POLE-EMPLOI']) {
        const unknown = await t.request('GET', `/api/ministries/${code}/status`);
        const problem = expectProblem(unknown, 404);
        expect(problem.detail).toContain(code);
      }
      expectProblem(
        await t.request('GET', '/api/ministries/MOM/status?asOf=2021-02-30'),
        400,
        'REQUEST.INVALID',
        'asOf',
      );
    });

    it('GET /health reports the store head and the read models following it', async () => {
      const response = await t.request('GET', '/health');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        status: 'ok',
        eventStore: { head: expect.any(Number) },
        projections: {
          position: response.body.eventStore.head,
          lag: 0,
          events: expect.any(Number),
          // A fresh data directory has no snapshot: the models were folded from the log.
          start: { from: 'log', durationMs: expect.any(Number) },
        },
        // Weekly reminders claimed and not sent, and those no runner will try again.
        reminders: { open: 0, givenUp: [] },
      });
      const id = await create(decision('contract-health'));
      await post(id, 'progress', { ministry: 'MI', value: 1, on: '2021-02-01' });
      const after = await t.request('GET', '/health');
      // Positions grow (by one per event on SQLite, by bytes on EventStoreDB); the count by two.
      expect(after.body.eventStore.head).toBeGreaterThan(response.body.eventStore.head);
      expect(after.body.projections).toEqual({
        position: after.body.eventStore.head,
        lag: 0,
        events: response.body.projections.events + 2,
        start: response.body.projections.start,
      });
    });

    it('GET /api/docs/openapi.json lists every route with its methods', async () => {
      const response = await t.request('GET', '/api/docs/openapi.json');
      expect(response.status).toBe(200);
      expect(response.body.openapi).toMatch(/^3\./);
      const paths = response.body.paths as Record<string, Record<string, unknown>>;
      const expected: Record<string, string[]> = {
        '/api/commitments': ['get', 'post'],
        '/api/commitments/{id}': ['get'],
        '/api/commitments/{id}/history': ['get'],
        '/api/commitments/{id}/progress': ['post'],
        '/api/commitments/{id}/deadline-extensions': ['post'],
        '/api/commitments/{id}/target-revisions': ['post'],
        '/api/commitments/{id}/exemptions': ['post'],
        '/api/commitments/{id}/withdrawal': ['post'],
        '/api/commitments/{id}/reporting': ['post'],
        '/api/commitments/{id}/milestones': ['post'],
        '/api/status': ['get'],
        '/api/status-rules': ['get', 'post'],
        '/api/ministries': ['get', 'post'],
        '/api/ministries/{code}/status': ['get'],
        '/api/ministries/{code}/history': ['get'],
        '/api/ministries/{code}/renaming': ['post'],
        '/api/ministries/{code}/merger': ['post'],
        '/api/ministries/{code}/split': ['post'],
        '/api/ministries/{code}/dissolution': ['post'],
        '/health': ['get'],
      };
      for (const [path, methods] of Object.entries(expected)) {
        expect({ path, methods: Object.keys(paths[path] ?? {}).sort() }).toEqual({
          path,
          methods,
        });
      }
      const statusParams = (paths['/api/status'].get as { parameters: { name: string }[] })
        .parameters;
      expect(statusParams.map((p) => p.name).sort()).toEqual([
        'after',
        'asOf',
        'commitment',
        'knownAt',
        'limit',
        'ministry',
        'rules',
        'state',
      ]);
      expect(
        (paths['/api/commitments/{id}'].get as { parameters: { name: string }[] }).parameters
          .map((p) => p.name)
          .sort(),
      ).toEqual(['asOf', 'id', 'knownAt', 'rules']);
    });
  });
});

describe('status semantics over HTTP (deadline rules)', () => {
  let t: TestApp;
  let id: string;
  const mi = async (query: string) => {
    const response = await t.request('GET', `/api/status?ministry=MI&${query}`);
    expect(response.status).toBe(200);
    const items = response.body.items.filter((i: Item) => i.commitmentId === id);
    expect(items).toHaveLength(1);
    return items[0] as Item;
  };

  beforeAll(async () => {
    // The deadline rules alone: no value is expected on a schedule (so never stale) and the
    // trajectory rule is off, so that the states below come from the deadline and the reports.
    t = await startTestApp({ env: { TRAJECTORY_RULE: 'false' } });
    const created = await t.request(
      'POST',
      '/api/commitments',
      emailCommitment({ reporting: { every: 'none' } }),
    );
    expect(created.status).toBe(201);
    id = created.body.id;
    const report = await t.request('POST', `/api/commitments/${id}/progress`, {
      ministry: 'MI',
      value: 85,
      on: '2021-02-01',
    });
    expect(report.status).toBe(201);
  });
  afterAll(async () => {
    await t?.dispose();
  });
  afterEach(() => t.clock.set(NOW));

  it('MI at 85 % is on_track on 2021-02-02', async () => {
    const item = await mi('asOf=2021-02-02');
    expect(item).toMatchObject({
      state: 'on_track',
      latestValue: 85,
      latestOn: '2021-02-01',
      target: 100,
      deadline: '2021-03-31',
    });
    expect(codesOf(item)[0]).toBe('ON_TRACK');
    expect(codesOf(item)).toContain('TARGET_NOT_REACHED');
  });

  it('is at_risk on 2021-03-15 (DEADLINE_CLOSE)', async () => {
    const item = await mi('asOf=2021-03-15');
    expect(item.state).toBe('at_risk');
    expect(item.reasons).toContainEqual({
      code: 'DEADLINE_CLOSE',
      message: 'Échéance dans 16 jours (31/03/2021) et objectif non atteint.',
    });
  });

  it('is overdue on 2021-04-01 (DEADLINE_PASSED)', async () => {
    const item = await mi('asOf=2021-04-01');
    expect(item).toMatchObject({ state: 'overdue', daysLate: 1, latestValue: 85 });
    expect(codesOf(item)[0]).toBe('DEADLINE_PASSED');
  });

  it('reads the deadline as the end of the Paris day, in summer time (UTC+2)', async () => {
    const before = await mi('asOf=2021-03-31T21:30:00Z'); // 23:30 in Paris on 31 March
    expect(before.state).not.toBe('overdue');
    expect(before.state).toBe('at_risk');
    expect(codesOf(before)).toContain('DEADLINE_CLOSE');
    const last = await mi('asOf=2021-03-31T21:59:59Z');
    expect(last.state).toBe('at_risk');
    const after = await mi('asOf=2021-03-31T22:01:00Z'); // 00:01 in Paris on 1 April
    expect(after).toMatchObject({ state: 'overdue', daysLate: 1 });
    expect(codesOf(after)).toContain('DEADLINE_PASSED');
    const offset = await mi('asOf=2021-04-01T00:01:00%2B02:00');
    expect(offset.state).toBe('overdue');
  });

  it('keeps the two time axes apart: a report of 28 March recorded on 5 April', async () => {
    t.clock.set('2021-04-05T08:00:00Z');
    const late = await t.request('POST', `/api/commitments/${id}/progress`, {
      ministry: 'MI',
      value: 100,
      on: '2021-03-28',
    });
    expect(late.status).toBe(201);

    const asKnownThen = await t.request(
      'GET',
      '/api/status?ministry=MI&asOf=2021-04-01&knownAt=2021-04-01',
    );
    expect(asKnownThen.body.knownAt).toBe('2021-04-01T21:59:59.999Z');
    expect(asKnownThen.body.items[0]).toMatchObject({
      commitmentId: id,
      state: 'overdue',
      latestValue: 85,
      latestOn: '2021-02-01',
    });

    const asKnownLater = await t.request(
      'GET',
      '/api/status?ministry=MI&asOf=2021-04-01&knownAt=2021-04-06',
    );
    expect(asKnownLater.body.items[0]).toMatchObject({
      commitmentId: id,
      state: 'met',
      metOn: '2021-03-28',
      daysLate: 0,
      latestValue: 100,
      latestOn: '2021-03-28',
    });
    expect(codesOf(asKnownLater.body.items[0])).toEqual(['TARGET_MET']);

    // The commitment view agrees on both axes.
    const thenView = await t.request(
      'GET',
      `/api/commitments/${id}?asOf=2021-04-01&knownAt=2021-04-01`,
    );
    expect(itemOf(thenView.body.ministries, 'MI').state).toBe('overdue');
    const laterView = await t.request(
      'GET',
      `/api/commitments/${id}?asOf=2021-04-01&knownAt=2021-04-06`,
    );
    expect(itemOf(laterView.body.ministries, 'MI')).toMatchObject({
      state: 'met',
      metOn: '2021-03-28',
    });
    // Known as of the recording instant, not a millisecond before.
    const justBefore = await mi('asOf=2021-04-01&knownAt=2021-04-05T07:59:59.999Z');
    expect(justBefore.state).toBe('overdue');
    const atRecording = await mi('asOf=2021-04-01&knownAt=2021-04-05T08:00:00Z');
    expect(atRecording.state).toBe('met');

    const history = await t.request('GET', `/api/commitments/${id}/history`);
    expect(history.body.items[2]).toMatchObject({
      type: 'ProgressReported',
      recordedAt: '2021-04-05T08:00:00.000Z',
      data: { ministry: 'MI', value: 100, on: '2021-03-28' },
    });
  });
});

describe('GET /api/status filters', () => {
  let t: TestApp;
  let a: string;
  let b: string;
  const board = async (query: string) => {
    const response = await t.request('GET', `/api/status?${query}`);
    expect(response.status).toBe(200);
    return response.body as {
      asOf: string;
      knownAt: string;
      counts: Record<string, number>;
      items: Item[];
    };
  };
  const keys = (items: Item[]) =>
    items.map(
      (i) =>
        `${i.commitmentId === a ? 'A' : i.commitmentId === b ? 'B' : '?'}/${i.ministry}/${i.state}`,
    );

  beforeAll(async () => {
    t = await startTestApp();
    const created = async (body: Record<string, unknown>) => {
      const response = await t.request('POST', '/api/commitments', body);
      expect(response.status).toBe(201);
      return response.body.id as string;
    };
    a = await created(decision('board-a', { title: 'A — démarches en ligne' }));
    b = await created(
      decision('board-b', {
        title: 'B — annuaire',
        deadline: '2021-02-10',
        ministries: ['MI', 'MJ'],
      }),
    );
    expect(
      (
        await t.request('POST', `/api/commitments/${b}/progress`, {
          ministry: 'MJ',
          value: 100,
          on: '2021-02-01',
        })
      ).status,
    ).toBe(201);
    t.clock.set('2021-02-02T11:00:00Z');
    expect(
      (
        await t.request('POST', `/api/commitments/${a}/progress`, {
          ministry: 'MEFR',
          value: 100,
          on: '2021-02-02',
        })
      ).status,
    ).toBe(201);
    t.clock.set(NOW);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('without filters: every item, worst first, with the counts per state', async () => {
    const body = await board('asOf=2021-02-02&knownAt=2021-02-02');
    expect(body.asOf).toBe('2021-02-02T22:59:59.999Z');
    expect(keys(body.items)).toEqual([
      'B/MI/at_risk',
      'A/MI/on_track',
      'A/MJ/on_track',
      'B/MJ/met',
      'A/MEFR/met',
    ]);
    expect(body.counts).toEqual({
      overdue: 0,
      at_risk: 1,
      on_track: 2,
      met: 2,
      exempt: 0,
      withdrawn: 0,
    });
    expect(body.items[0].reasons).toContainEqual({
      code: 'DEADLINE_CLOSE',
      message: 'Échéance dans 8 jours (10/02/2021) et objectif non atteint.',
    });
  });

  it('ministry= keeps that ministry only', async () => {
    const body = await board('ministry=MI&asOf=2021-02-02&knownAt=2021-02-02');
    expect(keys(body.items)).toEqual(['B/MI/at_risk', 'A/MI/on_track']);
    expect(body.counts).toMatchObject({ at_risk: 1, on_track: 1, met: 0 });
    expect(keys((await board('ministry=MEFR&asOf=2021-02-02&knownAt=2021-02-02')).items)).toEqual([
      'A/MEFR/met',
    ]);
    expect((await board('ministry=MINARM&asOf=2021-02-02&knownAt=2021-02-02')).items).toEqual([]);
  });

  it('state= takes one state or several, comma-separated', async () => {
    const met = await board('state=met&asOf=2021-02-02&knownAt=2021-02-02');
    expect(keys(met.items)).toEqual(['B/MJ/met', 'A/MEFR/met']);
    // The counts describe the whole board, before the state filter.
    expect(met.counts).toMatchObject({ at_risk: 1, on_track: 2, met: 2 });
    expect(
      keys((await board('state=met,at_risk&asOf=2021-02-02&knownAt=2021-02-02')).items),
    ).toEqual(['B/MI/at_risk', 'B/MJ/met', 'A/MEFR/met']);
    expect(
      keys((await board('state=at_risk,%20met&asOf=2021-02-02&knownAt=2021-02-02')).items),
    ).toEqual(['B/MI/at_risk', 'B/MJ/met', 'A/MEFR/met']);
    // A repeated parameter is read as a list too.
    expect(
      keys((await board('state=met&state=at_risk&asOf=2021-02-02&knownAt=2021-02-02')).items),
    ).toEqual(['B/MI/at_risk', 'B/MJ/met', 'A/MEFR/met']);
    expect((await board('state=overdue&asOf=2021-02-02&knownAt=2021-02-02')).items).toEqual([]);
    expect(
      keys((await board('ministry=MJ&state=met&asOf=2021-02-02&knownAt=2021-02-02')).items),
    ).toEqual(['B/MJ/met']);
  });

  it('asOf= takes a date (end of that Paris day) or an instant with its offset', async () => {
    const lastDay = await board('ministry=MI&asOf=2021-02-10');
    expect(lastDay.asOf).toBe('2021-02-10T22:59:59.999Z');
    expect(keys(lastDay.items)).toEqual(['B/MI/at_risk', 'A/MI/on_track']);
    expect((lastDay.items[0].reasons as unknown[])[0]).toEqual({
      code: 'DEADLINE_CLOSE',
      message: "Échéance aujourd'hui (10/02/2021) et objectif non atteint.",
    });
    // Winter time (UTC+1): 10 February ends at 23:00 UTC.
    const late = await board('ministry=MI&asOf=2021-02-10T22:30:00Z');
    expect(late.asOf).toBe('2021-02-10T22:30:00.000Z');
    expect(keys(late.items)[0]).toBe('B/MI/at_risk');
    const next = await board('ministry=MI&asOf=2021-02-10T23:00:00Z');
    expect(keys(next.items)[0]).toBe('B/MI/overdue');
    expect(next.items[0]).toMatchObject({ daysLate: 1 });
    const offset = await board('ministry=MI&asOf=2021-02-11T00:30:00%2B01:00');
    expect(offset.asOf).toBe('2021-02-10T23:30:00.000Z');
    expect(keys(offset.items)[0]).toBe('B/MI/overdue');
  });

  it('knownAt= keeps only what had been recorded by then', async () => {
    const nothing = await board('asOf=2021-02-02&knownAt=2021-02-01');
    expect(nothing.knownAt).toBe('2021-02-01T22:59:59.999Z');
    expect(nothing.items).toEqual([]);
    expect(Object.values(nothing.counts).every((n) => n === 0)).toBe(true);
    expect((await board('asOf=2021-02-02&knownAt=2021-02-02T08:59:59Z')).items).toEqual([]);

    const before = await board('ministry=MEFR&asOf=2021-02-02&knownAt=2021-02-02T10:00:00Z');
    expect(before.items).toHaveLength(1);
    expect(before.items[0]).toMatchObject({ state: 'on_track', latestValue: null });
    const after = await board('ministry=MEFR&asOf=2021-02-02&knownAt=2021-02-02T11:00:00Z');
    expect(after.items[0]).toMatchObject({ state: 'met', latestValue: 100 });
    // A date means the end of that Paris day: everything recorded on 2 February.
    const day = await board('ministry=MEFR&asOf=2021-02-02&knownAt=2021-02-02');
    expect(day.items[0]).toMatchObject({ state: 'met' });
  });

  it('defaults both axes to the app clock', async () => {
    const body = await board('ministry=MEFR');
    expect(body).toMatchObject({ asOf: NOW, knownAt: NOW });
    // At 09:00 the MEFR report (recorded at 11:00) was not known yet.
    expect(body.items[0]).toMatchObject({ state: 'on_track', latestValue: null });
  });

  it('rejects bad query parameters with 400 problem+json naming them', async () => {
    for (const [query, field] of [
      ['asOf=2021-02-30', 'asOf'],
      ['asOf=yesterday', 'asOf'],
      ['asOf=2021-04-01T12:00:00', 'asOf'], // an instant without its offset is ambiguous
      ['knownAt=01/04/2021', 'knownAt'],
      ['state=late', 'state'],
      ['state=met,late', 'state'],
      ['ministry=XX', 'ministry'],
    ] as const) {
      expectProblem(await t.request('GET', `/api/status?${query}`), 400, 'REQUEST.INVALID', field);
    }
  });
});
