import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  axeAuditor,
  launchChromium,
  localContext,
  screenshotsOf,
  signInOnPage,
} from './support/browser';
import { KEYS, emailCommitment, startTestApp, type TestApp } from './support/test-app';

/**
 * A ministry's correspondent answers the weekly reminder in Debian's chromium: the e-mail's link
 * to a declaration form, the sign-in on the way, a value refused then corrected, the to-do page
 * and the board showing it; every page audited by axe-core and photographed at 1280 and 390 px.
 */
describe('a ministry declares progress in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let scriptErrors: string[];
  let email: string;
  const shoot = screenshotsOf('declaration');
  const audited: Record<string, string[]> = {};

  const auditPage = axeAuditor(audited);
  const audit = (name: string) => auditPage(page, name);

  beforeAll(async () => {
    t = await startTestApp({ now: '2021-03-20T10:00:00Z' });
    email = (await t.request('POST', '/api/commitments', emailCommitment())).body.id;
    browser = await launchChromium();
    ({ context, page, scriptErrors } = await localContext(browser));
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.dispose();
    process.stdout.write(`axe (all violations, by page): ${JSON.stringify(audited)}\n`);
  });

  it('follows the e-mail’s link through the sign-in to the declaration form', async () => {
    const link = `${t.baseUrl}/tableau-de-bord/engagements/${email}/avancement`;
    await page.goto(link);
    await signInOnPage(page, KEYS.MI);
    expect(page.url()).toBe(link);
    await expect(page.locator('h1').textContent()).resolves.toBe('Déclarer l’avancement');
    await expect(page.locator('#declaration-on').inputValue()).resolves.toBe('2021-03-20');
    expect(await audit('form')).toEqual([]);
    await shoot(page, 'form');
  });

  it('lists the item on the to-do page, reached from the header', async () => {
    await page.click('header >> text=À renseigner');
    await page.waitForURL(/\/tableau-de-bord\/a-renseigner$/);
    const row = page.locator('#a-renseigner tbody tr').first();
    await expect(row.textContent()).resolves.toMatch(/Aucune valeur déclarée à ce jour/);
    expect(await audit('to-do')).toEqual([]);
    await shoot(page, 'to-do');
  });

  it('shows an error beside the field and in the summary, keeps the values, then records the corrected form', async () => {
    await page.click('#a-renseigner tbody tr >> text=Déclarer');
    await page.waitForURL(/\/avancement$/);
    await page.fill('#declaration-value', '150');
    await page.fill('#declaration-note', 'Enquête auprès des DSI');
    await Promise.all([
      page.waitForLoadState('load'),
      page.click('form#declaration button[type=submit]'),
    ]);
    await expect(page.locator('#declaration-erreurs h2').textContent()).resolves.toMatch(
      /Le formulaire contient une erreur/,
    );
    await expect(page.locator('#declaration-value-erreur').textContent()).resolves.toBe(
      'Saisissez une valeur entre 0 et 100',
    );
    await expect(page.locator('#declaration-value').inputValue()).resolves.toBe('150');
    await expect(page.locator('#declaration-note').inputValue()).resolves.toBe(
      'Enquête auprès des DSI',
    );
    // The summary's link leads to the field.
    await page.click('#declaration-erreurs a');
    await expect(
      page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document
            .activeElement?.id ?? '',
      ),
    ).resolves.toBe('declaration-value');
    expect(await audit('form-with-error')).toEqual([]);
    await shoot(page, 'form-with-error');

    await page.fill('#declaration-value', '85,5');
    await page.fill('#declaration-evidence', 'https://intranet.interieur.gouv.fr/bilan.pdf');
    await Promise.all([
      page.waitForURL(/\/a-renseigner\?enregistre=/),
      page.click('form#declaration button[type=submit]'),
    ]);
    await expect(page.locator('.fr-alert--success').textContent()).resolves.toMatch(
      /est enregistrée\u202f: le\s+tableau de bord en tient déjà compte/,
    );
    expect(await audit('to-do-after')).toEqual([]);
    await shoot(page, 'to-do-after');
  });

  it('shows the value on the ministry’s board at once', async () => {
    await page.goto(`${t.baseUrl}/tableau-de-bord/ministeres/MI`);
    const row = page.locator('tr', { hasText: 'adresse email professionnelle' }).first();
    await expect(row.textContent()).resolves.toMatch(/85,5\u202f% au 20\/03\/2021/);
    const status = await t.request('GET', '/api/status?ministry=MI');
    expect(status.body.items[0]).toMatchObject({ latestValue: 85.5, latestOn: '2021-03-20' });
  });

  it('signs out with the header’s button, and the pages then ask to sign in', async () => {
    await page.goto(`${t.baseUrl}/tableau-de-bord/a-renseigner`);
    await Promise.all([
      page.waitForURL(/\/connexion\?deconnecte=1/),
      page.click('header >> text=Se déconnecter'),
    ]);
    await expect(page.locator('.fr-alert--info').textContent()).resolves.toContain(
      'Vous êtes déconnecté.',
    );
    await page.goto(`${t.baseUrl}/tableau-de-bord/a-renseigner`);
    expect(page.url()).toContain('/connexion?retour=');
    // No DSFR script error on any page seen.
    expect(scriptErrors).toEqual([]);
  });
});
