import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * What the browser suites share: Debian's chromium in French, a context that reaches this machine
 * only, the axe-core audit and the screenshots at 1280 and 390 px. A missing browser fails the
 * suite: it is never skipped.
 */
export const CHROMIUM = '/usr/bin/chromium';
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Collapses white space as a reader sees it, keeping U+202F (which `\s` would match). */
export const squash = (text: string) => text.replace(/[\t\n\r ]+/g, ' ');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

export const launchChromium = async (): Promise<Browser> => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The dashboard tests need Debian's chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run installs it).`,
    );
  }
  return chromium.launch({
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
};

/** A French desktop context (1280 × 900) that may reach 127.0.0.1 only. */
export const frenchContext = async (
  browser: Browser,
  options: { acceptDownloads?: boolean } = {},
): Promise<BrowserContext> => {
  const context = await browser.newContext({
    ...options,
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
 * axe-core on the page as it is (WCAG 2.1 A and AA, and best practices): every violation goes to
 * `report[name]`, the serious and critical ones are returned.
 */
export const axeAudit = async (
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

/** The page as it is, at 1280 px wide, then at 390 px (a phone): `<name>-desktop.png`, `-mobile.png`. */
export const screenshots = async (page: Page, directory: string, name: string): Promise<void> => {
  mkdirSync(directory, { recursive: true });
  await page.screenshot({ path: join(directory, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await page.screenshot({ path: join(directory, `${name}-mobile.png`), fullPage: true });
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
};
