import { hashApiKey } from '../apps/api/src/auth/api-keys';
import {
  TEST_API_KEYS,
  as,
  emailCommitment,
  eventCount,
  expectProblem,
  KEYS,
  startTestApp,
  type TestApp,
} from './support/test-app';

/**
 * Organisations as events, through real HTTP: created, renamed, merged, split and dissolved with
 * an effective date, a reason and a reference; `GET /api/ministries?asOf=&knownAt=` lists those
 * existing that day with the names they had then; boards follow the chart: "every ministry" is
 * every ministry existing on the day, nobody is held to what was due before it existed, and a
 * merged or split organisation's items pass to its successors with their history.
 */

const MEFR_KEY = 'test-ministere-mefr-key';
const MACP_KEY = 'test-ministere-macp-key';
const MACP_FOLLOW_KEY = 'test-ministere-macp-follow-key';

const CASTEX = 'Décret du 6 juillet 2020 relatif à la composition du Gouvernement';
const BORNE = 'Décret du 20 mai 2022 relatif à la composition du Gouvernement';

type Item = {
  commitmentId: string;
  ministry: string;
  state: string;
  takenOverFrom?: string;
  latestValue: number | null;
  reasons: { code: string; message: string }[];
};
type Listed = { code: string; name: string; of: string; to: string; since: string | null };

