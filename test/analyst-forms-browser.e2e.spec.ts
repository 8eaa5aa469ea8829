import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  axeAuditor,
  launchChromium,
  localContext,
  screenshotsOf,
  signInOnPage,
} from './support/browser';
import { KEYS, startTestApp, type TestApp } from './support/test-app';

/**
 * The analysts' forms in a real browser (Debian's chromium through playwright-core, in French):
 * an analyst records a decision (after one try with errors) and a per-ministry extension, and
 * sees both on the commitment page; every form is audited by axe-core, blank and with its errors,
 * and photographed at 1280 and 390 px wide (`test-artifacts/analyst-forms/`).
 */
const NNBSP = '\u202f';
/** Collapses white space as a reader sees it, keeping U+202F (which `\s` would match). */
const squash = (text: string) => text.replace(/[\t\n\r ]+/g, ' ');

describe('the analysts’ forms in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let scriptErrors: string[];
  let commitmentUrl: string;
  const axeReport: Record<string, string[]> = {};
  const photograph = screenshotsOf('analyst-forms');

  beforeAll(async () => {
    t = await startTestApp({ now: '2021-02-02T09:00:00Z' });
    browser = await launchChromium();
    ({ context, page, scriptErrors } = await localContext(browser));
    // Signed in, the browser comes back to the form it asked for.
    await page.goto(`${t.baseUrl}/tableau-de-bord/engagements/nouveau`);
    await signInOnPage(page, KEYS.analyst);
    expect(page.url()).toBe(`${t.baseUrl}/tableau-de-bord/engagements/nouveau`);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.dispose();
    process.stdout.write(`axe (serious/critical, then all): ${JSON.stringify(axeReport)}\n`);
  });

  const auditPage = axeAuditor(axeReport);
  const audit = (name: string) => auditPage(page, name);
  const shoot = (name: string) => photograph(page, name);

  /** Submits the page's form and waits for the next page (a 303 followed, or the form again). */
  const submit = async (selector: string) => {
    await Promise.all([
      page.waitForLoadState('load'),
      page.waitForNavigation(),
      page.click(selector),
    ]);
  };

  /** DSFR radio buttons and checkboxes are drawn over their input: a person clicks the label. */
  const tick = (id: string) => page.click(`label[for="${id}"]`);

  it('records a decision after one try with errors, and opens it', async () => {
    await expect(page.title()).resolves.toBe(
      'Enregistrer une décision — Suivi des engagements COSINUM',
    );
    expect(await audit('decision')).toEqual([]);
    await shoot('decision');

    await page.fill('#decision-title', 'ab');
    await page.fill('#decision-source-document', 'Relevé de décisions du COSINUM');
    await page.fill('#decision-source-decidedOn', '2020-12-03');
    await tick('decision-metric-kind-0');
    await page.fill('#decision-metric-target', '150');
    await page.fill('#decision-deadline', '2020-11-30');
    await tick('decision-ministries-liste');
    await submit('#decision button[type=submit]');
    await expect(page.title()).resolves.toBe(
      `Erreur${NNBSP}: Enregistrer une décision — Suivi des engagements COSINUM`,
    );
    const summary = squash(await page.locator('#decision-erreurs').innerText());
    expect(summary).toContain('Le formulaire contient 4 erreurs');
    expect(summary).toContain(`Cible${NNBSP}: Saisissez une valeur comprise entre 0 et 100`);
    await expect(page.locator('#decision-metric-target-erreur').innerText()).resolves.toBe(
      'Saisissez une valeur comprise entre 0 et 100',
    );
    await expect(page.inputValue('#decision-metric-target')).resolves.toBe('150');
    expect(await audit('decision-errors')).toEqual([]);
    await shoot('decision-errors');
    // The summary's links lead to the fields.
    await page.click('#decision-erreurs a[href="#decision-deadline"]');
    expect(page.url()).toMatch(/#decision-deadline$/);

    await page.fill('#decision-title', 'Visioconférence de l’État pour tous les agents');
    await page.fill('#decision-description', 'Un outil de visioconférence souverain pour chacun.');
    await page.fill('#decision-externalId', 'cosinum-2020-12-03-visio');
    await page.fill('#decision-metric-target', '100');
    await page.fill('#decision-metric-baseline-value', '62,5');
    await page.fill('#decision-metric-baseline-on', '2020-11-01');
    await page.fill('#decision-deadline', '2021-03-31');
    await tick('decision-ministries-MI');
    await tick('decision-ministries-MJ');
    await page.selectOption('#decision-reporting-every', 'quarter');
    await page.fill('#decision-milestones-0--on', '2021-01-31');
    await page.fill('#decision-milestones-0--target', '80');
    await submit('#decision button[type=submit]');
    expect(page.url()).toMatch(
      /\/tableau-de-bord\/engagements\/[0-9a-f-]{36}\?enregistre=decision$/,
    );
    commitmentUrl = page.url().split('?')[0];
    await expect(page.locator('.fr-alert--success').innerText()).resolves.toContain(
      'La décision est enregistrée.',
    );
    await expect(page.textContent('h1')).resolves.toBe(
      'Visioconférence de l’État pour tous les agents',
    );
    const definition = squash(
      await page.locator('section[aria-labelledby=definition]').innerText(),
    );
    expect(definition).toContain(`100${NNBSP}%`);
    expect(definition).toMatch(/Intérieur.*Justice|MI.*MJ/);
    expect(await audit('commitment-after-decision')).toEqual([]);
    await shoot('commitment-decisions');
  }, 60_000);

  it('extends the deadline of one ministry from the commitment page', async () => {
    await Promise.all([
      page.waitForURL(/\/echeance$/),
      page.click('#decisions ~ ul a:has-text("Reporter l’échéance")'),
    ]);
    expect(await audit('echeance')).toEqual([]);
    await shoot('echeance');
    await page.selectOption('#echeance-ministry', 'MI');
    await page.fill('#echeance-deadline', '2021-03-01');
    await page.fill('#echeance-reason', 'Marché notifié en retard');
    await submit('#echeance button[type=submit]');
    await expect(page.locator('#echeance-deadline-erreur').innerText()).resolves.toBe(
      'La nouvelle échéance doit être postérieure à l’échéance en vigueur',
    );
    await expect(page.inputValue('#echeance-reason')).resolves.toBe('Marché notifié en retard');
    expect(await audit('echeance-errors')).toEqual([]);
    await shoot('echeance-errors');
    await page.fill('#echeance-deadline', '2021-06-30');
    await page.fill('#echeance-on', '2021-01-20');
    await submit('#echeance button[type=submit]');
    expect(page.url()).toBe(`${commitmentUrl}?enregistre=echeance`);
    await expect(page.locator('.fr-alert--success').innerText()).resolves.toContain(
      'Le report d’échéance est enregistré.',
    );
    const source = squash(await page.locator('section[aria-labelledby=source]').innerText());
    expect(source).toMatch(/du 31\/03\/2021 au 30\/06\/2021 \(décidé le 20\/01\/2021\)/);
    // The board already shows MI's own deadline.
    const row = squash(
      await page.locator('#par-ministere ~ * tr:has-text("Intérieur")').first().innerText(),
    );
    expect(row).toContain('30/06/2021');
  }, 45_000);

  it.each([
    ['cible', [['#cible-target', '120']]],
    ['exemption', [['#exemption-reason', 'x']]],
    ['retrait', [['#retrait-reason', 'Abandonné']]],
  ] as const)(
    'audits and photographs the %s form, blank and with its errors',
    async (kind, typed) => {
      await page.goto(`${commitmentUrl}/${kind}`);
      expect(await audit(kind)).toEqual([]);
      await shoot(kind);
      for (const [selector, value] of typed) await page.fill(selector, value);
      await submit(`#${kind} button[type=submit]`);
      expect(await page.locator(`#${kind}-erreurs li`).count()).toBeGreaterThan(0);
      expect(await audit(`${kind}-errors`)).toEqual([]);
      if (kind === 'retrait') await shoot(`${kind}-errors`);
    },
    45_000,
  );

  it('adds and removes a reminder contact of a ministry', async () => {
    await page.goto(`${t.baseUrl}/tableau-de-bord/ministeres/MI`);
    await shoot('ministry-contacts-button');
    await Promise.all([
      page.waitForURL(/\/contacts$/),
      page.click('a:has-text("Destinataires du rappel")'),
    ]);
    expect(await audit('contacts')).toEqual([]);
    await page.fill('#contact-email', 'referent@interieur');
    await submit('#contact button[type=submit]');
    await expect(page.locator('#contact-email-erreur').innerText()).resolves.toMatch(
      /^Saisissez une adresse électronique/,
    );
    expect(await audit('contacts-errors')).toEqual([]);
    await shoot('contacts-errors');
    await page.fill('#contact-email', 'referent.numerique@interieur.gouv.fr');
    await page.fill('#contact-name', 'Camille Martin');
    await submit('#contact button[type=submit]');
    expect(page.url()).toMatch(/\/contacts\?enregistre=ajout$/);
    await expect(page.locator('table').innerText()).resolves.toContain('Camille Martin');
    expect(await audit('contacts-list')).toEqual([]);
    await shoot('contacts');
    await submit('table button[type=submit]');
    expect(page.url()).toMatch(/\/contacts\?enregistre=retrait$/);
    await expect(page.locator('main').innerText()).resolves.toContain('Aucun destinataire');
    expect(scriptErrors).toEqual([]);
  }, 45_000);
});
