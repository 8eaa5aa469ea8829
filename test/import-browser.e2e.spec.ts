import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workbook } from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  axeAuditor,
  launchChromium,
  localContext,
  screenshotsOf,
  signInOnPage,
} from './support/browser';
import { KEYS, as, eventCount, startTestApp, type TestApp } from './support/test-app';

/**
 * A ministry's correspondent reports by file in a real browser (Debian's chromium, driven by
 * playwright-core) on the real catalogue: signs in, downloads the CSV template, fills it with one
 * bad line, uploads it, sees every error at once, fixes it, uploads again, confirms, and the
 * board shows every line. axe-core on the import page and both previews; a screenshot of each at
 * 1280 and 390 px. A missing browser fails the suite: it is never skipped.
 */
const ARTIFACTS = join(__dirname, '..', 'test-artifacts', 'import');
const EMAIL = 'cosinum-2020-12-03-messagerie-distance';
const DLNUF = 'cosinum-2020-05-28-dlnuf-calendrier';
const BNA = 'cosinum-2020-12-03-bna-2021-taux-repondants';
const NNBSP = '\u202f';
/** Collapses white space as a reader sees it, keeping U+202F (which `\s` would match). */
const squash = (text: string) => text.replace(/[\t\n\r ]+/g, ' ');

