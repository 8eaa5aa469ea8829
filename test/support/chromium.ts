import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * The dashboard's browser tests: Debian's chromium driven by playwright-core, in French, on this
 * machine only; an axe-core audit; screenshots at 1280 and 390 px. A missing browser fails the
 * suite: it is never skipped.
 */
export const CHROMIUM = '/usr/bin/chromium';
/** French typography's narrow no-break space, before « : ; ? ! % » and inside « ». */
export const NNBSP = '\u202f';
/** Collapses white space as a reader sees it, keeping U+202F (which `\s` would match). */
export const squash = (text: string) => text.replace(/[\t\n\r ]+/g, ' ');
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** The browser and a French context at 1280 × 900 that reaches 127.0.0.1 only. */
export const launchChromium = async (): Promise<{ browser: Browser; context: BrowserContext }> => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The dashboard tests need Debian's chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run installs it).`,
    );
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 20_000,
    // The browser's own locale, beside the context's: with Debian's chromium-l10n, date inputs
    // then read JJ/MM/AAAA as a French analyst's browser shows them (en-US: MM/DD/YYYY).
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
  return { browser, context: await frenchContext(browser) };
};

/** A context of its own (its own cookies: another person signed in), French, 1280 × 900. */
export const frenchContext = async (browser: Browser): Promise<BrowserContext> => {
  const context = await browser.newContext({
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    locale: 'fr-FR',
  });
  // Only this machine: anything else the pages might ask for is refused.
  await context.route(
    (url) => url.hostname !== '127.0.0.1',
    (route) => route.abort(),
  );
  return context;
};

/**
 * axe-core on the page as it is (WCAG 2.1 A and AA, best practices): records every violation in
 * `report[name]` and returns the serious and critical ones.
 */
export const auditPage = async (
  page: Page,
  report: Record<string, string[]>,
  name: string,
): Promise<AxeViolation[]> => {
  await page.evaluate(AXE);
  const violations = (await page.evaluate(async () => {
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
  report[name] = violations.map((v) => `${v.impact}:${v.id}(${v.nodes.length})`);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
};

/**
 * The page at 1280 px wide, then at 390 px (a phone), into `dir`: `<name>-desktop.png`,
 * `<name>-mobile.png`. Returns both paths.
 */
export const screenshots = async (page: Page, dir: string, name: string): Promise<string[]> => {
  const desktop = join(dir, `${name}-desktop.png`);
  const mobile = join(dir, `${name}-mobile.png`);
  await page.screenshot({ path: desktop, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await page.screenshot({ path: mobile, fullPage: true });
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
  return [desktop, mobile];
};
