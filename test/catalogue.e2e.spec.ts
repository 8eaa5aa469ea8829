import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { eventCount, startTestApp, type TestApp } from './support/test-app';

const CATALOGUE = join(__dirname, '..', 'data', 'catalogue', 'cosinum.catalogue.yaml');
const catalogueText = readFileSync(CATALOGUE, 'utf8');
const entryCount = (parse(catalogueText) as { commitments: unknown[] }).commitments.length;

/** The catalogue with the email decision's target revised to 95 %. */
const revisedText = catalogueText.replace(
  /(externalId: cosinum-2020-12-03-messagerie[^\n]*\n(?:(?! {2}- externalId)[\s\S])*?target: )100/,
  '$195',
);

const postYaml = (t: TestApp, body: string, query = '') =>
  t.request('POST', `/api/imports/catalogue${query}`, body, { 'content-type': 'application/yaml' });

describe('the COSINUM catalogue, loaded on an empty store and importable over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-23T09:00:00Z', env: { LOAD_CATALOGUE: 'if-empty' } });
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('starts on the real commitments: every catalogue entry, the email decision among them', async () => {
    const list = await t.request('GET', '/api/commitments');
    expect(list.body.items).toHaveLength(entryCount);
    const email = list.body.items.find((c: { title: string }) =>
      /adresse email professionnelle/.test(c.title),
    );
    expect(email).toMatchObject({ deadline: '2021-03-31', decidedOn: '2020-12-03' });
    const view = await t.request('GET', `/api/commitments/${email.id}?asOf=2021-02-02`);
    // « contre 70 % au 1er novembre 2020 » is the State's figure: no ministry's baseline.
    expect(view.body.commitment.metric).toEqual({
      kind: 'percentage',
      unit: '% des agents',
      direction: 'increase',
      target: 100,
    });
    expect(view.body.ministries).toHaveLength(17);
    const board = await t.request('GET', '/api/status?ministry=MI&asOf=2021-02-02');
    expect(
      board.body.items.some((i: { commitmentId: string }) => i.commitmentId === email.id),
    ).toBe(true);
    const history = await t.request('GET', `/api/commitments/${email.id}/history`);
    expect(history.body.items[0].actor).toEqual({
      subject: 'system:catalogue-loader',
      role: 'system',
    });
  });

  it('turns a period deadline into a date and keeps the original wording', async () => {
    const list = await t.request('GET', '/api/commitments');
    const periods = list.body.items.filter((c: { deadlineWording?: string }) => c.deadlineWording);
    expect(periods.length).toBeGreaterThan(30);
    for (const c of periods) expect(c.deadline).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('says when a deadline was inferred and how precisely a decision is dated, on the board and the commitment page', async () => {
    const list = await t.request('GET', '/api/commitments');
    const find = (externalId: string) =>
      list.body.items.find((c: { externalId?: string }) => c.externalId === externalId);
    const smartphone = find('cosinum-2021-strategie-equipement-smartphone');
    expect(smartphone.deadlineInferredFrom).toMatch(/COSINUM de décembre/);
    const board = await t.request('GET', '/api/status?asOf=2021-06-01&ministry=DINUM');
    const item = board.body.items.find(
      (i: { commitmentId: string }) => i.commitmentId === smartphone.id,
    );
    expect(item.deadlineInferredFrom).toBe(smartphone.deadlineInferredFrom);
    const page = (await t.request('GET', `/tableau-de-bord/engagements/${smartphone.id}`)).text;
    expect(page).toContain('échéance déduite\u202f: la demande n&#39;a pas d&#39;échéance');
    expect(page).toContain('au 1er semestre 2021');
    expect(page).not.toContain('01/01/2021');
    expect(page).toContain('Relevé de décisions du COSINUM du 1er semestre 2021');
    expect(page).not.toContain('001_2ea910a2550782ed.txt');

    const contact = find('cosinum-2021-canaux-contact-temps-reel');
    expect(contact.deadlineWording).toBe("avant I'été");
    const contactPage = (await t.request('GET', `/tableau-de-bord/engagements/${contact.id}`)).text;
    expect(contactPage).toContain('avant l&#39;été');
    expect(contactPage).not.toMatch(/avant I(&#39;|')été/);
    // A decision dated to the day keeps its day; one the source gives no deadline for says so.
    const email = find('cosinum-2020-12-03-messagerie-distance');
    const emailPage = (await t.request('GET', `/tableau-de-bord/engagements/${email.id}`)).text;
    expect(emailPage).toContain('03/12/2020');
    expect(emailPage).not.toContain('échéance déduite');
  });

  it('is not loaded again by a second start on the same store', async () => {
    const before = await eventCount(t);
    const second = await startTestApp({
      dataDir: t.dataDir,
      now: '2026-11-23T10:00:00Z',
      env: { LOAD_CATALOGUE: 'if-empty' },
    });
    try {
      expect(await eventCount(second)).toBe(before);
    } finally {
      await second.close();
    }
  });

  it('writes nothing when the same file is imported again', async () => {
    const before = await eventCount(t);
    const again = await postYaml(t, catalogueText);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: 0, eventsWritten: 0, unchanged: entryCount });
    expect(await eventCount(t)).toBe(before);
  });

  it('records exactly one target revision for a changed target', async () => {
    const before = await eventCount(t);
    expect(revisedText).not.toBe(catalogueText);
    const result = await postYaml(t, revisedText);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ created: 0, revised: 1, eventsWritten: 1 });
    expect(await eventCount(t)).toBe(before + 1);
  });

  it('records a changed cadence and a new milestone as one ruling each', async () => {
    const before = await eventCount(t);
    // On the file as the test before left it (target 95): only the cadence and a milestone change.
    const changed = revisedText.replace(
      /(externalId: cosinum-2020-12-03-messagerie[^\n]*\n(?:(?! {2}- externalId)[\s\S])*?)reporting: \{ every: half-year, delayDays: 150 \}/,
      '$1reporting: { every: month }\n    milestones: [{ "on": 2021-02-15, target: 85, label: "Mi-parcours" }]',
    );
    expect(changed).not.toBe(catalogueText);
    const result = await postYaml(t, changed);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      created: 0,
      reportingChanged: 1,
      milestonesAdded: 1,
      eventsWritten: 2,
      warnings: [],
    });
    expect(await eventCount(t)).toBe(before + 2);
    const again = await postYaml(t, changed);
    expect(again.body).toMatchObject({ eventsWritten: 0 });
  });

  it('shows a projection as a milestone on the board, never as a value', async () => {
    const board = await t.request('GET', '/api/status?ministry=DINUM&asOf=2021-01-15');
    const item = board.body.items.find(
      (i: { externalId?: string }) => i.externalId === 'techgouv-kpi-data-succes-decloisonnement',
    );
    // Nothing declared yet: the milestone's day passed in silence, which the board says as
    // silence (NO_REPORT, « sans déclaration »), not as a failure.
    expect(item).toMatchObject({
      state: 'on_track',
      latestValue: null,
      reporting: { every: 'year', delayDays: 182 },
      upToDate: true,
      nextReportDue: '2021-07-01',
      milestones: [{ on: '2020-12-31', target: 80, label: 'Projection fin 2020', state: 'missed' }],
    });
    expect(item.reasons.map((r: { code: string }) => r.code)).toEqual(['ON_TRACK', 'NO_REPORT']);
  });

  it('rejects a wrong cadence or milestone, naming the field, and writes nothing', async () => {
    const before = await eventCount(t);
    const broken = catalogueText
      .replace('reporting: { every: half-year, delayDays: 150 }', 'reporting: { every: daily }')
      .replace(
        '- { "on": 2020-12-31, target: 80, label: "Projection fin 2020" }',
        '- { "on": 2023-01-31, target: 80, label: "Projection fin 2020" }',
      );
    const result = await postYaml(t, broken);
    expect(result.status).toBe(400);
    expect(result.body.errors.map((e: { field: string }) => e.field)).toEqual([
      expect.stringMatching(/^commitments\[\d+\]\.milestones\[0\]\.on$/),
      expect.stringMatching(/^commitments\[\d+\]\.reporting\.every$/),
    ]);
    expect(await eventCount(t)).toBe(before);
  });

  it('rejects a malformed file with line-accurate errors and writes nothing', async () => {
    const before = await eventCount(t);
    const broken = catalogueText.replace('kind: percentage', 'kind: pourcentage');
    const line = broken.split('\n').findIndex((l) => l.includes('kind: pourcentage')) + 1;
    const result = await postYaml(t, broken);
    expect(result.status).toBe(400);
    expect(result.headers.get('content-type')).toContain('application/problem+json');
    expect(result.body.errors[0]).toMatchObject({ line });
    expect(result.body.errors[0].field).toMatch(/metric\.kind/);
    expect(await eventCount(t)).toBe(before);
  });

  it('answers the first 100 errors of a file and their total, not every one', async () => {
    const before = await eventCount(t);
    const many = `version: 1\ncommitments:\n${Array.from(
      { length: 400 },
      (_, i) => `  - externalId: e-${i}\n    title: 12\n`,
    ).join('')}`;
    const result = await postYaml(t, many);
    expect(result.status).toBe(400);
    expect(result.body.errors).toHaveLength(100);
    expect(result.body.totalErrors).toBeGreaterThan(400);
    expect(result.body.detail).toBe(`${result.body.totalErrors} errors; the first 100 are listed`);
    // In line order: the first entry's own errors come first.
    expect(result.body.errors[0].line).toBe(3);
    expect(await eventCount(t)).toBe(before);
  });

  it('imports progress from a French Excel CSV, all or nothing, idempotently', async () => {
    const csv =
      '\uFEFFEngagement;Ministère;Valeur;Date;Note\r\ncosinum-2020-12-03-messagerie-distance;MI;85,5;01/02/2021;Relevé DNUM\r\n';
    const before = await eventCount(t);
    const first = await t.request('POST', '/api/imports/progress', csv, {
      'content-type': 'text/csv',
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ recorded: 1, eventsWritten: 1 });
    expect(await eventCount(t)).toBe(before + 1);
    const again = await t.request('POST', '/api/imports/progress', csv, {
      'content-type': 'text/csv',
    });
    expect(again.body).toMatchObject({ recorded: 0, skipped: 1, eventsWritten: 0 });
    const bad = `${csv}cosinum-2020-12-03-messagerie-distance;XX;90;02/02/2021;\r\n`;
    const rejected = await t.request('POST', '/api/imports/progress', bad, {
      'content-type': 'text/csv',
    });
    expect(rejected.status).toBe(400);
    expect(rejected.body.errors).toEqual([expect.objectContaining({ line: 3 })]);
    expect(await eventCount(t)).toBe(before + 1);
  });
});