describe('a ministry reports by file in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let scriptErrors: string[];
  const axeReport: Record<string, string[]> = {};
  const shoot = (name: string) => screenshotsOf('import')(page, name);

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await startTestApp({ now: '2021-06-01T09:00:00Z', env: { LOAD_CATALOGUE: 'if-empty' } });
    browser = await launchChromium();
    ({ context, page, scriptErrors } = await localContext(browser));
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.dispose();
    process.stdout.write(`axe (serious/critical, then all): ${JSON.stringify(axeReport)}\n`);
  });

  const auditPage = axeAuditor(axeReport);
  const audit = (name: string) => auditPage(page, name);

  /** The template's lines with values written in `valeur`, `date`, `commentaire`. */
  const fill = (template: string, values: Record<string, [string, string, string?]>) =>
    template
      .split('\r\n')
      .map((line) => {
        const cells = line.split(';');
        const given = values[cells[0]];
        return given ? [...cells.slice(0, 6), given[0], given[1], given[2] ?? ''].join(';') : line;
      })
      .join('\r\n');

  const uploadAndCheck = async (path: string) => {
    await page.goto(`${t.baseUrl}/tableau-de-bord/import`);
    await page.setInputFiles('#import-fichier', path);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.click('#import button[type=submit]'),
    ]);
    await page.waitForLoadState('load');
    if (!/Vérification du fichier/.test((await page.textContent('h1')) ?? ''))
      throw new Error(
        `${response.status()} ${/<p class="fr-text--lead[^>]*>([^<]*)/.exec(await response.text())?.[1]} ${JSON.stringify(response.request().headers())} ${(response.request().postData() ?? '').slice(0, 600)}`,
      );
  };

  it('downloads the template, sees every error of a bad file at once, fixes it and confirms', async () => {
    // Signs in from the import page, and comes back to it.
    await page.goto(`${t.baseUrl}/tableau-de-bord/import`);
    await signInOnPage(page, KEYS.MI);
    expect(page.url()).toBe(`${t.baseUrl}/tableau-de-bord/import`);
    await expect(page.textContent('h1')).resolves.toBe('Déclarer l’avancement par fichier');
    await shoot('import');
    expect(await audit('import')).toEqual([]);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('a[href$="/modele.csv"]'),
    ]);
    expect(download.suggestedFilename()).toBe('modele-avancement-MI-2021-06-01.csv');
    const template = readFileSync(await download.path(), 'utf8');
    expect(template.startsWith('\uFEFFengagement;titre;ministère;')).toBe(true);
    const lines = template.trimEnd().split('\r\n');
    const lineOf = (id: string) => lines.findIndex((l) => l.startsWith(`${id};`)) + 1;
    expect(lineOf(DLNUF)).toBeGreaterThan(1);

    // One bad line (a word that is no value, a day that does not exist), two good ones.
    const before = await eventCount(t);
    const bad = join(ARTIFACTS, 'avancement-MI-erreurs.csv');
    writeFileSync(
      bad,
      fill(template, {
        [EMAIL]: ['85,5', '01/05/2021', 'relevé de mai'],
        [DLNUF]: ['peut-être', '31/02/2021'],
        [BNA]: ['24', '20/05/2021'],
      }),
    );
    await uploadAndCheck(bad);
    const summary = squash(await page.locator('#erreurs').innerText());
    expect(summary).toContain('Le fichier contient 2 erreurs');
    expect(summary).toContain(
      `Ligne ${lineOf(DLNUF)}, colonne «${NNBSP}valeur${NNBSP}»${NNBSP}: «${NNBSP}peut-être${NNBSP}» n’est pas un nombre. Attendu${NNBSP}: un nombre`,
    );
    expect(summary).toContain(
      `Ligne ${lineOf(DLNUF)}, colonne «${NNBSP}date${NNBSP}»${NNBSP}: Le 31/02/2021 n’existe pas dans le calendrier. Attendu${NNBSP}: une date JJ/MM/AAAA`,
    );
    // Every line of the file is in the table, with what would become of it.
    expect(await page.locator('#apercu tbody tr').count()).toBe(lines.length - 1);
    const emailRow = squash(await page.locator(`#ligne-${lineOf(EMAIL)}`).innerText());
    expect(emailRow).toMatch(/85,5 01\/05\/2021 relevé de mai À enregistrer/i);
    expect(await page.locator('#confirmation').count()).toBe(0);
    expect(await eventCount(t)).toBe(before);
    await shoot('preview-errors');
    expect(await audit('preview-errors')).toEqual([]);

    // Fixed: no error, the confirmation button.
    const good = join(ARTIFACTS, 'avancement-MI.csv');
    writeFileSync(
      good,
      fill(template, {
        [EMAIL]: ['85,5', '01/05/2021', 'relevé de mai'],
        [DLNUF]: ['oui', '15/05/2021'],
        [BNA]: ['24', '20/05/2021'],
      }),
    );
    await uploadAndCheck(good);
    expect(await page.locator('#erreurs').count()).toBe(0);
    await expect(page.locator('p.fr-text--lead').innerText()).resolves.toContain(
      '3 valeurs à enregistrer',
    );
    expect(await eventCount(t)).toBe(before);
    await shoot('preview');
    expect(await audit('preview')).toEqual([]);
    await Promise.all([
      page.waitForURL(/\/tableau-de-bord\/a-renseigner\?importees=3$/),
      page.click('#confirmation button[type=submit]'),
    ]);
    expect(await eventCount(t)).toBe(before + 3);
    // The to-do page says so.
    await expect(page.locator('.fr-alert--success').innerText()).resolves.toContain(
      '3 valeurs importées et enregistrées',
    );

    // The board shows every line, recorded as the correspondent.
    const board = await t.request('GET', '/api/status?ministry=MI', undefined, as(KEYS.MI));
    const item = (id: string) =>
      board.body.items.find((i: { externalId: string }) => i.externalId === id);
    expect(item(EMAIL)).toMatchObject({ latestValue: 85.5, latestOn: '2021-05-01' });
    expect(item(DLNUF)).toMatchObject({ latestValue: 1, latestOn: '2021-05-15', state: 'met' });
    expect(item(BNA)).toMatchObject({ latestValue: 24, latestOn: '2021-05-20' });
    // And the ministry's page, which leads to the import.
    await page.goto(`${t.baseUrl}/tableau-de-bord/ministeres/MI`);
    const table = squash(await page.locator('section[aria-labelledby=tableau]').innerText());
    expect(table).toContain(`85,5${NNBSP}%`);
    expect(await page.locator('a[href="/tableau-de-bord/import?ministere=MI"]').count()).toBe(1);
  }, 90_000);

  it('lets an analyst fill the Excel template of a ministry and record it as theirs', async () => {
    await context.close();
    ({ context, page, scriptErrors } = await localContext(browser));
    await page.goto(`${t.baseUrl}/tableau-de-bord/import?ministere=MJ`);
    await signInOnPage(page, KEYS.analyst);
    expect(page.url()).toBe(`${t.baseUrl}/tableau-de-bord/import?ministere=MJ`);
    expect(await page.inputValue('#modele-ministere')).toBe('MJ');
    await shoot('import-analyst');
    expect(await audit('import-analyst')).toEqual([]);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#modele button:has-text("Modèle Excel")'),
    ]);
    expect(download.suggestedFilename()).toBe('modele-avancement-MJ-2021-06-01.xlsx');
    // Filled in a spreadsheet: a number and a real date cell on the e-mail line.
    const book = new Workbook();
    await book.xlsx.readFile(await download.path());
    const sheet = book.getWorksheet('Avancement')!;
    let filledRow = 0;
    sheet.eachRow((row, n) => {
      if (row.getCell(1).value !== EMAIL) return;
      row.getCell(7).value = 91;
      row.getCell(8).value = new Date('2021-05-25T00:00:00Z');
      filledRow = n;
    });
    expect(filledRow).toBeGreaterThan(1);
    const path = join(ARTIFACTS, 'avancement-MJ.xlsx');
    await book.xlsx.writeFile(path);
    await uploadAndCheck(path);
    const lead = squash(await page.locator('p.fr-text--lead').innerText());
    expect(lead).toContain('pour le ministère de la Justice');
    expect(lead).toContain('1 valeur à enregistrer');
    expect(squash(await page.locator(`#ligne-${filledRow}`).innerText())).toContain(
      '91 25/05/2021',
    );
    await Promise.all([
      page.waitForURL(/\/a-renseigner\?ministere=MJ&importees=1$/),
      page.click('#confirmation button[type=submit]'),
    ]);
    await expect(page.locator('.fr-alert--success').innerText()).resolves.toContain(
      '1 valeur importée et enregistrée',
    );
    expect(scriptErrors).toEqual([]);
    const list = await t.request('GET', '/api/commitments');
    const id = list.body.items.find((c: { externalId: string }) => c.externalId === EMAIL).id;
    const history = await t.request('GET', `/api/commitments/${id}/history?type=ProgressReported`);
    expect(history.body.items.at(-1)).toMatchObject({
      data: { ministry: 'MJ', value: 91, on: '2021-05-25' },
      actor: { role: 'analyst' },
    });
  }, 60_000);
});
