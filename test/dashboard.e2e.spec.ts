import { readFileSync } from 'node:fs';
import { Workbook } from 'exceljs';
import { CommandBus } from '@nestjs/cqrs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ExecuteCommitmentCommand } from '@cosinum/application';
import { axeAuditor, launchChromium, localContext, screenshotsOf } from './support/browser';
import { KEYS, startTestApp, type TestApp } from './support/test-app';

/**
 * The analysts' dashboard in a real browser (Debian's chromium, driven by playwright-core) on the
 * real catalogue: navigation, the time control, the exports, an axe-core audit and a screenshot
 * of every page. A missing browser fails the suite: it is never skipped.
 */
const EMAIL = /adresse email professionnelle accessible à distance/;
const NNBSP = '\u202f';
/** Collapses white space as a reader sees it, keeping U+202F (which `\s` would match). */
const squash = (text: string) => text.replace(/[\t\n\r ]+/g, ' ');

describe('the dashboard in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let emailId: string;
  const axeReport: Record<string, string[]> = {};

  beforeAll(async () => {
    t = await startTestApp({ now: '2021-06-01T09:00:00Z', env: { LOAD_CATALOGUE: 'if-empty' } });
    const list = await t.request('GET', '/api/commitments');
    emailId = list.body.items.find((c: { title: string }) => EMAIL.test(c.title)).id;
    // MJ reports twice and gets more time; MI learns on 10 June that it had met on 28 March.
    for (const [value, on] of [
      [80, '2021-02-15'],
      [88, '2021-05-01'],
    ] as const) {
      expect(
        (
          await t.request('POST', `/api/commitments/${emailId}/progress`, {
            ministry: 'MJ',
            value,
            on,
          })
        ).status,
      ).toBe(201);
    }
    expect(
      (
        await t.request('POST', `/api/commitments/${emailId}/deadline-extensions`, {
          ministry: 'MJ',
          deadline: '2021-09-30',
          reason: 'Migration de la messagerie retardée',
          on: '2021-03-20',
        })
      ).status,
    ).toBe(201);
    // Two milestones decided in January: MJ meets the first (80 % on 15 February), nobody the
    // second. The same command path as POST /api/commitments/:id/milestones.
    for (const milestone of [
      { on: '2021-02-28', target: 80, label: 'Premier palier' },
      { on: '2021-03-20', target: 90 },
    ]) {
      await t.app
        .get(CommandBus)
        .execute(
          new ExecuteCommitmentCommand(
            { type: 'AddMilestone', data: { commitmentId: emailId, milestone, on: '2021-01-15' } },
            { actor: { subject: 'test-analyst', role: 'analyst' } },
          ),
        );
    }
    t.clock.set('2021-06-10T09:00:00Z');
    expect(
      (
        await t.request('POST', `/api/commitments/${emailId}/progress`, {
          ministry: 'MI',
          value: 100,
          on: '2021-03-28',
          note: '<b>déclaration tardive</b>',
        })
      ).status,
    ).toBe(201);
    browser = await launchChromium();
    ({ context, page } = await localContext(browser));
    // Sign in as a browser does: the key for a session cookie, then back to the dashboard.
    await page.goto(`${t.baseUrl}/tableau-de-bord`);
    expect(page.url()).toContain('/connexion');
    await page.fill('#cle', KEYS.analyst);
    await Promise.all([page.waitForURL(/\/tableau-de-bord/), page.click('button[type=submit]')]);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.dispose();
    // One line per page: what the report quotes.
    process.stdout.write(`axe (serious/critical, then all): ${JSON.stringify(axeReport)}\n`);
  });

  const auditPage = axeAuditor(axeReport);
  const audit = (name: string) => auditPage(page, name);
  const photograph = screenshotsOf('dashboard');
  const shoot = (name: string) => photograph(page, name);

  it('renders the overview of the whole catalogue well under a second', async () => {
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      const started = performance.now();
      const response = await t.request('GET', '/tableau-de-bord');
      times.push(performance.now() - started);
      expect(response.status).toBe(200);
      expect(response.text.replace(/\s+/g, ' ')).toContain('× 92 engagements');
    }
    const warm = times.slice(1).sort((a, b) => a - b);
    const median = warm[Math.floor(warm.length / 2)];
    process.stdout.write(
      `overview render (HTTP on 127.0.0.1, full catalogue): first ${times[0].toFixed(0)} ms, warm median ${median.toFixed(0)} ms, max ${warm[warm.length - 1].toFixed(0)} ms\n`,
    );
    // Generous: the machine is shared and noisy.
    expect(median).toBeLessThan(1500);
  }, 30_000);

  it('shows the whole catalogue on the overview, as a real table with text in every cell', async () => {
    await page.goto(`${t.baseUrl}/tableau-de-bord`);
    await expect(page.title()).resolves.toBe('Vue d’ensemble — Suivi des engagements COSINUM');
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    const caption = (await page.textContent('#carte caption'))?.replace(/\s+/g, ' ');
    expect(caption).toMatch(/\d+ ministères × 92 engagements/);
    const rows = await page.locator('#carte tbody tr').count();
    expect(rows).toBeGreaterThanOrEqual(17);
    const empty = await page.$$eval(
      '#carte td.cz-c',
      (cells) => cells.filter((c) => (c.textContent ?? '').trim() === '').length,
    );
    expect(empty).toBe(0);
    await shoot('overview');
    // Silence is shown apart: a dashed outline, and said to screen readers.
    const silent = await page.$$eval('#carte td.cz-silent', (cells) =>
      cells.slice(0, 3).map((c) => c.textContent?.replace(/\s+/g, ' ').trim()),
    );
    expect(silent.length).toBe(3);
    for (const text of silent) expect(text).toMatch(/, sans déclaration$/);
    const counts = squash(await page.locator('ul.cz-counts').innerText());
    // DSFR badges are upper-cased by CSS, which innerText follows.
    expect(counts).toMatch(new RegExp(`En retard${NNBSP}: \\d+ dont \\d+ sans déclaration`, 'i'));
    const figures = squash(await page.locator('ul.cz-figures').innerText());
    expect(figures).toMatch(
      new RegExp(`Taux d’avancement moyen \\(hors sans déclaration\\) \\d+(,\\d)?${NNBSP}%`),
    );
    expect(await page.locator('#regles').innerText()).toMatch(/Règles d’évaluation des états/);
    expect(await audit('overview')).toEqual([]);
  }, 45_000);

  it('opens a commitment with a click, with one chart per ministry and its text alternative', async () => {
    await page.goto(`${t.baseUrl}/tableau-de-bord?ministry=MJ`);
    await Promise.all([
      page.waitForURL(/\/tableau-de-bord\/engagements\//),
      page.locator('#liste a', { hasText: EMAIL }).first().click(),
    ]);
    expect(page.url()).toContain(`/tableau-de-bord/engagements/${emailId}`);
    await expect(page.textContent('h1')).resolves.toMatch(EMAIL);
    expect(await page.locator('svg[role=img]').count()).toBe(17);
    const mj = page.locator('#graphique-MJ-desc');
    await expect(mj.textContent()).resolves.toMatch(
      new RegExp(`80${NNBSP}% le 15/02/2021.*88${NNBSP}% le 01/05/2021`),
    );
    await expect(mj.textContent()).resolves.toMatch(/reportée au 30\/09\/2021/);
    expect(await page.locator('#graphique-MJ-titre').count()).toBe(1);
    expect(await page.locator('svg:has(#graphique-MJ-titre) .cz-forecast').count()).toBe(1);
    expect(await page.locator('svg:has(#graphique-MJ-titre) .cz-marker--extension').count()).toBe(
      1,
    );
    // The note is data: shown as text, never as markup.
    const html = await page.content();
    expect(html).toContain('&lt;b&gt;déclaration tardive&lt;/b&gt;');
    // The roll-up: the share that met it, the mean rate, silence, and who holds it back.
    const synthesis = squash(await page.locator('section[aria-labelledby=synthese]').innerText());
    expect(synthesis).toMatch(/Ministères ayant atteint l’objectif \d+ sur \d+ \(/);
    // MI at 100 %, MJ at 40 %: the others declared nothing.
    expect(synthesis).toContain(`Taux d’avancement moyen des ministères ayant déclaré 70${NNBSP}%`);
    const holding = await page.locator('ol[aria-labelledby=retiennent] li').allInnerTexts();
    expect(holding.length).toBeGreaterThan(1);
    // MJ (88 % from its first value of 80 %, towards 100 %: the State-wide 70 % is no ministry's
    // baseline) is 40 % of the way: after every silent one.
    const mjAt = holding.findIndex((h) => h.startsWith('MJ') || h.includes('Justice'));
    expect(holding[mjAt]).toContain(`avancement 40${NNBSP}%`);
    expect(holding.slice(0, mjAt).every((h) => h.includes('sans déclaration'))).toBe(true);
    // Each ministry's milestones, in words: MJ met the first on 15 February, missed the second.
    const milestones = page.locator('section[aria-labelledby=jalons] table');
    await expect(milestones.locator('thead').innerText()).resolves.toContain(
      `Jalon du 28/02/2021 («${NNBSP}Premier palier${NNBSP}»)${NNBSP}: 80${NNBSP}%`,
    );
    const mjRow = squash(
      await milestones.locator('tr:has(th a[href*="/ministeres/MJ?"])').innerText(),
    );
    expect(mjRow).toMatch(new RegExp(`atteint le 15/02/2021 manqué .*40${NNBSP}%`, 'i'));
    const table = squash(await page.locator('section[aria-labelledby=par-ministere]').innerText());
    expect(table).toMatch(/sans déclaration/i);
    expect(table).toContain('aucune déclaration');
    await shoot('commitment-milestones');
    expect(await audit('commitment')).toEqual([]);
  }, 45_000);

  it('changes the statuses shown when the time control changes, and carries it in its links', async () => {
    await page.goto(`${t.baseUrl}/tableau-de-bord?ministry=MI&asOf=2021-04-01&knownAt=2021-06-05`);
    const emailCell = async () => {
      const headers = await page.$$eval('#carte thead tr:last-child th', (ths) =>
        ths.map((th) => th.querySelector('a')?.getAttribute('href') ?? ''),
      );
      const column = headers.findIndex((href) => href.includes(emailId));
      expect(column).toBeGreaterThan(0);
      return page
        .locator(`#carte tbody tr:has(th a[href*="/ministeres/MI?"]) > :nth-child(${column + 1})`)
        .innerText();
    };
    // As known on 5 June, nothing had been reported: overdue on 1 April.
    await expect(emailCell()).resolves.toContain('RET');
    const link = await page.locator('#liste a', { hasText: EMAIL }).first().getAttribute('href');
    expect(link).toContain('asOf=2021-04-01');
    expect(link).toContain('knownAt=2021-06-05');
    // As known on 10 June, MI had met it on 28 March.
    await page.fill('#moment-knownAt', '2021-06-10');
    await Promise.all([
      page.waitForURL(/knownAt=2021-06-10/),
      page.click('#filtres button[type=submit]'),
    ]);
    await expect(emailCell()).resolves.toContain('ATT');
    await page.goto(
      `${t.baseUrl}/tableau-de-bord/ministeres/MI?asOf=2021-04-01&knownAt=2021-06-05`,
    );
    await expect(page.locator('section[aria-labelledby=tableau]').innerText()).resolves.toMatch(
      /en retard/i,
    );
    await page.fill('#moment-knownAt', '2021-06-10');
    await Promise.all([
      page.waitForURL(/knownAt=2021-06-10/),
      page.click('#moment button[type=submit]'),
    ]);
    await expect(page.locator('section[aria-labelledby=historique]').innerText()).resolves.toMatch(
      /déclaration tardive/,
    );
    await expect(page.locator('section[aria-labelledby=rappels]').innerText()).resolves.toMatch(
      /Aucun rappel enregistré/,
    );
    const figures = squash(
      await page.locator('section[aria-labelledby=tableau] .cz-figures').innerText(),
    );
    expect(figures).toMatch(/Taux d’avancement moyen/);
    expect(figures).toMatch(/Sans déclaration \d+ sur \d+/);
    await shoot('ministry');
    expect(await audit('ministry')).toEqual([]);
  }, 45_000);

  it('downloads the current view as CSV and as an Excel workbook', async () => {
    await page.goto(`${t.baseUrl}/tableau-de-bord?ministry=MI&state=met&asOf=2021-04-01`);
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.click('a[href*="export.csv"]'),
    ]);
    expect(csv.suggestedFilename()).toBe('tableau-de-bord-cosinum-2021-04-01.csv');
    const text = readFileSync(await csv.path(), 'utf8');
    expect(text.startsWith('\uFEFFMinistère (code);')).toBe(true);
    const lines = text.trim().split('\r\n').slice(1);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^MI;Ministère de l'Intérieur;\d+;.*;Atteint;/);
    const header = text.slice(1, text.indexOf('\r\n')).split(';');
    expect(header).toEqual(
      expect.arrayContaining([
        'Taux d’avancement (%)',
        'Sans déclaration',
        'À jour',
        'Prochaine valeur attendue le',
        'Périodicité',
        'Jalons',
      ]),
    );
    const email = lines.find((l) => EMAIL.test(l))!.split(';');
    // MI met it: 100 % of the way, with a value, and the milestones it missed on the way.
    expect(email[header.indexOf('Taux d’avancement (%)')]).toBe('100');
    expect(email[header.indexOf('Sans déclaration')]).toBe('non');
    expect(email[header.indexOf('Jalons')]).toContain(
      `28/02/2021 («${NNBSP}Premier palier${NNBSP}»)${NNBSP}: 80${NNBSP}% — manqué`,
    );
    expect(lines.some((l) => EMAIL.test(l))).toBe(true);
    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.click('a[href*="export.xlsx"]'),
    ]);
    const workbook = new Workbook();
    await workbook.xlsx.readFile(await xlsx.path());
    const sheet = workbook.getWorksheet('Tableau de bord');
    expect(sheet?.getRow(1).getCell(1).value).toBe('Ministère (code)');
    expect(sheet?.rowCount).toBe(lines.length + 1);
    expect(sheet?.getRow(2).getCell(9).value).toBe('Atteint');
    // Deadlines are dates in Excel (they sort as dates), shown JJ/MM/AAAA.
    const deadline = sheet!.getRow(1).values as unknown[];
    const column = deadline.indexOf('Échéance');
    expect(sheet?.getRow(2).getCell(column).value).toBeInstanceOf(Date);
    expect(sheet?.getColumn(column).numFmt).toBe('dd/mm/yyyy');
    const parameters = workbook.getWorksheet('Paramètres');
    const rules = parameters
      ?.getSheetValues()
      .find((row) => Array.isArray(row) && row[1] === 'Règles d’évaluation des états');
    expect(rules).toBeDefined();
  }, 30_000);

  it('answers an unknown commitment or ministry with a French 404 page', async () => {
    for (const path of [
      '/tableau-de-bord/engagements/00000000-0000-4000-8000-000000000000',
      '/tableau-de-bord/ministeres/XYZ',
      '/tableau-de-bord/nulle-part',
    ]) {
      const response = await page.goto(`${t.baseUrl}${path}`);
      expect(response?.status()).toBe(404);
      await expect(page.textContent('h1')).resolves.toBe('Page introuvable');
    }
    await shoot('not-found');
    expect(await audit('not-found')).toEqual([]);
  }, 30_000);
});
