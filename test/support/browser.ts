import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * What the dashboard's browser specs share: Debian's chromium driven by playwright-core (a missing
 * browser fails the suite, never skips it), a context that reaches 127.0.0.1 only, axe-core audits,
 * screenshots at 1280 and 390 px kept under `test-artifacts/<suite>/`, and the sign-in with a key.
 */
export const CHROMIUM = '/usr/bin/chromium';
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

export const launchChromium = async (): Promise<Browser> => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `The dashboard tests need Debian's chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run installs it).`,
    );
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 20_000,
    // The browser's own locale, beside the context's: with Debian's chromium-l10n, date inputs
    // then read JJ/MM/AAAA as a French browser shows them (en-US: MM/DD/YYYY).
    env: { ...process.env, LANG: 'fr_FR.UTF-8', LANGUAGE: 'fr_FR:fr' },
    args: [
      '--lang=fr-FR',
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
};

/** A French desktop context that may reach this machine only; DSFR script errors are collected. */
export const localContext = async (
  browser: Browser,
): Promise<{ context: BrowserContext; page: Page; scriptErrors: string[] }> => {
  const context = await browser.newContext({
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    locale: 'fr-FR',
  });
  await context.route(
    (url) => url.hostname !== '127.0.0.1',
    (route) => route.abort(),
  );
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const scriptErrors: string[] = [];
  page.on('pageerror', (error) => scriptErrors.push(error.message));
  return { context, page, scriptErrors };
};

/** On the sign-in page (reached by a redirect): the key, then wherever the sign-in leads. */
export const signInOnPage = async (page: Page, key: string): Promise<void> => {
  await page.waitForURL(/\/connexion/);
  await page.fill('#cle', key);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/connexion')),
    page.click('button[type=submit]'),
  ]);
};

/** axe-core on the page as it is (WCAG 2.1 A/AA and best practices): every violation. */
export const axeViolations = async (page: Page): Promise<AxeViolation[]> => {
  await page.evaluate(AXE);
  return (await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run: (c: unknown, o: unknown) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
      },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })),
    }));
  })) as AxeViolation[];
};

/**
 * An audit for a suite: every violation of each page noted in `report` (printed by the suite),
 * the serious and critical ones returned, for the spec to expect none.
 */
export const axeAuditor =
  (report: Record<string, string[]>) =>
  async (page: Page, name: string): Promise<AxeViolation[]> => {
    const violations = await axeViolations(page);
    report[name] = violations.map((v) => `${v.impact}:${v.id}(${v.nodes.length})`);
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  };

/** Screenshots of the page at 1280 px, then 390 px wide: `<name>-desktop.png`, `<name>-mobile.png`. */
export const screenshotsOf = (suite: string) => {
  const dir = join(__dirname, '..', '..', 'test-artifacts', suite);
  mkdirSync(dir, { recursive: true });
  return async (page: Page, name: string): Promise<void> => {
    const size = page.viewportSize() ?? { width: 1280, height: 900 };
    await page.screenshot({ path: join(dir, `${name}-desktop.png`), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.screenshot({ path: join(dir, `${name}-mobile.png`), fullPage: true });
    } finally {
      await page.setViewportSize(size);
    }
  };
};
