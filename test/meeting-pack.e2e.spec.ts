import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import {
  axeAuditor,
  launchChromium,
  localContext,
  screenshotsOf,
  signInOnPage,
} from './support/browser';
import { as, emailCommitment, KEYS, startTestApp, type TestApp } from './support/test-app';
import { visibleText } from './support/visible-text';

/**
 * The meeting pack (« dossier de séance ») of a COSINUM meeting on 1 April 2021, the previous one
 * on 1 March: the page, its PDF printed by Debian's chromium and read back with poppler's
 * pdftotext (one text per page), the pages turned into images for people to look at, and a
 * server without a browser.
 */
const ARTIFACTS = join(__dirname, '..', 'test-artifacts', 'meeting-pack');
const PACK = '/tableau-de-bord/seance?asOf=2021-04-01&knownAt=2021-04-01&depuis=2021-03-01';

/** The PDF's text, page by page (pdftotext separates pages with a form feed). */
const pagesOf = (pdf: Buffer, name: string): string[] => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, `${name}.pdf`);
  writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  return text.split('\f').slice(0, -1);
};

/** Every page as a PNG beside the PDF, for people to look at (`pdftoppm`, 60 dpi). */
const imagesOf = (name: string): void => {
  const dir = join(ARTIFACTS, `${name}-pages`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('pdftoppm', ['-png', '-r', '60', join(ARTIFACTS, `${name}.pdf`), join(dir, 'page')]);
};

const getPdf = async (t: TestApp, path: string, headers: Record<string, string> = {}) => {
  const response = await fetch(`${t.baseUrl}${path}`, {
    headers: { 'x-api-key': KEYS.analyst, ...headers },
  });
  return { response, body: Buffer.from(await response.arrayBuffer()) };
};

describe('the meeting pack', () => {
  let t: TestApp;
  let email: string;
  let vpn: string;
  beforeAll(async () => {
    t = await startTestApp({ now: '2021-01-10T09:00:00Z' });
    const decided = await t.request(
      'POST',
      '/api/commitments',
      emailCommitment({ ministries: ['MI', 'MJ', 'MEFR'] }),
    );
    expect(decided.status).toBe(201);
    email = decided.body.id;
    const second = await t.request('POST', '/api/commitments', {
      ...emailCommitment({ ministries: ['MI', 'MJ'] }),
      externalId: 'cosinum-2020-12-03-vpn',
      title: '100 % des agents télétravaillables équipés en VPN',
      description: '100 % des agents télétravaillables équipés en VPN d’ici le 1er juillet 2021.',
      deadline: '2021-06-15',
    });
    expect(second.status).toBe(201);
    vpn = second.body.id;
    t.clock.set('2021-02-15T10:00:00Z');
    for (const [ministry, value] of [
      ['MI', 80],
      ['MJ', 75],
    ] as const)
      expect(
        (
          await t.request(
            'POST',
            `/api/commitments/${email}/progress`,
            { ministry, value, on: '2021-02-15' },
            as(KEYS[ministry]),
          )
        ).status,
      ).toBe(201);
    // After the previous meeting: an extension for the Justice, an exemption, a new value.
    t.clock.set('2021-03-15T15:00:00Z');
    const extended = await t.request('POST', `/api/commitments/${email}/deadline-extensions`, {
      ministry: 'MJ',
      deadline: '2021-06-30',
      reason: 'Licences nomades livrées en retard',
      decisionRef: 'COSINUM-2021-03',
      on: '2021-03-15',
    });
    expect(extended.status).toBe(201);
    expect(
      (
        await t.request(
          'POST',
          `/api/commitments/${email}/progress`,
          { ministry: 'MI', value: 90, on: '2021-03-15' },
          as(KEYS.MI),
        )
      ).status,
    ).toBe(201);
    t.clock.set('2021-03-20T10:00:00Z');
    const exempted = await t.request('POST', `/api/commitments/${email}/exemptions`, {
      ministry: 'MEFR',
      reason: 'Messagerie déjà accessible à distance pour tous les agents',
      on: '2021-03-20',
    });
    expect(exempted.status).toBe(201);
    t.clock.set('2021-04-02T08:00:00Z');
  });
  afterAll(async () => {
    await t.dispose();
  });

  describe('the page', () => {
    let page: string;
    let text: string;
    /** The visible text between two anchors' elements. */
    const between = (from: string, to?: string) =>
      visibleText(
        page.slice(page.indexOf(`id="${from}"`), to ? page.indexOf(`id="${to}"`) : undefined),
      );
    beforeAll(async () => {
      const response = await t.request('GET', PACK);
      expect(response.status).toBe(200);
      page = response.text;
      text = visibleText(page);
    });

    it('says its dates on the cover and on every printed page (the running head)', () => {
      expect(page).toContain('Dossier de séance du comité interministériel du numérique');
      // (The dates are in bold: their tags leave a space before the punctuation.)
      expect(text).toContain(
        'Situation au 01/04/2021 , selon les informations enregistrées au 01/04/2021 . Évolutions depuis la séance du 01/03/2021 .',
      );
      expect(page).toContain(
        '@top-left{content:"Dossier de séance COSINUM — situation au 01/04/2021, selon les informations connues au 01/04/2021"',
      );
      expect(page).toContain('@bottom-right{content:"Page " counter(page) " sur " counter(pages)');
    });

    it('has a table of contents leading to the summary, the changes, the slippage and one sheet per ministry', () => {
      for (const anchor of [
        'synthese',
        'evolutions',
        'glissements',
        'fiche-MI',
        'fiche-MJ',
        'fiche-MEFR',
      ]) {
        expect(page).toContain(`href="#${anchor}"`);
        expect(page).toContain(`id="${anchor}"`);
      }
      // Page numbers belong to the PDF: the page has none to give.
      expect(page).not.toContain('class="cz-toc__page"');
      expect(page.match(/class="cz-sheet"/g)).toHaveLength(3);
    });

    it('lists what was decided and what changed since the previous meeting, not before', () => {
      const changes = between('evolutions', 'glissements');
      expect(changes).toContain(
        'Faits enregistrés après le 01/03/2021 et jusqu’au 01/04/2021\u202f: 1\u00a0valeur déclarée, 2\u00a0décisions enregistrées, 2\u00a0changements d’état.',
      );
      expect(changes).toContain(
        "Report d’échéance 100 % des agents disposent d'une adresse email professionnelle accessible à distance Justice du 31/03/2021 au 30/06/2021 (COSINUM-2021-03)\u202f: Licences nomades livrées en retard",
      );
      expect(changes).toContain('Exemption');
      // The decisions themselves were recorded in January: not among the changes.
      expect(changes).not.toMatch(/\d{2}\/\d{2}\/\d{4} Décision /);
      // Intérieur: at risk on 1 March (deadline within 30 days), overdue on 1 April; the
      // Economy, exempted since.
      expect(changes).toMatch(/à distance Intérieur À risque En retard/);
      expect(changes).toMatch(/à distance Économie et Finances (À risque|En bonne voie) Exempté/);
    });

    it('gives each ministry its figures, its overdue items first, and its gap to the median', () => {
      const mi = between('fiche-MI', 'fiche-MJ');
      expect(mi).toContain("4.2. Ministère de l'Intérieur");
      expect(mi).toContain('En retard\u202f: 1 ');
      expect(mi).toContain('Valeurs déclarées depuis le 01/03/2021\u202f: 1 ');
      expect(mi).toMatch(/Écart à la médiane\u202f: [+−]?[\d,]+\u202fpoints? /);
      // Overdue first, then the VPN due in mid-June (within 90 days).
      expect(mi.indexOf('adresse email')).toBeLessThan(mi.indexOf('VPN'));
    });

    it('refuses ministries (the pack shows every ministry) with the French page', async () => {
      const refused = await t.request('GET', PACK, undefined, as(KEYS.MI));
      expect(refused.status).toBe(403);
      expect(refused.text).toContain('<html lang="fr"');
    });

    it('ignores a previous meeting after the meeting, says so, and takes the month before', async () => {
      const response = await t.request(
        'GET',
        '/tableau-de-bord/seance?asOf=2021-04-01&knownAt=2021-04-01&depuis=2021-05-01',
      );
      expect(response.status).toBe(200);
      expect(response.text).toContain('Paramètres ignorés');
      expect(response.text).toContain(
        'La date de la séance précédente «\u202f2021-05-01\u202f» doit être une date AAAA-MM-JJ antérieure à la situation.',
      );
      expect(visibleText(response.text)).toContain('la séance du 01/03/2021 .');
    });
  });

  describe('the PDF', () => {
    let pages: string[];
    let response: Response;
    beforeAll(async () => {
      const got = await getPdf(t, PACK.replace('/seance?', '/seance.pdf?'));
      response = got.response;
      pages = pagesOf(got.body, 'dossier-seance');
      imagesOf('dossier-seance');
    }, 240_000);

    it('is a PDF to download, named after its date', () => {
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      expect(response.headers.get('content-disposition')).toBe(
        'attachment; filename="dossier-seance-2021-04-01.pdf"',
      );
    });

    it('numbers every page and carries the dates on each, without the dashboard’s forms or buttons', () => {
      expect(pages.length).toBeGreaterThanOrEqual(7);
      pages.forEach((text, i) => {
        expect(text).toContain(`Page ${i + 1} sur ${pages.length}`);
        expect(text).toContain(
          'situation au 01/04/2021, selon les informations connues au 01/04/2021',
        );
        expect(text).not.toContain('Préparer le dossier');
        expect(text).not.toContain('Télécharger');
        expect(text).not.toContain('Se déconnecter');
      });
    });

    it('numbers its table of contents with the pages its sections start on', () => {
      const toc = pages[0];
      const entries = [
        ['1. Synthèse', '1. Synthèse'],
        ['3. Glissements de calendrier', '3. Glissements de calendrier'],
        ['4.1. Économie et Finances', '4.1. Ministère de l'],
        ['4.2. Intérieur', "4.2. Ministère de l'Intérieur"],
        ['4.3. Justice', '4.3. Ministère de la Justice'],
      ];
      for (const [entry, heading] of entries) {
        const number = new RegExp(`${entry.replace(/[.]/g, '\\.')}[ .]*\\s+(\\d+)`).exec(toc);
        expect(number).not.toBeNull();
        expect(pages[Number(number![1]) - 1]).toContain(heading);
      }
    });

    it('gives each ministry one page of its own', () => {
      for (const heading of ["Ministère de l'Intérieur", 'Ministère de la Justice']) {
        const on = pages.filter((p) => p.includes(`. ${heading}`));
        expect(on).toHaveLength(1);
      }
      // The sheets are the last pages, one each.
      expect(pages.slice(-3).map((p) => /4\.(\d)\. /.exec(p)?.[1])).toEqual(['1', '2', '3']);
    });
  });

  describe('the PDF of the whole catalogue', () => {
    let catalogue: TestApp;
    let pages: string[];
    let sheets: string[];
    beforeAll(async () => {
      catalogue = await startTestApp({
        now: '2021-07-02T08:00:00Z',
        env: { LOAD_CATALOGUE: 'if-empty' },
      });
      const page = await catalogue.request('GET', '/tableau-de-bord/seance?asOf=2021-07-01');
      sheets = [...page.text.matchAll(/<h3 id="fiche-[A-Z_]+">([^<]+)<\/h3>/g)].map((m) =>
        visibleText(m[1]).trim(),
      );
      const got = await getPdf(catalogue, '/tableau-de-bord/seance.pdf?asOf=2021-07-01');
      expect(got.response.status).toBe(200);
      pages = pagesOf(got.body, 'dossier-seance-catalogue');
      imagesOf('dossier-seance-catalogue');
    }, 300_000);
    afterAll(async () => {
      await catalogue.dispose();
    });

    it('gives every ministry of the catalogue one page, nothing spilling onto the next', () => {
      expect(sheets.length).toBeGreaterThanOrEqual(15);
      // (The table of contents names the sheets too: its pages aside.)
      const body = pages.filter((p) => !p.includes('Sommaire'));
      for (const heading of sheets) {
        const on = body.filter((p) => p.replace(/\s+/g, ' ').includes(heading));
        expect({ heading, pages: on.length }).toEqual({ heading, pages: 1 });
      }
      // What a sheet leaves out is counted, in French.
      expect(pages.join(' ')).toMatch(/Et \d+\s+autres engagements à suivre/);
      expect(pages.join(' ')).not.toMatch(/\d+\s+autre engagements/);
      // The sheets close the document: as many pages after the first sheet as there are sheets.
      const first = pages.findIndex((p) => p.replace(/\s+/g, ' ').includes(sheets[0]));
      expect(pages.length - first).toBe(sheets.length);
    });

    it('numbers its table of contents with the page of each sheet', () => {
      const toc = pages.slice(0, 2).join('\n');
      for (let i = 0; i < sheets.length; i++) {
        const number = new RegExp(`4\\.${i + 1}\\. [^\\n]*?\\s(\\d+)(?:\\s|$)`).exec(toc);
        expect(number).not.toBeNull();
        expect(pages[Number(number![1]) - 1].replace(/\s+/g, ' ')).toContain(sheets[i]);
      }
    });
  });

  describe('in a browser', () => {
    let browser: Browser;
    const report: Record<string, string[]> = {};
    const audit = axeAuditor(report);
    const shoot = screenshotsOf('meeting-pack');
    beforeAll(async () => {
      browser = await launchChromium();
    });
    afterAll(async () => {
      console.log(`axe on the meeting pack: ${JSON.stringify(report)}`);
      await browser.close();
    });

    it('reads well at 1440 and 390 px (axe: no violation), and prints without forms or buttons', async () => {
      const { context, page, scriptErrors } = await localContext(browser);
      try {
        await page.setViewportSize({ width: 1440, height: 900 });
        await page.goto(`${t.baseUrl}${PACK}`);
        await signInOnPage(page, KEYS.analyst);
        await page.waitForSelector('#fiche-MEFR');
        expect(await audit(page, 'seance-1440')).toEqual([]);
        expect(report['seance-1440']).toEqual([]);
        await page.setViewportSize({ width: 390, height: 844 });
        expect(await audit(page, 'seance-390')).toEqual([]);
        expect(report['seance-390']).toEqual([]);
        // Playwright evaluates the string in the page (this file has no DOM types).
        expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
          390,
        );
        await page.setViewportSize({ width: 1440, height: 900 });
        await shoot(page, 'seance');
        await page.emulateMedia({ media: 'print' });
        const visible = await page.evaluate(
          `[...document.querySelectorAll('form, button, .fr-btn, header, footer')].filter((e) => e.offsetParent !== null).length`,
        );
        expect(visible).toBe(0);
        expect(scriptErrors).toEqual([]);
      } finally {
        await context.close();
      }
    }, 180_000);
  });

  describe('on a server without a browser', () => {
    let bare: TestApp;
    beforeAll(async () => {
      bare = await startTestApp({ now: '2021-04-02T08:00:00Z', env: { CHROMIUM_PATH: 'none' } });
    });
    afterAll(async () => {
      await bare.dispose();
    });

    it('answers 503 in French, naming what to install, and the page still prints', async () => {
      const { response, body } = await getPdf(bare, '/tableau-de-bord/seance.pdf?asOf=2021-04-01');
      expect(response.status).toBe(503);
      const text = body.toString('utf8');
      expect(text).toContain('Le PDF ne peut pas être produit sur ce serveur');
      expect(text).toContain('apt-get install chromium');
      expect(text).toContain('CHROMIUM_PATH');
      expect(text).toContain(
        'href="/tableau-de-bord/seance?asOf=2021-04-01&amp;depuis=2021-03-01"',
      );
      const page = await bare.request('GET', '/tableau-de-bord/seance?asOf=2021-04-01');
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('seance.pdf');
      expect(page.text).toContain('Ce serveur ne peut pas produire le PDF');
    });

    it('answers a JSON client with a problem naming the fix', async () => {
      const { response, body } = await getPdf(bare, '/tableau-de-bord/seance.pdf', {
        accept: 'application/json',
      });
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(JSON.parse(body.toString('utf8'))).toMatchObject({
        status: 503,
        code: 'PDF.UNAVAILABLE',
        detail: expect.stringContaining('apt-get install chromium'),
      });
    });
  });

  it('keeps the VPN commitment, due in mid-June, among the coming deadlines of the sheets', async () => {
    const response = await t.request('GET', PACK);
    const mj = response.text.slice(response.text.indexOf('id="fiche-MJ"'));
    expect(mj).toContain(`/tableau-de-bord/engagements/${vpn}`);
  });
});
