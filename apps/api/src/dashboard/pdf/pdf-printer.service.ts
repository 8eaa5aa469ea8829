import { readFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Browser } from 'playwright-core';
import { APP_CONFIG } from '@cosinum/application';
import type { AppConfig } from '@cosinum/config';
import { DSFR_ROOT } from '../dsfr-assets';

/** The origin the printed page is served from: it exists inside the printing browser only. */
const ORIGIN = 'http://dossier.invalid';
const MAX_PARALLEL = 2;
/** Final prints tried before giving up the numbers of the table of contents. */
const MAX_FINAL_PRINTS = 3;
const TIMEOUT_MS = 60_000;
const TYPES: Record<string, string> = {
  css: 'text/css',
  woff2: 'font/woff2',
  woff: 'font/woff',
  svg: 'image/svg+xml',
  png: 'image/png',
};

export class PdfUnavailable extends Error {}

/**
 * Prints the dashboard's HTML to PDF in headless Chromium through playwright-core: the page's
 * own print CSS (A4, page breaks, running heads and page numbers in CSS page-margin boxes) makes
 * the paper layout, so that printing from a browser and the PDF look alike. Chromium is a
 * maintained PDF engine that already reads that CSS; a PDF library (pdfkit, pdfmake) would have
 * meant laying the pack out a second time by hand.
 *
 * The printing browser reaches nothing: the page is served from memory, the DSFR's CSS and fonts
 * from disk, every other request is aborted, and JavaScript is off. One browser is kept for the
 * process (launched on first use, closed at shutdown), a fresh context per document, at most
 * `MAX_PARALLEL` documents at once.
 */
@Injectable()
export class PdfPrinter implements OnModuleDestroy {
  private readonly logger = new Logger(PdfPrinter.name);
  private browser?: Promise<Browser>;
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The browser's path, or null when this server has none. */
  get browserPath(): string | null {
    return this.config.pdfBrowser;
  }

  /**
   * Prints `render()` and fills in its table of contents: a first, plain print says on which
   * page each of `anchors` fell (the PDF's named destinations), the final one (tagged for
   * screen readers, with an outline) prints with those numbers; it is checked to agree, and
   * printed again with the numbers it found if not (a table of contents is laid out to keep its
   * length), up to `MAX_FINAL_PRINTS` times; never with numbers that disagree with the pages.
   * The same tab serves every print: the DSFR's CSS and fonts are loaded once.
   */
  async printWithContents(
    render: (pages?: ReadonlyMap<string, number>) => string,
    anchors: readonly string[],
  ): Promise<Buffer> {
    return this.withTab(async (print) => {
      // pdf-lib is loaded with the first PDF, not when the server starts.
      const { pagesOfAnchors } = await import('./pdf-anchors');
      let pages = await pagesOfAnchors(await print(render(), false), anchors);
      for (let attempt = 0; attempt < MAX_FINAL_PRINTS; attempt++) {
        const pdf = await print(render(pages), true);
        const found = await pagesOfAnchors(pdf, anchors);
        if (sameNumbers(pages, found)) return pdf;
        pages = found;
      }
      // Numbers that would not settle are not printed wrong: the contents go without them.
      this.logger.warn({
        msg: 'the PDF table of contents did not settle: printed without numbers',
      });
      return print(render(), true);
    });
  }

  /**
   * A fresh context and tab for one document, however many prints it takes: `print(html, final)`
   * serves `html` at the tab's address and prints it (`final`: tagged PDF with an outline).
   */
  private async withTab<T>(
    work: (print: (html: string, final: boolean) => Promise<Buffer>) => Promise<T>,
  ): Promise<T> {
    const path = this.config.pdfBrowser;
    if (path === null) throw new PdfUnavailable('no browser configured');
    await this.slot();
    try {
      const browser = await this.launch(path);
      const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR' });
      try {
        let current = '';
        await context.route('**/*', async (route) => {
          const url = new URL(route.request().url());
          if (url.origin !== ORIGIN) return route.abort('blockedbyclient');
          if (url.pathname === '/dossier')
            return route.fulfill({ contentType: 'text/html; charset=utf-8', body: current });
          const asset = await dsfrAsset(url.pathname);
          return asset ? route.fulfill(asset) : route.abort('blockedbyclient');
        });
        const tab = await context.newPage();
        tab.setDefaultTimeout(TIMEOUT_MS);
        return await work(async (html, final) => {
          current = html;
          await tab.goto(`${ORIGIN}/dossier`, { waitUntil: 'load' });
          // The DSFR's fonts (Marianne) may still be loading at `load`: printed with the fallback's
          // metrics, a section could fall on another page than in the next print.
          await tab.evaluate('document.fonts.ready.then(() => document.fonts.status)');
          return tab.pdf({
            format: 'A4',
            preferCSSPageSize: true,
            printBackground: true,
            ...(final && { outline: true, tagged: true }),
          });
        });
      } finally {
        await context.close().catch(() => undefined);
      }
    } catch (error) {
      if (error instanceof PdfUnavailable) throw error;
      this.logger.error({ msg: 'printing a PDF failed', err: error });
      throw new PdfUnavailable(error instanceof Error ? error.message : String(error));
    } finally {
      this.release();
    }
  }

  async onModuleDestroy(): Promise<void> {
    const browser = this.browser;
    this.browser = undefined;
    if (browser) await (await browser.catch(() => undefined))?.close().catch(() => undefined);
  }

  private launch(path: string): Promise<Browser> {
    if (!this.browser) {
      // playwright-core is loaded with the first PDF, not when the server starts (about 0.5 s).
      const launched = import('playwright-core').then(({ chromium }) =>
        chromium.launch({
          executablePath: path,
          headless: true,
          timeout: 30_000,
          // In a container the browser runs as an unprivileged user without user namespaces; its
          // sandbox cannot start there. What it renders is our own page, scripts off, offline.
          args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
        }),
      );
      this.browser = launched;
      launched.then(
        (b) =>
          b.on('disconnected', () => {
            if (this.browser === launched) this.browser = undefined;
          }),
        () => {
          if (this.browser === launched) this.browser = undefined;
        },
      );
    }
    return this.browser;
  }

  private async slot(): Promise<void> {
    if (this.running < MAX_PARALLEL) {
      this.running++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}

const sameNumbers = (a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean =>
  a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);

/** A file of the DSFR's dist folder by its `/dsfr/…` path, never outside it. */
const dsfrAsset = async (
  pathname: string,
): Promise<{ contentType: string; body: Buffer } | undefined> => {
  if (!pathname.startsWith('/dsfr/')) return undefined;
  const file = resolve(DSFR_ROOT, decodeURIComponent(pathname.slice('/dsfr/'.length)));
  if (!file.startsWith(DSFR_ROOT + sep)) return undefined;
  const type = TYPES[file.slice(file.lastIndexOf('.') + 1)];
  if (!type) return undefined;
  try {
    return { contentType: type, body: await readFile(file) };
  } catch {
    return undefined;
  }
};
