import { Workbook } from 'exceljs';
import { signInWithKey } from './support/form-session';
import {
  KEYS,
  as,
  emailCommitment,
  eventCount,
  expectProblem,
  startTestApp,
  type TestApp,
} from './support/test-app';

/**
 * Progress by file through real HTTP: the templates, the dashboard's upload (multipart with the
 * session cookie, Origin and `_csrf`), its preview with every error at once, its confirmation;
 * the API route for ministries (scoped) and for Excel workbooks. Nothing is written on any error.
 */
const EMAIL = 'cosinum-2020-12-03-messagerie-distance';
const DLNUF = 'cosinum-2020-05-28-dlnuf-calendrier';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const NNBSP = '\u202f';
/** Collapses white space as a reader sees it, keeping U+202F (which `\s` would match). */
const squash = (text: string) => text.replace(/[\t\n\r ]+/g, ' ');

describe('progress by file (templates, preview, confirmation, API)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ now: '2021-06-01T09:00:00Z', env: { LOAD_CATALOGUE: 'if-empty' } });
  }, 60_000);

  afterAll(async () => {
    await t?.dispose();
  });

  /** A browser's session (test/support/form-session): the cookie, and its forms' CSRF token. */
  const cookieOf = async (key: string) => (await signInWithKey(t.baseUrl, key)).cookie;
  const signIn = async (key: string) => {
    const session = await signInWithKey(t.baseUrl, key);
    return { cookie: session.cookie, csrf: await session.csrf('/tableau-de-bord/import') };
  };

  const get = (path: string, cookie: string) =>
    fetch(`${t.baseUrl}${path}`, { headers: { cookie }, redirect: 'manual' });

  /** The upload as the browser posts it: multipart, the file in `fichier`, with `_csrf`. */
  const upload = async (
    session: { cookie: string; csrf?: string },
    bytes: Buffer | string,
    name = 'avancement.csv',
  ) => {
    const form = new FormData();
    if (session.csrf) form.append('_csrf', session.csrf);
    form.append('fichier', new Blob([bytes]), name);
    const response = await fetch(`${t.baseUrl}/tableau-de-bord/import`, {
      method: 'POST',
      body: form,
      headers: { cookie: session.cookie, origin: t.baseUrl },
      redirect: 'manual',
    });
    return { status: response.status, text: await response.text() };
  };

  /** The template's CSV lines, each as cells; the header first. */
  const templateOf = async (cookie: string, query = '') => {
    const response = await get(`/tableau-de-bord/modele.csv${query}`, cookie);
    expect(response.status).toBe(200);
    // `text()` would drop the byte-order mark: the bytes as Excel reads them.
    const text = Buffer.from(await response.arrayBuffer()).toString('utf8');
    return {
      response,
      text,
      lines: text
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n')
        .map((l) => l.split(';')),
    };
  };

  const fill = (lines: string[][], values: Record<string, [string, string, string?]>) =>
    `\uFEFF${lines
      .map((cells, i) => {
        const given = i > 0 ? values[cells[0]] : undefined;
        return (given ? [...cells.slice(0, 6), given[0], given[1], given[2] ?? ''] : cells).join(
          ';',
        );
      })
      .join('\r\n')}\r\n`;

  it('gives a ministry its template of open items, as French Excel reads it', async () => {
    const mi = await signIn(KEYS.MI);
    const { response, text, lines } = await templateOf(mi.cookie);
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="modele-avancement-MI-2021-06-01.csv"',
    );
    expect(text.startsWith('\uFEFFengagement;titre;ministère;dernière valeur;')).toBe(true);
    expect(lines[0]).toEqual([
      'engagement',
      'titre',
      'ministère',
      'dernière valeur',
      'date de la dernière valeur',
      'à écrire dans valeur',
      'valeur',
      'date',
      'commentaire',
    ]);
    const rows = lines.slice(1);
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.every((r) => r[2] === 'MI' && r[6] === '' && r[7] === '')).toBe(true);
    const dlnuf = rows.find((r) => r[0] === DLNUF);
    expect(dlnuf?.[5]).toBe(
      `«${NNBSP}oui${NNBSP}» (ou 1) une fois l’action réalisée, «${NNBSP}non${NNBSP}» (ou 0) sinon`,
    );
    // The XLSX: a frozen header, greyed informative columns, real dates.
    const xlsx = await get('/tableau-de-bord/modele.xlsx', mi.cookie);
    expect(xlsx.headers.get('content-type')).toBe(XLSX);
    expect(xlsx.headers.get('content-disposition')).toContain(
      'modele-avancement-MI-2021-06-01.xlsx',
    );
    const workbook = new Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Avancement')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(1).getCell(2).fill).toMatchObject({ fgColor: { argb: 'FFEEEEEE' } });
    expect(sheet.rowCount).toBe(lines.length);
    // A ministry asking for another's template: the French 403.
    const other = await get('/tableau-de-bord/modele.csv?ministere=MJ', mi.cookie);
    expect(other.status).toBe(403);
    expect(await other.text()).toContain('Accès refusé');
  });

  it('asks an analyst which ministry, in French (400, then 404 for an unknown code)', async () => {
    const analyst = await signIn(KEYS.analyst);
    const none = await get('/tableau-de-bord/modele.csv', analyst.cookie);
    expect(none.status).toBe(400);
    expect(await none.text()).toContain('Ministère à choisir');
    const unknown = await get('/tableau-de-bord/modele.xlsx?ministere=XYZ', analyst.cookie);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain(
      `Aucun ministère ne porte le code «${NNBSP}XYZ${NNBSP}»`,
    );
    const { lines } = await templateOf(analyst.cookie, '?ministere=MJ');
    expect(lines.slice(1).every((r) => r[2] === 'MJ')).toBe(true);
    // An auditor writes nothing: no import page, no template.
    const auditor = await cookieOf(KEYS.auditor);
    expect((await get('/tableau-de-bord/import', auditor)).status).toBe(403);
    expect((await get('/tableau-de-bord/modele.csv?ministere=MI', auditor)).status).toBe(403);
  });

  it('previews a file with every error at once in French, writes nothing, then records it on confirmation', async () => {
    const mi = await signIn(KEYS.MI);
    const { lines } = await templateOf(mi.cookie);
    const before = await eventCount(t);
    const bad = fill(lines, {
      [EMAIL]: ['85,5', '01/05/2021', 'relevé de mai'],
      [DLNUF]: ['peut-être', '15/05/2021'],
    });
    // One row for another ministry, one with a value and no date.
    const extra = `${EMAIL};;MJ;;;;90;01/05/2021;\r\ncosinum-inconnu;;MI;;;;1;;\r\n`;
    const preview = await upload(mi, bad + extra);
    expect(preview.status).toBe(422);
    const text = squash(preview.text);
    // The unknown commitment is not looked up: its line has no date (its own error first).
    expect(text).toContain('Le fichier contient 3 erreurs');
    const n = lines.length;
    expect(text).toContain(`«${NNBSP}peut-être${NNBSP}» n’est pas un nombre`);
    expect(text).toContain(`Ligne ${n + 1}, colonne «${NNBSP}ministère${NNBSP}»`);
    expect(text).toContain('Vous ne pouvez déclarer que pour le ministère de l');
    expect(text).toContain(`Ligne ${n + 2}, colonne «${NNBSP}date${NNBSP}»`);
    expect(text).toContain('La valeur est donnée sans date');
    expect(text).toContain('À enregistrer');
    expect(text).toContain('Ligne vide, ignorée');
    expect(text).not.toContain('Confirmer l’enregistrement');
    expect(await eventCount(t)).toBe(before);

    // Fixed: no error; the confirmation carries the file.
    const good = fill(lines, {
      [EMAIL]: ['85,5', '01/05/2021', 'relevé de mai'],
      [DLNUF]: ['oui', '15/05/2021'],
    });
    const ok = await upload(mi, good);
    expect(ok.status).toBe(200);
    expect(squash(ok.text)).toContain('2 valeurs à enregistrer');
    expect(ok.text).toContain('Confirmer l’enregistrement');
    expect(await eventCount(t)).toBe(before);
    const fichier = /name="fichier" value="([^"]+)"/.exec(ok.text)?.[1] as string;
    expect(Buffer.from(fichier, 'base64').toString('utf8')).toBe(good);

    // Without the token: refused in French, nothing written.
    const forged = await fetch(`${t.baseUrl}/tableau-de-bord/import/confirmation`, {
      method: 'POST',
      body: new URLSearchParams({ fichier }),
      headers: { cookie: mi.cookie, origin: t.baseUrl },
      redirect: 'manual',
    });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('Demande refusée');
    expect(await eventCount(t)).toBe(before);

    const confirmed = await fetch(`${t.baseUrl}/tableau-de-bord/import/confirmation`, {
      method: 'POST',
      body: new URLSearchParams({ _csrf: mi.csrf, fichier }),
      headers: { cookie: mi.cookie, origin: t.baseUrl },
      redirect: 'manual',
    });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe('/tableau-de-bord/a-renseigner?importees=2');
    expect(await eventCount(t)).toBe(before + 2);
    const board = await t.request('GET', '/api/status?ministry=MI', undefined, as(KEYS.MI));
    const item = (id: string) =>
      board.body.items.find((i: { externalId: string }) => i.externalId === id);
    expect(item(EMAIL)).toMatchObject({ latestValue: 85.5, latestOn: '2021-05-01' });
    expect(item(DLNUF)).toMatchObject({ latestValue: 1, state: 'met' });
    const history = await t.request(
      'GET',
      `/api/commitments/${item(EMAIL).commitmentId}/history?type=ProgressReported`,
    );
    expect(history.body.items.at(-1).actor).toMatchObject({ role: 'ministry', ministry: 'MI' });

    // The same file again: every line already recorded, nothing to confirm.
    const again = await upload(mi, good);
    expect(squash(again.text)).toContain('Déjà enregistré');
    expect(again.text).not.toContain('Confirmer l’enregistrement');
  });

  it('shows the preview again when the store changed before the confirmation', async () => {
    const analyst = await signIn(KEYS.analyst);
    const file = `engagement;ministère;valeur;date\r\n${EMAIL};MJ;70;20/05/2021\r\n`;
    const ok = await upload(analyst, file);
    expect(ok.status).toBe(200);
    const fichier = /name="fichier" value="([^"]+)"/.exec(ok.text)?.[1] as string;
    const list = await t.request('GET', '/api/commitments');
    const id = list.body.items.find((c: { externalId: string }) => c.externalId === EMAIL).id;
    expect(
      (
        await t.request('POST', `/api/commitments/${id}/exemptions`, {
          ministry: 'MJ',
          reason: 'Exemption décidée entre-temps',
        })
      ).status,
    ).toBe(201);
    const before = await eventCount(t);
    const confirmed = await fetch(`${t.baseUrl}/tableau-de-bord/import/confirmation`, {
      method: 'POST',
      body: new URLSearchParams({ _csrf: analyst.csrf, fichier }),
      headers: { cookie: analyst.cookie, origin: t.baseUrl },
      redirect: 'manual',
    });
    expect(confirmed.status).toBe(422);
    expect(squash(await confirmed.text())).toContain('est exempté de l’engagement');
    expect(await eventCount(t)).toBe(before);
  });

  it('says so when no file was chosen', async () => {
    const mi = await signIn(KEYS.MI);
    const empty = await upload(mi, '');
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Choisissez le fichier rempli');
    expect(empty.text).toContain('fr-upload-group--error');
  });

  it('lets a ministry import on the API for itself only, CSV or XLSX, with every error at once in French', async () => {
    const before = await eventCount(t);
    const csv = `engagement;ministère;valeur;date;note\r\n${EMAIL};MJ;90;01/05/2021;\r\n${EMAIL};MI;abc;01/05/2021;\r\ninconnu;MI;1;01/05/2021;\r\n`;
    const refused = await t.request('POST', '/api/imports/progress', csv, {
      ...as(KEYS.MI),
      'content-type': 'text/csv',
    });
    const problem = expectProblem(refused, 400, undefined, 'ministère');
    expect(problem.errors.map((e: { line: number; field: string }) => [e.line, e.field])).toEqual([
      [2, 'ministère'],
      [3, 'valeur'],
      [4, 'engagement'],
    ]);
    expect(problem.errors[0].messageFr).toMatch(
      /^Ligne 2, colonne «\u202fministère\u202f»\u202f: vous ne pouvez déclarer que pour le ministère de l.Intérieur, pas pour MJ\. Attendu\u202f: le code de votre ministère, MI\.$/,
    );
    expect(problem.errors[1].messageFr).toContain('n’est pas un nombre');
    expect(problem.errors[2].messageFr).toContain('aucun engagement n’a l’identifiant');
    expect(await eventCount(t)).toBe(before);

    const workbook = new Workbook();
    const sheet = workbook.addWorksheet('Feuil1');
    sheet.addRow(['Engagement', 'Titre', 'Ministère', 'Valeur', 'Date', 'Commentaire']);
    sheet.addRow([EMAIL, 'ignoré', 'MI', 0.9, new Date('2021-05-20T00:00:00Z'), 'depuis Excel']);
    sheet.getCell('D2').numFmt = '0%';
    sheet.addRow([DLNUF, 'ignoré', 'MI', null, null, null]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const response = await fetch(`${t.baseUrl}/api/imports/progress`, {
      method: 'POST',
      body: bytes,
      headers: { 'x-api-key': KEYS.MI, 'content-type': XLSX },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ recorded: 1, eventsWritten: 1 });
    const board = await t.request('GET', '/api/status?ministry=MI', undefined, as(KEYS.MI));
    expect(
      board.body.items.find((i: { externalId: string }) => i.externalId === EMAIL),
    ).toMatchObject({ latestValue: 90, latestOn: '2021-05-20' });
    expect(await eventCount(t)).toBe(before + 1);
  });

  it("records a successor's line on the item it took over, as the command path does", async () => {
    // Decided for the ministère de l'Action et des Comptes publics alone, merged into MEFR on
    // 6 July 2020 (the reference lineage): MEFR holds the item and reports on it.
    const decided = await t.request(
      'POST',
      '/api/commitments',
      emailCommitment({
        externalId: 'test-macp-seul',
        source: { document: 'test', section: 'MACP', decidedOn: '2020-06-01' },
        metric: {
          kind: 'percentage',
          direction: 'increase',
          target: 100,
          baseline: { value: 70, on: '2020-05-01' },
        },
        deadline: '2021-06-30',
        ministries: ['MACP'],
      }),
    );
    expect(decided.status).toBe(201);
    const csv = `engagement;ministère;valeur;date\r\ntest-macp-seul;MEFR;90;03/05/2021\r\n`;
    const response = await t.request('POST', '/api/imports/progress', csv, {
      'content-type': 'text/csv',
    });
    expect(response.body).toMatchObject({ recorded: 1, eventsWritten: 1 });
    const history = await t.request(
      'GET',
      `/api/commitments/${decided.body.id}/history?type=ProgressReported`,
    );
    expect(history.body.items.at(-1).data).toMatchObject({ ministry: 'MACP', value: 90 });
    const board = await t.request('GET', '/api/status?ministry=MEFR');
    expect(
      board.body.items.find((i: { externalId: string }) => i.externalId === 'test-macp-seul'),
    ).toMatchObject({ latestValue: 90, takenOverFrom: 'MACP' });
  });
});
