import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  axeViolations,
  launchChromium,
  localContext,
  screenshotsOf,
  signInOnPage,
} from './support/browser';
import { KEYS, as, startTestApp, type TestApp } from './support/test-app';

/**
 * The committee's views in Debian's chromium, on the real catalogue (92 commitments, 21
 * ministries) with a few months of history recorded as it happened (values on time and late,
 * extensions): the slippage timeline, a ministry's trend, a commitment's trend and the overview's
 * map, each at 1440 and 390 px wide (axe-core, DSFR script errors, the page never wider than the
 * phone, the header's menu reaching « Se déconnecter »), then as printed (no form or button
 * showing, nothing wider than an A4 sheet). Screenshots at 1280 and 390 px and the A4 PDFs are
 * kept under `test-artifacts/committee-views/`.
 */
const SUITE = 'committee-views';
const ARTIFACTS = join(__dirname, '..', 'test-artifacts', SUITE);
/** An A4 sheet's printable width at 96 px per inch, with the print sheet's 10 mm side margins. */
const A4_PRINTABLE_PX = Math.floor(((210 - 20) / 25.4) * 96);

describe('the committee’s views in a browser, on a desk, a phone and paper', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let scriptErrors: string[];
  let email: string;
  let feedback: string;
  const axeReport: Record<string, string[]> = {};
  /** Every axe-core violation, of any impact, noted for the report: none is expected. */
  const audit = async (on: Page, name: string) => {
    const violations = await axeViolations(on);
    axeReport[name] = violations.map((v) => `${v.impact}:${v.id}(${v.nodes.length})`);
    return violations;
  };
  const photograph = screenshotsOf(SUITE);

  const idOf = async (externalId: string): Promise<string> => {
    const list = await t.request('GET', '/api/commitments');
    const found = (list.body.items as { id: string; externalId: string }[]).find(
      (c) => c.externalId === externalId,
    );
    if (!found) throw new Error(`${externalId} is not in the catalogue`);
    return found.id;
  };

  const created = async (response: Promise<{ status: number; text: string }>) => {
    const r = await response;
    if (r.status !== 201) throw new Error(`expected 201, got ${r.status}: ${r.text}`);
  };

  /** On `recordedAt`, a ministry declares (with its own key) a value it had on `on`. */
  const declare = async (
    recordedAt: string,
    ministry: 'MI' | 'MJ',
    value: number,
    on: string,
  ): Promise<void> => {
    t.clock.set(recordedAt);
    await created(
      t.request(
        'POST',
        `/api/commitments/${email}/progress`,
        { ministry, value, on },
        as(KEYS[ministry]),
      ),
    );
  };

  /** An analyst moves one ministry's deadline on 25 January 2021. */
  const extend = (id: string, ministry: string, reason: string, decisionRef?: string) =>
    created(
      t.request('POST', `/api/commitments/${id}/deadline-extensions`, {
        ministry,
        deadline: '2021-06-30',
        reason,
        ...(decisionRef && { decisionRef }),
        on: '2021-01-25',
      }),
    );

  beforeAll(async () => {
    // The catalogue is recorded on 4 January 2021; what follows is recorded week after week.
    t = await startTestApp({ now: '2021-01-04T09:00:00Z', env: { LOAD_CATALOGUE: 'if-empty' } });
    email = await idOf('cosinum-2020-12-03-messagerie-distance');
    feedback = await idOf('cosinum-2020-05-28-jedonnemonavis-top250');
    await declare('2021-01-11T10:00:00Z', 'MI', 85, '2021-01-08');
    t.clock.set('2021-01-25T10:00:00Z');
    await extend(feedback, 'MI', 'Marché notifié en retard', 'COSINUM-2021-01-25');
    await extend(email, 'MJ', 'Migration de la messagerie reportée');
    // MJ's value of 10 January is only recorded on 15 February: late, as the trend shows it.
    await declare('2021-02-15T10:00:00Z', 'MJ', 94, '2021-01-10');
    await declare('2021-03-01T10:00:00Z', 'MI', 100, '2021-02-26');
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
    ({ context, page, scriptErrors } = await localContext(browser));
    await page.goto(`${t.baseUrl}/tableau-de-bord`);
    await signInOnPage(page, KEYS.analyst);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.dispose();
    process.stdout.write(`axe (all violations, by page): ${JSON.stringify(axeReport)}\n`);
  });

  const open = async (path: string, width: number) => {
    await page.setViewportSize({ width, height: 900 });
    const response = await page.goto(`${t.baseUrl}${path}`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
  };

  // Run in the page (this project's types have no DOM: the expressions are given as text).
  const overflow = () =>
    page.evaluate<{ scrollWidth: number; innerWidth: number }>(
      '({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })',
    );

  /** What a printed page would still show that only serves on a screen. */
  const visibleControls = () =>
    page.evaluate<string[]>(`[...document.querySelectorAll(
        'form, button, input:not([type=hidden]), select, textarea, .fr-btn',
      )]
        .filter((e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
        .map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ': ' + (e.textContent || '').trim())`);

  /**
   * The checks every committee view passes: at 1440 and 390 px, no axe violation and no script
   * error, the page no wider than the phone, the menu reaching « Se déconnecter »; printed, no
   * control showing and nothing wider than an A4 sheet (the PDF kept).
   */
  const checkEverywhere = async (name: string, path: string) => {
    for (const width of [1440, 390]) {
      await open(path, width);
      expect({ width, violations: await audit(page, `${name}-${width}`) }).toEqual({
        width,
        violations: [],
      });
      if (width === 390) {
        const { scrollWidth, innerWidth } = await overflow();
        expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
        await page.click('#bouton-menu');
        const signOut = page.locator('#menu-principal >> text=Se déconnecter');
        await signOut.waitFor({ state: 'visible' });
        expect(await signOut.isVisible()).toBe(true);
        await page.click('#menu-principal .fr-btn--close');
        await signOut.waitFor({ state: 'hidden' });
      }
    }
    expect(scriptErrors).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
    await photograph(page, name);
    await page.emulateMedia({ media: 'print' });
    try {
      await page.setViewportSize({ width: A4_PRINTABLE_PX, height: 1000 });
      expect(await visibleControls()).toEqual([]);
      const { scrollWidth, innerWidth } = await overflow();
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
      await page.pdf({
        path: join(ARTIFACTS, `${name}.pdf`),
        format: 'A4',
        printBackground: true,
      });
    } finally {
      await page.emulateMedia({ media: 'screen' });
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  };

  it('shows the slippage timeline with each extension as a dated step', async () => {
    await checkEverywhere('glissements', '/tableau-de-bord/glissements');
    const rows = page.locator('#glissements tbody tr');
    await expect(rows.count()).resolves.toBe(2);
    const text = (await page.locator('#glissements').innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('Marché notifié en retard (COSINUM-2021-01-25)');
    expect(text).toContain('Migration de la messagerie reportée');
  }, 120_000);

  it('shows a ministry’s trend week after week, with its data table', async () => {
    await checkEverywhere('tendances', '/tableau-de-bord/ministeres/MJ/tendances');
    await expect(page.locator('h1').innerText()).resolves.toContain('Justice');
    await expect(page.locator('figure svg').count()).resolves.toBeGreaterThan(0);
    // MJ's value of 10 January, recorded on 15 February, counts from that week: one item fewer
    // « sans déclaration » from the week of 15 February, not from January's weeks.
    const silentIn = async (monday: string) => {
      const row = page.locator(`#tendance tbody tr:has(th:text-is("${monday}"))`);
      const header = await page.locator('#tendance thead th').allInnerTexts();
      const cells = await row.locator('th, td').allInnerTexts();
      return cells[header.findIndex((h) => /sans déclaration/i.test(h))];
    };
    expect(await silentIn('11/01/2021')).toBe('16');
    expect(await silentIn('08/02/2021')).toBe('16');
    expect(await silentIn('15/02/2021')).toBe('15');
  }, 120_000);

  it('shows a commitment’s share of ministries met over time', async () => {
    await checkEverywhere('tendance', `/tableau-de-bord/engagements/${email}/tendance`);
    const table = (await page.locator('#tendance').innerText()).replace(/\s+/g, ' ');
    expect(table).toMatch(/1 sur 17/);
    await expect(page.locator('figure svg').count()).resolves.toBeGreaterThan(0);
  }, 120_000);

  it('shows the overview as a map on a desk, a list by ministry on a phone and on paper', async () => {
    await checkEverywhere('overview', '/tableau-de-bord');
    await open('/tableau-de-bord', 1440);
    expect(await page.locator('#carte').isVisible()).toBe(true);
    expect(await page.locator('#carte-liste').isVisible()).toBe(false);
    const columns = await page.locator('#carte thead tr:last-child th').count();
    expect(columns).toBe(93);

    await page.setViewportSize({ width: 390, height: 900 });
    expect(await page.locator('#carte').isVisible()).toBe(false);
    expect(await page.locator('#carte-liste').isVisible()).toBe(true);
    const entries = page.locator('#carte-liste .cz-ministry-list__item');
    await expect(entries.count()).resolves.toBe(21);
    // Worst first: the first entry has no fewer overdue items than the second.
    const overdue = async (n: number) =>
      Number(
        /En retard\s*\u202f?:\s*(\d+)/i.exec(await entries.nth(n).innerText())?.[1] ?? Number.NaN,
      );
    expect(await overdue(0)).toBeGreaterThanOrEqual(await overdue(1));
    const first = entries.first().locator('h3 a');
    expect(await first.getAttribute('href')).toMatch(/^\/tableau-de-bord\/ministeres\/[A-Z_]+$/);
    const justice = (
      await page.locator('#carte-liste li:has(h3 a[href$="/ministeres/MJ"])').innerText()
    ).replace(/\s+/g, ' ');
    expect(justice).toMatch(/sans déclaration/);
    await photograph(page, 'overview-list');

    // A document filter keeps the map to that document's columns: on a phone it is the map.
    await open('/tableau-de-bord?document=003_be567f4c541a115a.txt', 390);
    expect(await page.locator('#carte').isVisible()).toBe(true);
    expect(await page.locator('#carte-liste').isVisible()).toBe(false);
    expect(await audit(page, 'overview-document-390')).toEqual([]);
    const { scrollWidth, innerWidth } = await overflow();
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    await photograph(page, 'overview-document');

    // On paper, the list in every case.
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.locator('#carte').isVisible()).toBe(false);
      expect(await page.locator('#carte-liste').isVisible()).toBe(true);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
    expect(scriptErrors).toEqual([]);
  }, 180_000);
});
