import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  as,
  emailCommitment,
  eventCount,
  expectProblem,
  KEYS,
  onEventStoreDb,
  startTestApp,
  type TestApp,
} from './support/test-app';

/**
 * Status rules as decisions, through real HTTP: the configuration gives the first rule set of an
 * empty store, later ones are adopted with `POST /api/status-rules`, and a board names the rule
 * set it was evaluated under: the one in force at asOf as known at knownAt, or today's with
 * `rules=current`.
 */

const NOW = '2021-02-02T09:00:00.000Z';
const ANALYST = { subject: 'api-key:test-analyst', role: 'analyst' };

type Item = { ministry: string; state: string; reasons: { code: string }[] };
const codesOf = (item: Item): string[] => item.reasons.map((r) => r.code);

describe('status rule sets over HTTP', () => {
  let t: TestApp;
  let id: string;

  const board = async (query: string) => {
    const response = await t.request('GET', `/api/status?ministry=MI&${query}`);
    expect(response.status).toBe(200);
    return response.body;
  };
  const miItem = (body: { items: Item[] }): Item => {
    const found = body.items.find((i) => i.ministry === 'MI');
    if (!found) throw new Error('no MI item');
    return found;
  };

  beforeAll(async () => {
    // The configuration gives the first rule set: its values must show in R1.
    t = await startTestApp({
      now: NOW,
      env: {
        WARNING_DAYS: '30',
        STALE_DELAY_DAYS: '10',
        TRAJECTORY_RULE: 'false',
        MILESTONE_RULE: 'false',
      },
    });
    id = (await t.request('POST', '/api/commitments', emailCommitment())).body.id;
    await t.request('POST', `/api/commitments/${id}/progress`, {
      ministry: 'MI',
      value: 85,
      on: '2021-02-01',
    });
  });
  afterAll(async () => {
    await t?.dispose();
  });
  afterEach(() => t.clock.set(NOW));

  it('records the configuration as the first rule set at start-up (R1, initial)', async () => {
    const listed = await t.request('GET', '/api/status-rules', undefined, as(KEYS.MI));
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({
      items: [
        {
          id: 'R1',
          effectiveFrom: '2021-02-02',
          warningDays: 30,
          staleDelayDays: 10,
          trajectory: false,
          milestones: false,
          reason:
            'Règles en vigueur avant leur première adoption, reprises de la configuration du service',
          initial: true,
          recordedAt: NOW,
          actor: { subject: 'system:status-rules', role: 'system' },
        },
      ],
      current: { id: 'R1', effectiveFrom: '2021-02-02' },
    });
    // The first rule set applies to every earlier date too.
    expect((await board('asOf=2020-12-15&knownAt=2020-12-15')).rules).toEqual({
      id: 'R1',
      effectiveFrom: '2021-02-02',
      initial: true,
    });
  });

  describe('a rule set adopted later', () => {
    let pastBefore: unknown;
    let adopted: { status: number; body: Record<string, unknown> };

    beforeAll(async () => {
      // 15 February, as known on 20 February: 44 days before the deadline, on track under R1.
      pastBefore = await board('asOf=2021-02-15&knownAt=2021-02-20');
      t.clock.set('2021-03-01T09:00:00Z');
      adopted = await t.request('POST', '/api/status-rules', {
        effectiveFrom: '2021-03-01',
        warningDays: 60,
        reason: 'Décision du COSINUM du 1er mars 2021 : alerte à deux mois',
        decisionRef: 'COSINUM-2021-03-01',
      });
      t.clock.set(NOW);
    });

    it('answers 201 with the new rule set; a field left out keeps its value', () => {
      expect(adopted.status).toBe(201);
      expect(adopted.body).toEqual({
        id: 'R2',
        effectiveFrom: '2021-03-01',
        warningDays: 60,
        staleDelayDays: 10,
        trajectory: false,
        milestones: false,
        reason: 'Décision du COSINUM du 1er mars 2021 : alerte à deux mois',
        decisionRef: 'COSINUM-2021-03-01',
        initial: false,
        recordedAt: '2021-03-01T09:00:00.000Z',
        actor: ANALYST,
      });
    });

    it('is listed after R1, with who recorded it and when; today R2 is in force', async () => {
      t.clock.set('2021-03-02T09:00:00Z');
      const listed = await t.request('GET', '/api/status-rules', undefined, as(KEYS.auditor));
      expect(listed.body.items.map((r: { id: string }) => r.id)).toEqual(['R1', 'R2']);
      expect(listed.body.items[1]).toEqual(adopted.body);
      expect(listed.body.current).toEqual({ id: 'R2', effectiveFrom: '2021-03-01' });
    });

    it('leaves a past board as known before the adoption unchanged', async () => {
      const again = await board('asOf=2021-02-15&knownAt=2021-02-20');
      expect(again).toEqual(pastBefore);
      expect(again.rules).toEqual({ id: 'R1', effectiveFrom: '2021-02-02', initial: true });
      expect(miItem(again).state).toBe('on_track');
      // Known today, 15 February is still judged by R1: R2 applies from 1 March.
      const knownNow = await board('asOf=2021-02-15');
      expect(knownNow.rules).toEqual({ id: 'R1', effectiveFrom: '2021-02-02', initial: true });
      expect(miItem(knownNow).state).toBe('on_track');
    });

    it('re-evaluates the same past board under today’s rules with rules=current, and says so', async () => {
      t.clock.set('2021-03-02T09:00:00Z');
      const current = await board('asOf=2021-02-15&knownAt=2021-02-20&rules=current');
      expect(current.rules).toEqual({ id: 'R2', effectiveFrom: '2021-03-01', initial: false });
      expect(current.asOf).toBe(pastBefore && (pastBefore as { asOf: string }).asOf);
      const item = miItem(current);
      expect(item.state).toBe('at_risk');
      expect(codesOf(item)[0]).toBe('DEADLINE_CLOSE');
      // The same choice on a commitment's view and on a ministry's board.
      const view = await t.request(
        'GET',
        `/api/commitments/${id}?asOf=2021-02-15&knownAt=2021-02-20&rules=current`,
      );
      expect(view.body.rules).toEqual({ id: 'R2', effectiveFrom: '2021-03-01', initial: false });
      expect(view.body.ministries.find((m: Item) => m.ministry === 'MI').state).toBe('at_risk');
      const asKnownView = await t.request(
        'GET',
        `/api/commitments/${id}?asOf=2021-02-15&knownAt=2021-02-20`,
      );
      expect(asKnownView.body.rules).toEqual({
        id: 'R1',
        effectiveFrom: '2021-02-02',
        initial: true,
      });
      const ministry = await t.request(
        'GET',
        '/api/ministries/MI/status?asOf=2021-02-15&rules=current',
        undefined,
        as(KEYS.MI),
      );
      expect(ministry.body.rules).toEqual({
        id: 'R2',
        effectiveFrom: '2021-03-01',
        initial: false,
      });
      expect(miItem(ministry.body).state).toBe('at_risk');
    });

    it('judges dates from effectiveFrom on by the new rule set, as known once recorded', async () => {
      t.clock.set('2021-03-02T09:00:00Z');
      // From 1 March on, as known once R2 was recorded (1 March, 10:00 in Paris).
      expect((await board('asOf=2021-03-01')).rules.id).toBe('R2');
      expect((await board('asOf=2021-03-01&knownAt=2021-02-28')).rules.id).toBe('R1');
      expect((await board('asOf=2021-02-28')).rules.id).toBe('R1');
    });

    it('names the rule set in the export manifest and the replay, which agree with the live board', async () => {
      t.clock.set('2021-03-02T09:00:00Z');
      for (const [query, ruleSet] of [
        ['asOf=2021-03-01', 'R2'],
        ['asOf=2021-02-15&knownAt=2021-02-20', 'R1'],
        // Known before R1 was recorded: R1 still states the rules of that time.
        ['asOf=2021-01-15&knownAt=2021-01-20', 'R1'],
      ] as const) {
        const manifest = await t.request(
          'GET',
          `/api/exports/board.manifest.json?${query}`,
          undefined,
          as(KEYS.auditor),
        );
        expect(manifest.status).toBe(200);
        expect(manifest.body.rules).toMatchObject({ id: ruleSet, warningDays: expect.any(Number) });
        const replayed = await t.request(
          'GET',
          `/api/audit/replay?${query}`,
          undefined,
          as(KEYS.auditor),
        );
        expect(replayed.status).toBe(200);
        expect(replayed.body.rules.id).toBe(ruleSet);
        expect(replayed.body.sameAsLive).toBe(true);
      }
    });

    it('keeps, for a field left out, the value of the rule set in force on its effectiveFrom', async () => {
      t.clock.set('2021-03-05T09:00:00Z');
      const r3 = await t.request('POST', '/api/status-rules', {
        effectiveFrom: '2021-04-01',
        staleDelayDays: 20,
        milestones: true,
        reason: 'Délai de déclaration porté à vingt jours',
      });
      expect(r3.status).toBe(201);
      expect(r3.body).toMatchObject({
        id: 'R3',
        effectiveFrom: '2021-04-01',
        warningDays: 60, // from R2
        staleDelayDays: 20,
        trajectory: false,
        milestones: true,
        initial: false,
      });
      expect(r3.body).not.toHaveProperty('decisionRef');
      // Adopted with an earlier effectiveFrom, a rule set starts from the one in force then.
      const r4 = await t.request('POST', '/api/status-rules', {
        effectiveFrom: '2021-02-20',
        trajectory: true,
        reason: 'Essai avec la règle de trajectoire',
      });
      expect(r4.body).toMatchObject({
        id: 'R4',
        warningDays: 30, // R1's: R2 was not yet in force on 20 February
        staleDelayDays: 10,
        trajectory: true,
        milestones: false,
      });
    });
  });

  it('refuses bad input, naming the field, and writes nothing', async () => {
    const before = await eventCount(t);
    const post = (body: unknown, key: string = KEYS.analyst) =>
      t.request('POST', '/api/status-rules', body, as(key));
    const valid = { effectiveFrom: '2021-05-01', reason: 'Motif valable' };
    expectProblem(await post({ effectiveFrom: '2021-05-01' }), 400, 'REQUEST.INVALID', 'reason');
    expectProblem(await post({ reason: 'Motif valable' }), 400, 'REQUEST.INVALID', 'effectiveFrom');
    expectProblem(
      await post({ ...valid, effectiveFrom: '2021-02-30' }),
      400,
      'REQUEST.INVALID',
      'effectiveFrom',
    );
    expectProblem(await post({ ...valid, warningDays: -1 }), 400, 'REQUEST.INVALID', 'warningDays');
    expectProblem(
      await post({ ...valid, warningDays: 367 }),
      400,
      'REQUEST.INVALID',
      'warningDays',
    );
    expectProblem(
      await post({ ...valid, staleDelayDays: 1.5 }),
      400,
      'REQUEST.INVALID',
      'staleDelayDays',
    );
    expectProblem(
      await post({ ...valid, trajectory: 'yes' }),
      400,
      'REQUEST.INVALID',
      'trajectory',
    );
    expectProblem(await post({ ...valid, milestones: 1 }), 400, 'REQUEST.INVALID', 'milestones');
    expectProblem(await post({ ...valid, reason: 'ab\u202ecd' }), 400, 'REQUEST.INVALID', 'reason');
    expectProblem(
      await post({ ...valid, decisionRef: 'a\nb' }),
      400,
      'REQUEST.INVALID',
      'decisionRef',
    );
    expectProblem(await post({ ...valid, initial: true }), 400, 'REQUEST.INVALID', 'initial');
    expectProblem(await post({ ...valid, staleDays: 30 }), 400, 'REQUEST.INVALID', 'staleDays');
    expectProblem(await post(valid, KEYS.auditor), 403, 'AUTH.FORBIDDEN');
    expectProblem(await post(valid, KEYS.MI), 403, 'AUTH.FORBIDDEN');
    expectProblem(
      await t.request('GET', '/api/status?rules=today'),
      400,
      'REQUEST.INVALID',
      'rules',
    );
    expect(await eventCount(t)).toBe(before);
  });

  it('describes the rule sets and the new item fields in OpenAPI', async () => {
    const doc = (await t.request('GET', '/api/docs/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/status-rules',
        '/api/commitments/{id}/reporting',
        '/api/commitments/{id}/milestones',
      ]),
    );
    const item = doc.components.schemas.StatusItemSchema.properties;
    for (const field of ['progressRate', 'reporting', 'upToDate', 'nextReportDue', 'milestones'])
      expect(item[field]?.description ?? item[field]?.$ref ?? item[field]?.items).toBeDefined();
    const boardSchema = doc.components.schemas.BoardSchema.properties;
    for (const field of ['rules', 'noReport', 'meanProgressRate'])
      expect(boardSchema[field]).toBeDefined();
    const rollup = doc.components.schemas.RollupSchema.properties;
    for (const field of ['metShare', 'meanProgressRate', 'holdingBack', 'noReport'])
      expect(rollup[field]).toBeDefined();
    const statusParameters = doc.paths['/api/status'].get.parameters.map(
      (p: { name: string }) => p.name,
    );
    expect(statusParameters).toContain('rules');
    const decision = doc.components.schemas.CreateCommitmentDto.properties;
    expect(decision.reporting).toBeDefined();
    expect(decision.milestones).toBeDefined();
  });
});

describe('the first rule set, when servers start together', () => {
  it('is recorded once, however many servers start on an empty store at the same time', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cosinum-e2e-rules-'));
    const apps: TestApp[] = [];
    try {
      apps.push(...(await Promise.all([startTestApp({ dataDir }), startTestApp({ dataDir })])));
      for (const app of apps) {
        // Each server follows the other's writes: both list the one rule set.
        let listed = await app.request('GET', '/api/status-rules');
        for (let i = 0; i < 100 && listed.body.items.length === 0; i++) {
          await new Promise((r) => setTimeout(r, 20));
          listed = await app.request('GET', '/api/status-rules');
        }
        expect(listed.body.items.map((r: { id: string }) => r.id)).toEqual(['R1']);
      }
      await Promise.all(apps.map((a) => a.close()));
      // A restart finds it there and adds nothing.
      const restarted = await startTestApp({ dataDir });
      apps.push(restarted);
      expect((await restarted.request('GET', '/api/status-rules')).body.items).toHaveLength(1);
      expect(await eventCount(restarted)).toBe(1);
    } finally {
      for (const app of apps) await app.close();
      // The EventStoreDB double of this directory stops with the suite.
      if (!onEventStoreDb) rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
