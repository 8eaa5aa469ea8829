import './support/slow-tier';
import { signInWithKey, type FormSession } from './support/form-session';
import {
  KEYS,
  as,
  emailCommitment,
  eventCount,
  startTestApp,
  type TestApp,
} from './support/test-app';

/**
 * Ministries answer their reminder in the browser: the to-do page and the declaration form,
 * over real HTTP as a browser posts them (session cookie, Origin, the form's CSRF token), and the
 * protections of every write made on the strength of the session cookie.
 */
describe('declaring progress in the dashboard', () => {
  let t: TestApp;
  let mi: FormSession;
  let email: string;
  let plan: string;
  let done: string;

  const form = (id: string, query = '') => `/tableau-de-bord/engagements/${id}/avancement${query}`;
  const history = async (id: string) =>
    (await t.request('GET', `/api/commitments/${id}/history`)).body.items as {
      type: string;
      data: Record<string, unknown>;
      actor: { subject: string; role: string; ministry?: string };
    }[];

  beforeAll(async () => {
    t = await startTestApp({ now: '2021-03-20T10:00:00Z' });
    // Due within 30 days for every ministry, never reported.
    email = (await t.request('POST', '/api/commitments', emailCommitment())).body.id;
    // A yes/no action of MI, far off, never reported.
    plan = (
      await t.request('POST', '/api/commitments', {
        externalId: 'plan-action-top250',
        title: 'Plan d’action pour les démarches du Top 250',
        description: 'Chaque ministère fournit un plan d’action.',
        source: { document: 'x.txt', decidedOn: '2021-01-15' },
        metric: { kind: 'boolean', direction: 'increase', target: 1 },
        deadline: '2021-12-31',
        ministries: ['MI', 'MJ'],
      })
    ).body.id;
    // Reported and up to date, far off: nothing to do.
    done = (
      await t.request('POST', '/api/commitments', {
        ...emailCommitment({ externalId: 'vpn-2022', deadline: '2022-12-31' }),
        title: '100 % des agents équipés en VPN',
        ministries: ['MI'],
        reporting: { every: 'none' },
      })
    ).body.id;
    expect(
      (
        await t.request(
          'POST',
          `/api/commitments/${done}/progress`,
          { ministry: 'MI', value: 90, on: '2021-03-19' },
          as(KEYS.MI),
        )
      ).status,
    ).toBe(201);
    mi = await signInWithKey(t.baseUrl, KEYS.MI);
  });

  afterAll(async () => t?.dispose());

  it('lists what awaits the ministry, most pressing first, each with why and a « Déclarer » link', async () => {
    const page = await mi.get('/tableau-de-bord/a-renseigner');
    expect(page.status).toBe(200);
    const rows = page.text.split('<tr>').slice(2);
    expect(rows).toHaveLength(2);
    // Silent first (no value at all), then due soon with nothing declared (both reasons listed).
    expect(rows[0]).toContain('100 % des agents disposent');
    expect(rows[0]).toContain('Aucune valeur déclarée à ce jour');
    expect(rows[0]).toContain('Échéance le 31/03/2021, dans 11\u00a0jours');
    expect(rows[1]).toContain('Plan d’action pour les démarches du Top 250');
    expect(rows[1]).toContain('Aucune déclaration à ce jour');
    expect(page.text).toContain(`href="${form(email)}"`);
    expect(page.text).not.toContain('100 % des agents équipés en VPN');
    expect(page.text).toContain('<strong>2 engagements</strong> sur 3');
  });

  it('shows a form whose fields carry the API’s names, and the item’s situation', async () => {
    const page = await mi.get(form(email));
    expect(page.status).toBe(200);
    for (const name of ['value', 'on', 'note', 'evidence', '_csrf'])
      expect(page.text).toContain(`name="${name}"`);
    // A ministry declares for itself: no ministry to choose.
    expect(page.text).not.toContain('name="ministry"');
    expect(page.text).toMatch(/Objectif<\/dt>\s*<dd[^>]*>100\u202f% au 31\/03\/2021</);
    expect(page.text).toContain('value="2021-03-20"');
  });

  it('shows every error at once beside its field, keeps what was typed, and writes nothing', async () => {
    const before = await eventCount(t);
    const page = await mi.post(form(email), {
      value: '12O',
      on: '2021-04-02',
      note: 'Enquête DSI',
      evidence: 'javascript:alert(1)',
    });
    expect(page.status).toBe(400);
    expect(page.text).toContain('Le formulaire contient 3 erreurs');
    expect(page.text).toContain('Saisissez un nombre entre 0 et 100, par exemple 85 ou 85,5');
    expect(page.text).toContain('Cette date est dans le futur');
    expect(page.text).toContain('Saisissez une adresse web complète, commençant par https://');
    expect(page.text).toMatch(/<title>Erreur\u202f: Déclarer l’avancement/);
    // Typed values are kept (escaped), each field marked invalid and described by its error.
    expect(page.text).toContain('value="12O"');
    expect(page.text).toContain('value="javascript:alert(1)"');
    expect(page.text).toContain('Enquête DSI</textarea');
    expect(page.text).toContain('aria-describedby="declaration-value-erreur"');
    // The decider's refusals come back the same way: a percentage above 100.
    const over = await mi.post(form(email), { value: '120', on: '2021-03-19' });
    expect(over.status).toBe(400);
    expect(over.text).toContain('Saisissez une valeur entre 0 et 100');
    expect(await eventCount(t)).toBe(before);
  });

  it('records a valid declaration with its evidence, back to the to-do page with a notice, the board current', async () => {
    const saved = await mi.post(form(email), {
      value: '87,5',
      on: '2021-03-18',
      note: '  Enquête auprès des DSI  ',
      evidence: 'https://intranet.interieur.gouv.fr/bilan-messagerie.pdf',
    });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(`/tableau-de-bord/a-renseigner?enregistre=${email}`);
    const reported = (await history(email)).filter((e) => e.type === 'ProgressReported');
    expect(reported).toHaveLength(1);
    expect(reported[0].data).toMatchObject({
      ministry: 'MI',
      value: 87.5,
      on: '2021-03-18',
      note: 'Enquête auprès des DSI',
      evidence: 'https://intranet.interieur.gouv.fr/bilan-messagerie.pdf',
    });
    expect(reported[0].actor).toMatchObject({ role: 'ministry', ministry: 'MI' });
    const board = await t.request('GET', '/api/status?ministry=MI');
    const item = board.body.items.find((i: { commitmentId: string }) => i.commitmentId === email);
    expect(item).toMatchObject({ latestValue: 87.5, latestOn: '2021-03-18' });
    const after = await mi.get(saved.location!);
    expect(after.text.replace(/\s+/g, ' ')).toContain(
      'est enregistrée&#8239;: le tableau de bord en tient déjà compte',
    );
    // The ministry's history shows who declared it, and links to the evidence.
    const ministryPage = (await mi.get('/tableau-de-bord/ministeres/MI')).text;
    expect(ministryPage).toContain(
      'Valeur 87,5 au 18/03/2021\u202f: Enquête auprès des DSI (<a href="https://intranet.interieur.gouv.fr/bilan-messagerie.pdf" rel="noopener noreferrer">justificatif</a>)',
    );
    expect(ministryPage).toContain('api-key:test-mi (ministère, MI)');
    // Still due within 30 days, but no longer silent.
    expect(after.text).not.toContain('Aucune valeur déclarée à ce jour');
  });

  it('records a yes/no action from its two choices', async () => {
    const saved = await mi.post(form(plan), { value: '1', on: '2021-03-15' });
    expect(saved.status).toBe(303);
    const [reported] = (await history(plan)).filter((e) => e.type === 'ProgressReported');
    expect(reported.data).toMatchObject({ ministry: 'MI', value: 1, on: '2021-03-15' });
    const missing = await mi.post(form(plan), { on: '2021-03-15' });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('Indiquez si l’action est réalisée');
  });

  it('lets a ministry declare only for itself', async () => {
    const mj = await signInWithKey(t.baseUrl, KEYS.MJ);
    const before = await eventCount(t);
    // VPN is MI's only: MJ finds no form, and cannot post one.
    const page = await mj.get(form(done));
    expect(page.status).toBe(404);
    expect(page.text).toContain('Cet engagement n’est pas assigné à votre ministère.');
    const csrf = await mj.csrf('/tableau-de-bord/a-renseigner');
    expect((await mj.post(form(done), { value: '50', on: '2021-03-10' }, { csrf })).status).toBe(
      404,
    );
    // MI naming another ministry in the form is refused, not quietly recorded as MI's.
    const other = await mi.post(form(email), { ministry: 'MJ', value: '50', on: '2021-03-10' });
    expect(other.status).toBe(403);
    expect(other.text).toContain('Accès refusé');
    expect(await eventCount(t)).toBe(before);
    // And its to-do page is its own: asking for MI's is refused.
    expect((await mj.get('/tableau-de-bord/a-renseigner?ministere=MI')).status).toBe(403);
  });

  it('lets an analyst declare on behalf of a ministry, recorded under the analyst’s name', async () => {
    const analyst = await signInWithKey(t.baseUrl, KEYS.analyst);
    const index = await analyst.get('/tableau-de-bord/a-renseigner');
    expect(index.status).toBe(200);
    expect(index.text).toContain('href="/tableau-de-bord/a-renseigner?ministere=MJ"');
    const page = await analyst.get(form(plan, '?ministere=MJ'));
    expect(page.text).toContain('name="ministry"');
    expect(page.text).toMatch(/<option value="MJ"\s+selected/);
    const saved = await analyst.post(form(plan), { ministry: 'MJ', value: '0', on: '2021-03-19' });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(`/tableau-de-bord/a-renseigner?ministere=MJ&enregistre=${plan}`);
    const reported = (await history(plan)).filter((e) => e.type === 'ProgressReported');
    expect(reported.at(-1)).toMatchObject({
      data: { ministry: 'MJ', value: 0 },
      actor: { role: 'analyst', subject: 'api-key:test-analyst' },
    });
    // A ministry the commitment does not name is an error on the field, nothing written.
    const before = await eventCount(t);
    const wrong = await analyst.post(form(plan), { ministry: 'MEF', value: '1', on: '2021-03-19' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Choisissez un ministère de la liste');
    expect(await eventCount(t)).toBe(before);
  });

  it('keeps auditors to reading', async () => {
    const auditor = await signInWithKey(t.baseUrl, KEYS.auditor);
    const page = await auditor.get('/tableau-de-bord/a-renseigner');
    expect(page.status).toBe(403);
    expect(page.text).toContain('Accès refusé');
    expect((await auditor.get(form(email))).status).toBe(403);
  });

  describe('writes on the strength of the session cookie', () => {
    it('refuses a form without its token, with a wrong one, or with another session’s', async () => {
      const before = await eventCount(t);
      const missing = await mi.post(form(email), { value: '90', on: '2021-03-19' }, { csrf: null });
      expect(missing.status).toBe(403);
      expect(missing.text).toContain('Demande refusée');
      expect(missing.text).toContain('rien n’a été enregistré');
      const wrong = await mi.post(
        form(email),
        { value: '90', on: '2021-03-19' },
        { csrf: 'x'.repeat(43) },
      );
      expect(wrong.status).toBe(403);
      const otherSession = await signInWithKey(t.baseUrl, KEYS.MI);
      const foreign = await mi.post(
        form(email),
        { value: '90', on: '2021-03-19' },
        { csrf: await otherSession.csrf(form(email)) },
      );
      expect(foreign.status).toBe(403);
      expect(await eventCount(t)).toBe(before);
    });

    it('refuses a form from another origin, or naming none', async () => {
      const before = await eventCount(t);
      const csrf = await mi.csrf(form(email));
      for (const origin of ['https://evil.example', 'null', null]) {
        const refused = await mi.post(
          form(email),
          { value: '90', on: '2021-03-19' },
          { csrf, origin },
        );
        expect(refused.status).toBe(403);
        expect(refused.text).toContain('Demande refusée');
      }
      expect(await eventCount(t)).toBe(before);
    });

    it('refuses API writes with the cookie from another origin, and form bodies on the API', async () => {
      const before = await eventCount(t);
      const contact = { email: 'dsi@interieur.gouv.fr', name: 'DSI' };
      // A page elsewhere posting a form to the API with the visitor's cookie: 415, before parsing.
      const formPost = await fetch(`${t.baseUrl}/api/ministries/MI/contacts`, {
        method: 'POST',
        headers: {
          cookie: mi.cookie,
          origin: 'https://evil.example',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams(contact).toString(),
      });
      expect(formPost.status).toBe(415);
      expect(((await formPost.json()) as { code: string }).code).toBe(
        'REQUEST.UNSUPPORTED_MEDIA_TYPE',
      );
      // JSON with the cookie (a script on another site cannot send it cross-origin without CORS,
      // but the server does not rely on that): the origin and token are checked as for forms.
      const analyst = await signInWithKey(t.baseUrl, KEYS.analyst);
      const json = (origin: string, token?: string) =>
        fetch(`${t.baseUrl}/api/ministries/MI/contacts`, {
          method: 'POST',
          headers: {
            cookie: analyst.cookie,
            origin,
            'content-type': 'application/json',
            ...(token && { 'x-csrf-token': token }),
          },
          body: JSON.stringify(contact),
        });
      const foreign = await json('https://evil.example', await analyst.csrf('/tableau-de-bord'));
      expect(foreign.status).toBe(403);
      expect(((await foreign.json()) as { code: string }).code).toBe('AUTH.CROSS_ORIGIN');
      const tokenless = await json(t.baseUrl);
      expect(tokenless.status).toBe(403);
      expect(((await tokenless.json()) as { code: string }).code).toBe('AUTH.CSRF');
      expect(await eventCount(t)).toBe(before);
      // From our own page, with the session's token in the header: accepted.
      expect((await json(t.baseUrl, await analyst.csrf('/tableau-de-bord'))).status).toBe(201);
    });

    it('refuses a sign-in form posted from another site (login CSRF)', async () => {
      const foreign = await fetch(`${t.baseUrl}/connexion`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin: 'https://evil.example',
        },
        body: new URLSearchParams({ cle: KEYS.MI }).toString(),
      });
      expect(foreign.status).toBe(403);
      expect(foreign.headers.getSetCookie().join()).not.toContain('cosinum_session=');
      expect(await foreign.text()).toContain('envoyé depuis un autre site');
    });

    it('lets a script post the form with its API key (no cookie, so no token needed)', async () => {
      const response = await fetch(`${t.baseUrl}${form(plan)}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'x-api-key': KEYS.MJ, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ value: '1', on: '2021-03-20' }).toString(),
      });
      expect(response.status).toBe(303);
      const reported = (await history(plan)).filter((e) => e.type === 'ProgressReported');
      expect(reported.at(-1)).toMatchObject({
        data: { ministry: 'MJ', value: 1, on: '2021-03-20' },
      });
    });

    it('ends a session on the server at sign-out: its cookie, kept, no longer writes or reads', async () => {
      const session = await signInWithKey(t.baseUrl, KEYS.MI);
      const token = await session.csrf(form(email));
      const out = await session.post('/deconnexion', {}, { from: '/tableau-de-bord' });
      expect(out.status).toBe(303);
      expect(out.location).toBe('/connexion?deconnecte=1');
      const before = await eventCount(t);
      // A form posted with the old cookie: signed in first, nothing written.
      const replay = await session.post(
        form(email),
        { value: '95', on: '2021-03-19' },
        { csrf: token },
      );
      expect(replay.status).toBe(303);
      expect(replay.location).toBe(`/connexion?retour=${encodeURIComponent(form(email))}`);
      expect((await session.get('/tableau-de-bord/a-renseigner')).status).toBe(303);
      expect(await eventCount(t)).toBe(before);
      // The sign-out is a recorded fact, not a server's memory: after a restart, still refused.
      await t.close();
      t = await startTestApp({ now: '2021-03-20T10:00:00Z', dataDir: t.dataDir });
      const restarted = await fetch(`${t.baseUrl}/tableau-de-bord/a-renseigner`, {
        redirect: 'manual',
        headers: { cookie: session.cookie },
      });
      expect(restarted.status).toBe(303);
      expect(restarted.headers.get('location')).toMatch(/^\/connexion\?retour=/);
      // While a session that was not signed out still opens the pages.
      expect(
        (
          await fetch(`${t.baseUrl}/tableau-de-bord/a-renseigner`, {
            redirect: 'manual',
            headers: { cookie: mi.cookie },
          })
        ).status,
      ).toBe(200);
    });
  });
});