const ministry = (code: string, name: string, of: string, to: string, on = '2020-01-01') => ({
  code,
  kind: 'ministry',
  name,
  shortName: name.replace(/^Ministère (de l'|de la |des |du )/, ''),
  of,
  to,
  on,
  reason: 'Référentiel de test',
});

describe('organisations over HTTP', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};

  const board = async (asOf: string, knownAt?: string): Promise<Item[]> => {
    const r = await t.request(
      'GET',
      `/api/status?asOf=${asOf}${knownAt ? `&knownAt=${encodeURIComponent(knownAt)}` : ''}`,
    );
    expect(r.status).toBe(200);
    return r.body.items as Item[];
  };
  const itemsOf = (items: Item[], id: string) =>
    items
      .filter((i) => i.commitmentId === ids[id])
      .map((i) => i.ministry)
      .sort();
  const listed = async (query: string): Promise<Listed[]> => {
    const r = await t.request('GET', `/api/ministries?${query}`, undefined, as(KEYS.MI));
    expect(r.status).toBe(200);
    return r.body.items as Listed[];
  };
  const decide = async (key: string, overrides: Record<string, unknown>) => {
    const r = await t.request(
      'POST',
      '/api/commitments',
      emailCommitment({
        externalId: `org-${key}`,
        source: { document: 'test', section: key, decidedOn: '2020-05-28' },
        ...overrides,
      }),
    );
    expect(r.status).toBe(201);
    ids[key] = r.body.id as string;
  };

  beforeAll(async () => {
    t = await startTestApp({
      now: '2023-01-02T09:00:00.000Z',
      env: {
        API_KEYS: [
          TEST_API_KEYS,
          `test-mefr:ministry:MEFR:${hashApiKey(MEFR_KEY)}`,
          `test-macp:ministry:MACP:${hashApiKey(MACP_KEY)}`,
          `test-macp-follow:ministry:MACP:follow:${hashApiKey(MACP_FOLLOW_KEY)}`,
        ].join(','),
      },
    });
    for (const body of [
      ministry(
        'MEFR',
        "Ministère de l'Économie et des Finances",
        "du ministère de l'Économie et des Finances",
        "au ministère de l'Économie et des Finances",
      ),
      ministry(
        'MACP',
        "Ministère de l'Action et des Comptes publics",
        "du ministère de l'Action et des Comptes publics",
        "au ministère de l'Action et des Comptes publics",
      ),
      ministry(
        'MSS',
        'Ministère des Solidarités et de la Santé',
        'du ministère des Solidarités et de la Santé',
        'au ministère des Solidarités et de la Santé',
      ),
      ministry(
        'MI',
        "Ministère de l'Intérieur",
        "du ministère de l'Intérieur",
        "au ministère de l'Intérieur",
      ),
      ministry(
        'MOM',
        'Ministère des Outre-mer',
        'du ministère des Outre-mer',
        'au ministère des Outre-mer',
      ),
    ])
      expect((await t.request('POST', '/api/ministries', body)).status).toBe(201);

    // C2: held by MACP alone, reported before its merger; C1: MACP and MEFR both.
    await decide('C1', { ministries: ['MACP', 'MEFR'], deadline: '2020-12-31' });
    await decide('C2', { ministries: ['MACP'], deadline: '2021-06-30' });
    // Every ministry: C3 due before MTFP existed, C4 after.
    await decide('C3', { ministries: 'all', deadline: '2020-06-30' });
    await decide('C4', { ministries: 'all', deadline: '2021-06-30' });
    // Split: C5 assigned to MSP, C6 to nobody in particular (both successors).
    await decide('C5', { ministries: ['MSS'], deadline: '2023-12-31' });
    await decide('C6', { ministries: ['MSS'], deadline: '2023-12-31' });
    // Dissolution.
    await decide('C7', { ministries: ['MOM', 'MI'], deadline: '2021-06-30' });
    const report = await t.request('POST', `/api/commitments/${ids.C2}/progress`, {
      ministry: 'MACP',
      value: 40,
      on: '2020-06-15',
    });
    expect(report.status).toBe(201);

    // The Castex changes are recorded on 5 January 2023: knownAt before it sees none of them.
    t.clock.set('2023-01-05T09:00:00.000Z');
    const merged = await t.request('POST', '/api/ministries/MACP/merger', {
      into: 'MEFR',
      on: '2020-07-06',
      reason: 'Les comptes publics rejoignent le ministère de l’Économie',
      reference: CASTEX,
    });
    expect(merged.status).toBe(201);
    expect(merged.body.events).toEqual([
      {
        type: 'OrganisationsMerged',
        data: expect.objectContaining({ code: 'MACP', into: 'MEFR', on: '2020-07-06' }),
      },
    ]);
    expect(
      (
        await t.request(
          'POST',
          '/api/ministries',
          ministry(
            'MTFP',
            'Ministère de la Transformation et de la Fonction publiques',
            'du ministère de la Transformation et de la Fonction publiques',
            'au ministère de la Transformation et de la Fonction publiques',
            '2020-07-06',
          ),
        )
      ).status,
    ).toBe(201);
    const renamed = await t.request('POST', '/api/ministries/MEFR/renaming', {
      name: "Ministère de l'Économie, des Finances et de la Relance",
      shortName: 'Économie et Finances',
      of: "du ministère de l'Économie, des Finances et de la Relance",
      to: "au ministère de l'Économie, des Finances et de la Relance",
      on: '2020-07-06',
      reason: 'Gouvernement Castex',
      reference: CASTEX,
    });
    expect(renamed.status).toBe(201);
    expect(renamed.body.events[0].data.previousName).toBe(
      "Ministère de l'Économie et des Finances",
    );

    t.clock.set('2023-01-06T09:00:00.000Z');
    expect(
      (
        await t.request('POST', '/api/ministries/MOM/dissolution', {
          on: '2021-01-01',
          reason: 'Test : dissolution',
        })
      ).status,
    ).toBe(201);
    for (const [code, name] of [
      ['MSP', 'Santé et de la Prévention'],
      ['MSAPH', 'Solidarités, de l’Autonomie et des Personnes handicapées'],
    ])
      expect(
        (
          await t.request(
            'POST',
            '/api/ministries',
            ministry(
              code,
              `Ministère de la ${name}`,
              `du ministère de la ${name}`,
              `au ministère de la ${name}`,
              '2022-05-20',
            ),
          )
        ).status,
      ).toBe(201);
    const split = await t.request('POST', '/api/ministries/MSS/split', {
      into: ['MSP', 'MSAPH'],
      assignments: { [ids.C5]: 'MSP' },
      on: '2022-05-20',
      reason: 'Gouvernement Borne',
      reference: BORNE,
    });
    expect(split.status).toBe(201);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  describe('GET /api/ministries', () => {
    it('lists those existing on the day, with the names they had then', async () => {
      const june = await listed('asOf=2020-06-01');
      const july = await listed('asOf=2020-07-15');
      expect(june.map((o) => o.code)).toEqual(['MEFR', 'MACP', 'MSS', 'MI', 'MOM']);
      expect(july.map((o) => o.code)).toEqual(['MEFR', 'MSS', 'MI', 'MOM', 'MTFP']);
      expect(june.find((o) => o.code === 'MEFR')).toMatchObject({
        name: "Ministère de l'Économie et des Finances",
        of: "du ministère de l'Économie et des Finances",
        since: '2020-01-01',
      });
      expect(july.find((o) => o.code === 'MEFR')).toMatchObject({
        name: "Ministère de l'Économie, des Finances et de la Relance",
        to: "au ministère de l'Économie, des Finances et de la Relance",
      });
      const borne = await listed('asOf=2022-06-01');
      expect(borne.map((o) => o.code)).toEqual(['MEFR', 'MI', 'MTFP', 'MSP', 'MSAPH']);
    });

    it('as known before the changes were recorded: the chart of then', async () => {
      const before = await listed('asOf=2020-07-15&knownAt=2023-01-03T00:00:00.000Z');
      expect(before.map((o) => o.code)).toEqual(['MEFR', 'MACP', 'MSS', 'MI', 'MOM']);
      expect(before[0].name).toBe("Ministère de l'Économie et des Finances");
    });
  });

  describe('boards follow the chart', () => {
    it('before the merger, the merged ministry holds its items; after, its successor, with their history', async () => {
      const june = await board('2020-06-30');
      expect(itemsOf(june, 'C2')).toEqual(['MACP']);
      const july = await board('2020-07-15');
      const taken = july.filter((i) => i.commitmentId === ids.C2);
      expect(taken).toHaveLength(1);
      expect(taken[0]).toMatchObject({ ministry: 'MEFR', takenOverFrom: 'MACP', latestValue: 40 });
      expect(taken[0].reasons).toContainEqual({
        code: 'TAKEN_OVER',
        message: "Repris du ministère de l'Action et des Comptes publics le 06/07/2020.",
      });
      // MEFR held C1 itself: one item, its own.
      expect(itemsOf(july, 'C1')).toEqual(['MEFR']);
    });

    it('as known before the merger was recorded, the board of July still shows MACP', async () => {
      const items = await board('2020-07-15', '2023-01-03T00:00:00.000Z');
      expect(itemsOf(items, 'C2')).toEqual(['MACP']);
    });

    it('"every ministry" means every ministry existing on the day', async () => {
      // The static list's codes the chart does not know keep the decision's word: left aside.
      const CHART = ['MEFR', 'MACP', 'MSS', 'MI', 'MOM', 'MTFP', 'MSP', 'MSAPH'];
      const inChart = (codes: string[]) => codes.filter((c) => CHART.includes(c));
      const june = await board('2020-06-15');
      expect(inChart(itemsOf(june, 'C4'))).toEqual(['MACP', 'MEFR', 'MI', 'MOM', 'MSS']);
      const july = await board('2020-07-15');
      expect(inChart(itemsOf(july, 'C4'))).toEqual(['MEFR', 'MI', 'MOM', 'MSS', 'MTFP']);
      const later = await board('2021-02-01');
      expect(inChart(itemsOf(later, 'C4'))).toEqual(['MEFR', 'MI', 'MSS', 'MTFP']);
      const borne = await board('2022-06-01');
      expect(inChart(itemsOf(borne, 'C4'))).toEqual(['MEFR', 'MI', 'MSAPH', 'MSP', 'MTFP']);
    });

    it('nobody is held to what was due before it existed', async () => {
      for (const asOf of ['2020-06-15', '2020-07-15', '2021-02-01']) {
        const items = await board(asOf);
        expect(itemsOf(items, 'C3')).not.toContain('MTFP');
        expect(items.filter((i) => i.ministry === 'MTFP').map((i) => i.commitmentId)).toEqual([
          ...(asOf === '2020-06-15' ? [] : [ids.C4]),
        ]);
      }
    });

    it('a dissolved ministry holds nothing from its dissolution, and nobody takes over', async () => {
      expect(itemsOf(await board('2020-12-15'), 'C7')).toEqual(['MI', 'MOM']);
      expect(itemsOf(await board('2021-02-01'), 'C7')).toEqual(['MI']);
    });

    it('a split passes each item to the successor it was assigned to, the others to every successor', async () => {
      expect(itemsOf(await board('2022-05-19'), 'C5')).toEqual(['MSS']);
      const after = await board('2022-06-01');
      expect(itemsOf(after, 'C5')).toEqual(['MSP']);
      expect(itemsOf(after, 'C6')).toEqual(['MSAPH', 'MSP']);
      expect(after.find((i) => i.commitmentId === ids.C6)?.takenOverFrom).toBe('MSS');
    });
  });

  describe('the successor acts on what it took over', () => {
    it('reports on an item it took over: the fact goes to the item, the actor says who', async () => {
      const before = await eventCount(t);
      const reported = await t.request(
        'POST',
        `/api/commitments/${ids.C2}/progress`,
        { ministry: 'MEFR', value: 70, on: '2023-01-05' },
        as(MEFR_KEY),
      );
      expect(reported.status).toBe(201);
      expect(await eventCount(t)).toBe(before + 1);
      const history = await t.request('GET', `/api/commitments/${ids.C2}/history`);
      const last = history.body.items[history.body.items.length - 1];
      expect(last).toMatchObject({
        type: 'ProgressReported',
        data: { ministry: 'MACP', value: 70 },
        actor: { subject: 'api-key:test-mefr', ministry: 'MEFR' },
      });
      const item = (await board('2023-01-06')).find(
        (i) => i.commitmentId === ids.C2 && i.ministry === 'MEFR',
      );
      expect(item).toMatchObject({ takenOverFrom: 'MACP', latestValue: 70 });
    });

    it('a key of the merged ministry marked follow acts for its successor; one without keeps its own code', async () => {
      const mefrBoard = '/api/ministries/MEFR/status?asOf=2023-01-06';
      expect((await t.request('GET', mefrBoard, undefined, as(MACP_FOLLOW_KEY))).status).toBe(200);
      expect((await t.request('GET', mefrBoard, undefined, as(MACP_KEY))).status).toBe(403);
      const before = await eventCount(t);
      const reported = await t.request(
        'POST',
        `/api/commitments/${ids.C1}/progress`,
        { ministry: 'MEFR', value: 55, on: '2023-01-05' },
        as(MACP_FOLLOW_KEY),
      );
      expect(reported.status).toBe(201);
      const history = await t.request('GET', `/api/commitments/${ids.C1}/history`);
      expect(history.body.items[history.body.items.length - 1].actor).toEqual({
        subject: 'api-key:test-macp-follow',
        role: 'ministry',
        ministry: 'MEFR',
        onBehalfOf: 'MACP',
      });
      expect(await eventCount(t)).toBe(before + 1);
    });
  });

  describe('GET /api/ministries/:code/history', () => {
    it("includes the lineage and the merged ministry's history", async () => {
      const r = await t.request('GET', '/api/ministries/MEFR/history');
      expect(r.status).toBe(200);
      expect(r.body.lineage).toMatchObject({
        code: 'MEFR',
        predecessors: [{ code: 'MACP', kind: 'merged', on: '2020-07-06', reference: CASTEX }],
        successors: [],
        ending: null,
      });
      expect(r.body.lineage.names.map((n: { name: string }) => n.name)).toEqual([
        "Ministère de l'Économie et des Finances",
        "Ministère de l'Économie, des Finances et de la Relance",
      ]);
      expect(
        r.body.items.some(
          (e: { type: string; data: { ministry?: string } }) =>
            e.type === 'ProgressReported' && e.data.ministry === 'MACP',
        ),
      ).toBe(true);
      // As known before the merger was recorded (history up to 3 January 2023): no predecessor.
      const before = await t.request('GET', '/api/ministries/MEFR/history?to=2023-01-03');
      expect(before.body.lineage).toMatchObject({ predecessors: [], ending: null });
      expect(before.body.lineage.names).toHaveLength(1);
      const macp = await t.request('GET', '/api/ministries/MACP/history');
      expect(macp.body.lineage).toMatchObject({
        successors: ['MEFR'],
        ending: { kind: 'merged', on: '2020-07-06', reference: CASTEX },
      });
    });

    it('answers 404 for a code nobody knows', async () => {
      expectProblem(await t.request('GET', '/api/ministries/NOPE/history'), 404);
    });
  });

  describe('a code created through the API', () => {
    it('is accepted by commitment commands', async () => {
      const decided = await t.request(
        'POST',
        '/api/commitments',
        emailCommitment({ externalId: 'org-msp', ministries: ['MSP'] }),
      );
      expect(decided.status).toBe(201);
      const report = await t.request('POST', `/api/commitments/${decided.body.id}/progress`, {
        ministry: 'MSP',
        value: 10,
        on: '2022-12-01',
      });
      expect(report.status).toBe(201);
    });

    it('may receive the weekly reminder: its contacts are registered', async () => {
      const r = await t.request('POST', '/api/ministries/MSP/contacts', {
        email: 'referent@sante.gouv.fr',
        name: 'Référent numérique',
      });
      expect(r.status).toBe(201);
      expectProblem(
        await t.request('POST', '/api/ministries/NOPE/contacts', { email: 'x@sante.gouv.fr' }),
        404,
      );
    });

    it('a code nobody created is still refused, naming the field', async () => {
      expectProblem(
        await t.request(
          'POST',
          '/api/commitments',
          emailCommitment({ externalId: 'org-nope', ministries: ['MI', 'NOPE'] }),
        ),
        400,
        'REQUEST.INVALID',
        'ministries',
      );
    });
  });

  describe('refusals write nothing', () => {
    const refused = async (
      path: string,
      body: unknown,
      status: number,
      code: string,
      field?: string,
      key: string = KEYS.analyst,
    ) => {
      const before = await eventCount(t);
      expectProblem(await t.request('POST', path, body, as(key)), status, code, field);
      expect(await eventCount(t)).toBe(before);
    };

    it('a code already taken: 409', () =>
      refused(
        '/api/ministries',
        ministry('MACP', 'Ministère X', 'du ministère X', 'au ministère X'),
        409,
        'ORGANISATION.CODE_TAKEN',
        'code',
      ));
    it('a merger into an organisation that does not exist that day: 404', () =>
      refused(
        '/api/ministries/MI/merger',
        { into: 'MTFP', on: '2020-06-01', reason: 'Test de refus' },
        404,
        'ORGANISATION.NOT_FOUND',
        'into',
      ));
    it('a split assigning a commitment to a non-successor: 400', () =>
      refused(
        '/api/ministries/MEFR/split',
        {
          into: ['MI', 'MTFP'],
          assignments: { x: 'MSP' },
          on: '2021-01-01',
          reason: 'Test de refus',
        },
        400,
        'ORGANISATION.INVALID',
        'assignments.x',
      ));
    it('a renaming to the same name: 400', () =>
      refused(
        '/api/ministries/MI/renaming',
        {
          name: "Ministère de l'Intérieur",
          shortName: 'Intérieur',
          of: "du ministère de l'Intérieur",
          to: "au ministère de l'Intérieur",
          on: '2021-01-01',
          reason: 'Test de refus',
        },
        400,
        'ORGANISATION.INVALID',
        'name',
      ));
    it('an impossible date, a missing reason, a bad code: 400 naming the field', async () => {
      await refused(
        '/api/ministries/MI/dissolution',
        { on: '2021-02-30', reason: 'Test de refus' },
        400,
        'REQUEST.INVALID',
        'on',
      );
      await refused(
        '/api/ministries/MI/dissolution',
        { on: '2021-02-01' },
        400,
        'REQUEST.INVALID',
        'reason',
      );
      await refused(
        '/api/ministries',
        ministry('mi-2', 'Ministère X', 'du ministère X', 'au ministère X'),
        400,
        'REQUEST.INVALID',
        'code',
      );
    });
    it('a ministry key may not record a change: 403', () =>
      refused(
        '/api/ministries/MI/dissolution',
        { on: '2021-02-01', reason: 'Test de refus' },
        403,
        'AUTH.FORBIDDEN',
        undefined,
        KEYS.MI,
      ));
  });
});

describe('the reference lineage on a fresh start (with the real catalogue)', () => {
  let t: TestApp;
  type Board = { items: Item[] };

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-23T09:00:00Z', env: { LOAD_CATALOGUE: 'if-empty' } });
  });
  afterAll(async () => {
    await t?.dispose();
  });

  const codesOn = async (asOf: string): Promise<Listed[]> =>
    (await t.request('GET', `/api/ministries?asOf=${asOf}`)).body.items as Listed[];

  it('lists the Philippe II ministries on 1 June 2020, the Castex ones on 15 July 2020', async () => {
    const june = await codesOn('2020-06-01');
    const july = await codesOn('2020-07-15');
    const codes = (l: Listed[]) => l.map((o) => o.code);
    expect(codes(june)).toEqual(expect.arrayContaining(['MACP', 'MSPORTS', 'DINUM', 'CNAM']));
    expect(codes(june)).not.toEqual(expect.arrayContaining(['MTFP']));
    expect(codes(june)).not.toContain('MMER');
    expect(codes(july)).toEqual(expect.arrayContaining(['MTFP', 'MMER', 'DINUM', 'CNAM']));
    expect(codes(july)).not.toContain('MACP');
    expect(codes(july)).not.toContain('MSPORTS');
    const name = (l: Listed[], code: string) => l.find((o) => o.code === code)?.name;
    expect(name(june, 'MTE')).toBe('Ministère de la Transition écologique et solidaire');
    expect(name(july, 'MTE')).toBe('Ministère de la Transition écologique');
    expect(name(june, 'MTEI')).toBe('Ministère du Travail');
    expect(name(july, 'MTEI')).toBe("Ministère du Travail, de l'Emploi et de l'Insertion");
    expect(july.find((o) => o.code === 'SPM')?.to).toBe('aux services du Premier ministre');
    expect(july.find((o) => o.code === 'DINUM')?.of).toBe('de la DINUM');
    expect(july.find((o) => o.code === 'MINARM')?.of).toBe('du ministère des Armées');
    const borne = await codesOn('2022-06-01');
    expect(codes(borne)).toEqual(expect.arrayContaining(['MSP', 'MSAPH', 'MTEN']));
    expect(codes(borne)).not.toContain('MSS');
    expect(codes(borne)).not.toContain('MCTRCT');
  });

  it('no item of the board is held by an organisation on a day before it existed', async () => {
    for (const asOf of ['2020-06-15', '2020-06-30', '2020-07-15', '2021-04-01', '2022-06-01']) {
      const existing = new Set((await codesOn(asOf)).map((o) => o.code));
      const response = await t.request('GET', `/api/status?asOf=${asOf}`);
      expect(response.status).toBe(200);
      const { items } = response.body as Board;
      expect(items.length).toBeGreaterThan(0);
      expect(
        items.filter((i) => !existing.has(i.ministry)).map((i) => `${asOf} ${i.ministry}`),
      ).toEqual([]);
    }
  });

  it('the ministry page names the ministry as it was on the day, with the articles recorded', async () => {
    const page = async (asOf: string) => {
      const r = await t.request('GET', `/tableau-de-bord/ministeres/MTE?asOf=${asOf}`);
      expect(r.status).toBe(200);
      return r.text;
    };
    const june = await page('2020-06-15');
    expect(june).toContain(
      '<h1 class="fr-mt-2w">Ministère de la Transition écologique et solidaire</h1>',
    );
    expect(june).toContain('Engagements du ministère de la Transition écologique et solidaire,');
    const july = await page('2020-07-15');
    expect(july).toContain('<h1 class="fr-mt-2w">Ministère de la Transition écologique</h1>');
    expect(july).toContain('Engagements du ministère de la Transition écologique,');
  });

  it('MTFP is not overdue on the decisions of 28 May 2020 in June 2020: it holds nothing then', async () => {
    for (const asOf of ['2020-06-15', '2020-06-30']) {
      const r = await t.request('GET', `/api/status?asOf=${asOf}&ministry=MTFP`);
      expect(r.status).toBe(200);
      expect((r.body as Board).items).toEqual([]);
    }
  });
});
