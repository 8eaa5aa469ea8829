import { ALL_MINISTRY_CODES } from '@cosinum/domain';
import { Workbook } from 'exceljs';
import { KEYS, startTestApp, type TestApp } from './support/test-app';

/**
 * The decision of 28 May 2020 ("JeDonneMonAvis" in every Top 250 démarche by 30 June 2020) allowed
 * extra time for Pôle emploi, CNAM and CNAF: an extension for one of them moves only its deadline.
 */
describe('per-ministry extensions and the slippage report, over HTTP', () => {
  let t: TestApp;
  let id: string;
  beforeAll(async () => {
    t = await startTestApp({ now: '2020-07-10T08:00:00Z' });
    const created = await t.request('POST', '/api/commitments', {
      externalId: 'cosinum-2020-05-28-jedonnemonavis',
      title: 'Bouton « JeDonneMonAvis » dans toutes les démarches du Top 250',
      description:
        'Déploiement du bouton JeDonneMonAvis dans les démarches du Top 250 au 30 juin 2020.',
      source: { document: '000_5777556106af8b3d.txt', decidedOn: '2020-05-28' },
      metric: { kind: 'boolean', direction: 'increase', target: 1 },
      deadline: '2020-06-30',
      ministries: [...ALL_MINISTRY_CODES, 'POLE_EMPLOI', 'CNAM', 'CNAF'],
    });
    expect(created.status).toBe(201);
    id = created.body.id;
    const extended = await t.request('POST', `/api/commitments/${id}/deadline-extensions`, {
      ministry: 'POLE_EMPLOI',
      deadline: '2020-09-30',
      reason: 'Délai supplémentaire accordé par le COSINUM du 28 mai 2020',
      decisionRef: 'COSINUM-2020-05-28',
      on: '2020-05-28',
    });
    expect(extended.status).toBe(201);
    await t.request('POST', `/api/commitments/${id}/progress`, {
      ministry: 'MI',
      value: 1,
      on: '2020-06-20',
    });
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('moves only that ministry deadline: Pôle emploi is not overdue in July, the CNAM is', async () => {
    const view = await t.request(
      'GET',
      `/api/commitments/${id}?asOf=2020-07-15&knownAt=2020-07-15T12:00:00Z`,
    );
    expect(view.status).toBe(200);
    const byCode = Object.fromEntries(
      view.body.ministries.map((m: { ministry: string }) => [m.ministry, m]),
    );
    expect(byCode.POLE_EMPLOI).toMatchObject({
      deadline: '2020-09-30',
      originalDeadline: '2020-06-30',
      extensions: 1,
    });
    expect(byCode.POLE_EMPLOI.state).not.toBe('overdue');
    expect(byCode.CNAM).toMatchObject({
      state: 'overdue',
      deadline: '2020-06-30',
      extensions: 0,
      daysLate: 15,
    });
    expect(byCode.MI).toMatchObject({ state: 'met', metOn: '2020-06-20', daysLate: 0 });
    expect(view.body.rollup.state).toBe('overdue');
    expect(view.body.rollup.notMet).toHaveLength(19);
    expect(view.body.rollup.notMet).not.toContain('MI');
  });

  it('reports slippage per ministry and overall', async () => {
    const report = await t.request('GET', '/api/slippage?asOf=2020-07-15');
    expect(report.status).toBe(200);
    expect(report.body.overall).toMatchObject({
      items: 20,
      extendedItems: 1,
      extensions: 1,
      totalDaysSlipped: 92,
      maxDaysSlipped: 92,
    });
    const pe = report.body.ministries.find(
      (m: { ministry: string }) => m.ministry === 'POLE_EMPLOI',
    );
    expect(pe).toMatchObject({
      name: 'Pôle emploi',
      items: 1,
      extendedItems: 1,
      totalDaysSlipped: 92,
      extendedShare: 100,
    });
    expect(pe.slipped[0]).toMatchObject({
      commitmentId: id,
      originalDeadline: '2020-06-30',
      deadline: '2020-09-30',
      daysSlipped: 92,
    });
    expect(report.body.ministries[0].ministry).toBe('POLE_EMPLOI');
  });

  it('does not count an extension decided after asOf', async () => {
    const later = await t.request('POST', `/api/commitments/${id}/deadline-extensions`, {
      ministry: 'CNAF',
      deadline: '2020-12-31',
      reason: 'Report demandé par la CNAF',
      on: '2020-07-10',
    });
    expect(later.status).toBe(201);
    const before = await t.request('GET', '/api/slippage?asOf=2020-07-09');
    expect(before.body.overall.extendedItems).toBe(1);
    const after = await t.request('GET', '/api/slippage?asOf=2020-07-10');
    expect(after.body.overall.extendedItems).toBe(2);
  });

  describe('the slippage timeline page and its files', () => {
    it('lists each moved deadline with its dated step, reason and decision, and honours the time control', async () => {
      const page = await t.request('GET', '/tableau-de-bord/glissements');
      expect(page.status).toBe(200);
      const text = page.text.replace(/[\t\n\r ]+/g, ' ');
      expect(text).toContain('Glissements de calendrier');
      expect(text).toContain('<td>Pôle emploi</td>');
      expect(text).toContain(
        'le 28/05/2020\u202f: du 30/06/2020 au 30/09/2020 — Délai supplémentaire accordé par le COSINUM du 28 mai 2020 (COSINUM-2020-05-28)',
      );
      expect(text).toContain('92\u00a0jours');
      // Before the extension was recorded (it was recorded on 10 July), nothing had slipped.
      const before = await t.request('GET', '/tableau-de-bord/glissements?knownAt=2020-07-09');
      expect(before.text).toContain('Aucune échéance n’a été reportée');
      // Every item, with its state, when asked; sorted by current deadline.
      const all = await t.request('GET', '/tableau-de-bord/glissements?tous=1&tri=echeance');
      expect((all.text.match(/<tr>/g) ?? []).length).toBeGreaterThan(15);
    });

    it('exports the same rows as CSV and as XLSX with real date cells', async () => {
      const csv = await t.request('GET', '/tableau-de-bord/glissements.csv');
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-disposition')).toContain('glissements-2020-07-10.csv');
      expect(csv.text).toContain('Glissement (jours)');
      expect(csv.text).toContain('Pôle emploi');
      const response = await fetch(`${t.baseUrl}/tableau-de-bord/glissements.xlsx`, {
        headers: { 'x-api-key': KEYS.analyst },
      });
      expect(response.status).toBe(200);
      const workbook = new Workbook();
      await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
      const sheet = workbook.worksheets[0];
      const found = [2, 3]
        .map((n) => sheet.getRow(n))
        .find((r) => r.getCell(3).value === 'Pôle emploi');
      expect(found).toBeDefined();
      const row = found!;
      expect(row.getCell(3).value).toBe('Pôle emploi');
      expect(row.getCell(5).value).toEqual(new Date('2020-06-30T00:00:00Z'));
      expect(row.getCell(6).value).toEqual(new Date('2020-09-30T00:00:00Z'));
      expect(row.getCell(6).numFmt).toBe('dd/mm/yyyy');
      expect(row.getCell(7).value).toBe(92);
    });
  });
});
