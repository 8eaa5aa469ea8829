import { EVENT_STORE, type EventStore } from '@cosinum/event-store';
import { signInWithKey, type FormSession } from './support/form-session';
import { KEYS, emailCommitment, eventCount, startTestApp, type TestApp } from './support/test-app';

/**
 * The analysts' forms over real HTTP, posted as a browser posts them (urlencoded, the session
 * cookie, a same-origin Origin and the session's `_csrf`): each writes exactly the events the API
 * writes for the same request, comes back with French errors beside its fields (400) and writes
 * nothing when a value is wrong, and is refused without its token or from another site.
 */

type Fields = readonly (readonly [string, string])[];

/** What a reader sees: tags out, white space collapsed (U+202F kept). */
const visible = (markup: string) =>
  markup
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#8239;/g, '\u202f')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/[\t\n\r ]+/g, ' ');

/** The error shown under the field whose id is `id`. */
const errorOf = (markup: string, id: string): string | undefined =>
  new RegExp(`id="${id}-erreur"[^>]*>([^<]*)<`).exec(markup)?.[1]?.trim();

/** A commitment's events as the history API gives them, without what names the commitment. */
const eventsOf = async (t: TestApp, id: string) => {
  const history = await t.request('GET', `/api/commitments/${id}/history`);
  expect(history.status).toBe(200);
  return history.body.items.map(
    (e: { type: string; data: Record<string, unknown>; actor: { subject: string } }) => {
      const { commitmentId: _id, externalId: _external, ...data } = e.data;
      return { type: e.type, data, actor: e.actor.subject };
    },
  );
};

const DECISION: Fields = [
  ['title', 'Visioconférence de l’État pour tous les agents'],
  ['description', 'Chaque agent dispose d’un outil de visioconférence souverain.'],
  ['externalId', 'form-visio'],
  ['source.document', 'Relevé de décisions du COSINUM du 3 décembre 2020'],
  ['source.section', 'Fiche 04'],
  ['source.decidedOn', '2020-12-03'],
  ['metric.kind', 'percentage'],
  ['metric.direction', 'increase'],
  ['metric.unit', '% des agents'],
  ['metric.target', '100'],
  ['metric.baseline.value', '62,5'],
  ['metric.baseline.on', '2020-11-01'],
  ['deadline', '2021-06-30'],
  ['ministries', ''],
  ['ministries', 'MI'],
  ['ministries', 'MJ'],
  ['reporting.every', 'quarter'],
  ['reporting.delayDays', '30'],
  ['milestones[0].on', '2021-01-31'],
  ['milestones[0].target', '80'],
  ['milestones[0].label', 'Premier palier'],
  ['milestones[1].on', ''],
  ['milestones[1].target', ''],
  ['milestones[1].label', ''],
  ['milestones[2].on', '2021-03-31'],
  ['milestones[2].target', '90'],
];

/** The same decision as the API takes it. */
const DECISION_JSON = {
  title: 'Visioconférence de l’État pour tous les agents',
  description: 'Chaque agent dispose d’un outil de visioconférence souverain.',
  externalId: 'api-visio',
  source: {
    document: 'Relevé de décisions du COSINUM du 3 décembre 2020',
    section: 'Fiche 04',
    decidedOn: '2020-12-03',
  },
  metric: {
    kind: 'percentage',
    direction: 'increase',
    unit: '% des agents',
    target: 100,
    baseline: { value: 62.5, on: '2020-11-01' },
  },
  deadline: '2021-06-30',
  ministries: ['MI', 'MJ'],
  reporting: { every: 'quarter', delayDays: 30 },
  milestones: [
    { on: '2021-01-31', target: 80, label: 'Premier palier' },
    { on: '2021-03-31', target: 90 },
  ],
};

describe('the analysts’ forms', () => {
  let t: TestApp;
  let analyst: FormSession;
  let formId: string;
  let apiId: string;

  beforeAll(async () => {
    t = await startTestApp();
    analyst = await signInWithKey(t.baseUrl, KEYS.analyst);
    formId = (await t.request('POST', '/api/commitments', emailCommitment({ externalId: 'a' })))
      .body.id;
    apiId = (await t.request('POST', '/api/commitments', emailCommitment({ externalId: 'b' }))).body
      .id;
  });

  afterAll(async () => {
    await t?.dispose();
  });

  describe('record a decision', () => {
    it('shows the form to an analyst, with the API’s field names and the known ministries', async () => {
      const page = await analyst.get('/tableau-de-bord/engagements/nouveau');
      expect(page.status).toBe(200);
      for (const name of [
        'title',
        'description',
        'externalId',
        'source.document',
        'source.decidedOn',
        'metric.kind',
        'metric.target',
        'metric.baseline.value',
        'deadline',
        'ministries',
        'reporting.every',
        'reporting.delayDays',
        'milestones[0].on',
        'milestones[3].target',
      ])
        expect(page.text).toContain(`name="${name}"`);
      expect(page.text).toContain('value="MINARM"');
      expect(visible(page.text)).toContain("Ministère de l'Intérieur");
    });

    it('records what POST /api/commitments records, and opens the new commitment with a notice', async () => {
      const before = await eventCount(t);
      const sent = await analyst.post('/tableau-de-bord/engagements/nouveau', DECISION);
      expect(sent.status).toBe(303);
      const id = /^\/tableau-de-bord\/engagements\/([0-9a-f-]{36})\?enregistre=decision$/.exec(
        sent.location ?? '',
      )?.[1];
      expect(id).toBeDefined();
      expect(await eventCount(t)).toBe(before + 1);
      const api = await t.request('POST', '/api/commitments', DECISION_JSON);
      expect(api.status).toBe(201);
      expect(await eventsOf(t, id!)).toEqual(await eventsOf(t, api.body.id));
      const shown = await analyst.get(sent.location!);
      expect(shown.status).toBe(200);
      expect(visible(shown.text)).toContain('La décision est enregistrée.');
      expect(visible(shown.text)).toContain('Visioconférence de l’État pour tous les agents');
    });

    it('comes back with every error beside its field and at the top, typed values kept, nothing written', async () => {
      const before = await eventCount(t);
      const bad: Fields = [
        ['title', 'ab'],
        ['externalId', 'form-bad'],
        ['source.document', 'Relevé'],
        ['source.decidedOn', '2020-12-03'],
        ['metric.kind', 'percentage'],
        ['metric.direction', 'increase'],
        ['metric.target', '150'],
        ['deadline', '2020-11-01'],
        ['ministries', ''],
        ['milestones[1].on', '31/02/2021'],
        ['milestones[1].target', '50'],
      ];
      const page = await analyst.post('/tableau-de-bord/engagements/nouveau', bad);
      expect(page.status).toBe(400);
      expect(await eventCount(t)).toBe(before);
      expect(errorOf(page.text, 'decision-title')).toBe('3 caractères au moins');
      expect(errorOf(page.text, 'decision-metric-target')).toBe(
        'Saisissez une valeur comprise entre 0 et 100',
      );
      expect(errorOf(page.text, 'decision-deadline')).toBe(
        'L’échéance ne peut pas précéder la date de la décision',
      );
      expect(errorOf(page.text, 'decision-ministries')).toBe(
        'Cochez au moins un ministère, ou choisissez tous les ministères',
      );
      expect(errorOf(page.text, 'decision-milestones-1--on')).toBe(
        'Saisissez une date réelle, au format JJ/MM/AAAA',
      );
      const text = visible(page.text);
      expect(text).toContain('Le formulaire contient 5 erreurs');
      expect(text).toContain('Cible\u202f: Saisissez une valeur comprise entre 0 et 100');
      expect(page.text).toContain('<title>Erreur\u202f: Enregistrer une décision');
      expect(page.text).toContain('value="150"');
      expect(page.text).toContain('value="31/02/2021"');
      expect(page.text).toMatch(/id="decision-ministries-liste"[^>]*checked/);
    });

    it('says an external id already taken beside that field', async () => {
      const before = await eventCount(t);
      const page = await analyst.post(
        '/tableau-de-bord/engagements/nouveau',
        DECISION.map(([k, v]) => [k, k === 'externalId' ? 'api-visio' : v] as const),
      );
      expect(page.status).toBe(400);
      expect(errorOf(page.text, 'decision-externalId')).toBe(
        'Un engagement porte déjà cet identifiant',
      );
      expect(await eventCount(t)).toBe(before);
    });
  });

  describe('rulings on a commitment', () => {
    const path = (id: string, kind: string) => `/tableau-de-bord/engagements/${id}/${kind}`;

    it('records a per-ministry extension as POST …/deadline-extensions does, and shows it', async () => {
      const form = await analyst.get(path(formId, 'echeance'));
      expect(form.status).toBe(200);
      expect(visible(form.text)).toContain('Échéance en vigueur\u202f: le 31/03/2021');
      const fields: Fields = [
        ['ministry', 'MI'],
        ['deadline', '2021-06-30'],
        ['on', '2021-01-20'],
        ['reason', 'Marché notifié en retard'],
        ['decisionRef', 'COSINUM-2021-01-20'],
      ];
      const sent = await analyst.post(path(formId, 'echeance'), fields);
      expect(sent.status).toBe(303);
      expect(sent.location).toBe(`/tableau-de-bord/engagements/${formId}?enregistre=echeance`);
      expect(
        (
          await t.request('POST', `/api/commitments/${apiId}/deadline-extensions`, {
            ministry: 'MI',
            deadline: '2021-06-30',
            on: '2021-01-20',
            reason: 'Marché notifié en retard',
            decisionRef: 'COSINUM-2021-01-20',
          })
        ).status,
      ).toBe(201);
      expect(await eventsOf(t, formId)).toEqual(await eventsOf(t, apiId));
      const shown = visible((await analyst.get(sent.location!)).text);
      expect(shown).toContain('Le report d’échéance est enregistré.');
      expect(shown).toContain('du 31/03/2021 au 30/06/2021');
    });

    it('extends for every ministry when none is chosen', async () => {
      const fields: Fields = [
        ['ministry', ''],
        ['deadline', '2021-09-30'],
        ['reason', 'Report général'],
      ];
      expect((await analyst.post(path(formId, 'echeance'), fields)).status).toBe(303);
      expect(
        (
          await t.request('POST', `/api/commitments/${apiId}/deadline-extensions`, {
            deadline: '2021-09-30',
            reason: 'Report général',
          })
        ).status,
      ).toBe(201);
      expect(await eventsOf(t, formId)).toEqual(await eventsOf(t, apiId));
    });

    it('refuses an extension that does not move the deadline, beside the field, writing nothing', async () => {
      const before = await eventCount(t);
      const page = await analyst.post(path(formId, 'echeance'), [
        ['ministry', 'MI'],
        ['deadline', '2021-05-01'],
        ['reason', 'Trop tôt'],
      ]);
      expect(page.status).toBe(400);
      expect(errorOf(page.text, 'echeance-deadline')).toBe(
        'La nouvelle échéance doit être postérieure à l’échéance en vigueur',
      );
      expect(visible(page.text)).toContain('Le formulaire contient une erreur');
      expect(page.text).toContain('value="2021-05-01"');
      expect(await eventCount(t)).toBe(before);
    });

    it('records a target revision as POST …/target-revisions does; refuses one out of range', async () => {
      const before = await eventCount(t);
      const bad = await analyst.post(path(formId, 'cible'), [
        ['target', '120'],
        ['reason', ''],
      ]);
      expect(bad.status).toBe(400);
      expect(errorOf(bad.text, 'cible-target')).toBe(
        'Saisissez une valeur comprise entre 0 et 100',
      );
      expect(errorOf(bad.text, 'cible-reason')).toBe('Ce champ est obligatoire');
      expect(await eventCount(t)).toBe(before);
      const sent = await analyst.post(path(formId, 'cible'), [
        ['target', '95,5'],
        ['reason', 'Cible ramenée'],
        ['on', '2021-02-01'],
      ]);
      expect(sent.status).toBe(303);
      expect(sent.location).toBe(`/tableau-de-bord/engagements/${formId}?enregistre=cible`);
      await t.request('POST', `/api/commitments/${apiId}/target-revisions`, {
        target: 95.5,
        reason: 'Cible ramenée',
        on: '2021-02-01',
      });
      expect(await eventsOf(t, formId)).toEqual(await eventsOf(t, apiId));
    });

    it('records an exemption as POST …/exemptions does; refuses one without a ministry', async () => {
      const before = await eventCount(t);
      const bad = await analyst.post(path(formId, 'exemption'), [
        ['ministry', ''],
        ['reason', 'Hors champ'],
      ]);
      expect(bad.status).toBe(400);
      expect(errorOf(bad.text, 'exemption-ministry')).toBe('Ce champ est obligatoire');
      expect(await eventCount(t)).toBe(before);
      const sent = await analyst.post(path(formId, 'exemption'), [
        ['ministry', 'MJ'],
        ['reason', 'Hors champ'],
      ]);
      expect(sent.status).toBe(303);
      await t.request('POST', `/api/commitments/${apiId}/exemptions`, {
        ministry: 'MJ',
        reason: 'Hors champ',
      });
      expect(await eventsOf(t, formId)).toEqual(await eventsOf(t, apiId));
      // MJ is exempted: no longer offered.
      const again = await analyst.get(path(formId, 'exemption'));
      expect(again.text).not.toContain('value="MJ"');
      expect(visible(again.text)).toContain('Déjà exemptés\u202f: Ministère de la Justice');
    });

    it('withdraws only once confirmed, as POST …/withdrawal does; then shows no form', async () => {
      const page = await analyst.get(path(formId, 'retrait'));
      expect(visible(page.text)).toContain('Le retrait est définitif');
      expect(page.text).toContain('cz-btn--danger');
      const before = await eventCount(t);
      const unconfirmed = await analyst.post(path(formId, 'retrait'), [['reason', 'Abandonné']]);
      expect(unconfirmed.status).toBe(400);
      expect(errorOf(unconfirmed.text, 'retrait-confirmation')).toBe(
        'Cochez la case pour confirmer le retrait définitif',
      );
      expect(await eventCount(t)).toBe(before);
      const sent = await analyst.post(path(formId, 'retrait'), [
        ['reason', 'Abandonné'],
        ['confirmation', 'oui'],
      ]);
      expect(sent.status).toBe(303);
      await t.request('POST', `/api/commitments/${apiId}/withdrawal`, { reason: 'Abandonné' });
      expect(await eventsOf(t, formId)).toEqual(await eventsOf(t, apiId));
      for (const kind of ['echeance', 'cible', 'exemption', 'retrait']) {
        const gone = await analyst.get(path(formId, kind));
        expect(gone.status).toBe(200);
        expect(gone.text).not.toContain('<form method="post" action="/tableau-de-bord/engagements');
        expect(visible(gone.text)).toContain('Cet engagement a été retiré');
      }
      const after = await eventCount(t);
      const late = await analyst.post(path(formId, 'cible'), [
        ['target', '90'],
        ['reason', 'Trop tard'],
      ]);
      expect(late.status).toBe(409);
      expect(await eventCount(t)).toBe(after);
      const shown = await analyst.get(`/tableau-de-bord/engagements/${formId}`);
      expect(visible(shown.text)).toContain('Cet engagement a été retiré\u202f: aucune décision');
      expect(shown.text).not.toContain(`${formId}/echeance`);
    });
  });

  describe('reminder contacts', () => {
    const contacts = '/tableau-de-bord/ministeres/MI/contacts';

    it('adds a contact as POST /api/ministries/:code/contacts does, lists it, removes it', async () => {
      const empty = await analyst.get(contacts);
      expect(empty.status).toBe(200);
      expect(visible(empty.text)).toContain('Aucun destinataire');
      const before = await eventCount(t);
      const bad = await analyst.post(contacts, [
        ['email', 'pas-une-adresse'],
        ['name', 'Camille Martin'],
      ]);
      expect(bad.status).toBe(400);
      expect(errorOf(bad.text, 'contact-email')).toBe(
        'Saisissez une adresse électronique, par exemple prenom.nom@interieur.gouv.fr',
      );
      expect(bad.text).toContain('value="pas-une-adresse"');
      expect(await eventCount(t)).toBe(before);
      const added = await analyst.post(contacts, [
        ['email', 'Referent.Numerique@interieur.gouv.fr'],
        ['name', 'Camille Martin'],
      ]);
      expect(added.status).toBe(303);
      expect(added.location).toBe(`${contacts}?enregistre=ajout`);
      const listed = visible((await analyst.get(added.location!)).text);
      expect(listed).toContain('Le contact est enregistré');
      expect(listed).toContain('referent.numerique@interieur.gouv.fr');
      expect(listed).toContain('Camille Martin');
      // The API's twin on another ministry: the same event.
      await t.request('POST', '/api/ministries/MJ/contacts', {
        email: 'Referent.Numerique@interieur.gouv.fr',
        name: 'Camille Martin',
      });
      const twice = await analyst.post(contacts, [
        ['email', 'referent.numerique@interieur.gouv.fr'],
      ]);
      expect(twice.status).toBe(400);
      expect(errorOf(twice.text, 'contact-email')).toBe(
        'Cette adresse reçoit déjà le rappel de ce ministère',
      );
      const removed = await analyst.post(
        `${contacts}/retrait`,
        [['email', 'referent.numerique@interieur.gouv.fr']],
        { from: contacts },
      );
      expect(removed.status).toBe(303);
      expect(removed.location).toBe(`${contacts}?enregistre=retrait`);
      await t.request('DELETE', '/api/ministries/MJ/contacts/referent.numerique@interieur.gouv.fr');
      // Contacts have no history route: their streams, read from the store.
      const history = async (code: string) =>
        (await t.app.get<EventStore>(EVENT_STORE).readStream(`contacts-${code}`)).map((e) => ({
          type: e.type,
          data: { ...(e.data as object), ministry: '-' },
          actor: (e.metadata as { actor: { subject: string } }).actor.subject,
        }));
      expect(await history('MI')).toEqual(await history('MJ'));
      expect((await history('MI')).map((e: { type: string }) => e.type)).toEqual([
        'ContactRegistered',
        'ContactRemoved',
      ]);
      const gone = await analyst.post(
        `${contacts}/retrait`,
        [['email', 'referent.numerique@interieur.gouv.fr']],
        { from: contacts },
      );
      expect(gone.status).toBe(400);
      expect(visible(gone.text)).toContain('ne figure pas (ou plus) parmi les destinataires');
    });

    it('is linked from the ministry page for analysts', async () => {
      expect((await analyst.get('/tableau-de-bord/ministeres/MI')).text).toContain(
        'href="/tableau-de-bord/ministeres/MI/contacts"',
      );
    });
  });

  describe('access', () => {
    let ministry: FormSession;
    let auditor: FormSession;
    let liveId: string;

    beforeAll(async () => {
      ministry = await signInWithKey(t.baseUrl, KEYS.MI);
      auditor = await signInWithKey(t.baseUrl, KEYS.auditor);
      liveId = (await t.request('POST', '/api/commitments', emailCommitment({ externalId: 'c' })))
        .body.id;
    });

    it('shows each role the buttons it may use on a commitment page, and nothing else', async () => {
      const page = `/tableau-de-bord/engagements/${liveId}`;
      const links = (markup: string) =>
        [...markup.matchAll(new RegExp(`href="${page}/([a-z]+)"`, 'g'))].map((m) => m[1]).sort();
      expect(links((await analyst.get(page)).text)).toEqual([
        'avancement',
        'cible',
        'echeance',
        'exemption',
        'retrait',
        // Not a form: the commitment's trend, for those who may see every ministry's state.
        'tendance',
      ]);
      expect(visible((await analyst.get(page)).text)).toContain('Décisions');
      const own = await ministry.get(page);
      expect(links(own.text)).toEqual(['avancement']);
      expect(visible(own.text)).toContain('Déclarer l’avancement');
      expect(visible(own.text)).not.toContain('Décisions');
      // An auditor reads: the trend, no form.
      expect(links((await auditor.get(page)).text)).toEqual(['tendance']);
      expect((await ministry.get('/tableau-de-bord/ministeres/MI')).text).not.toContain(
        '/contacts"',
      );
    });

    it.each([
      ['engagements/nouveau'],
      ['engagements/ID/echeance'],
      ['engagements/ID/cible'],
      ['engagements/ID/exemption'],
      ['engagements/ID/retrait'],
      ['ministeres/MI/contacts'],
    ])(
      'refuses /tableau-de-bord/%s to a ministry and an auditor with the French 403 page',
      async (at) => {
        const url = `/tableau-de-bord/${at.replace('ID', liveId)}`;
        for (const who of [ministry, auditor]) {
          const page = await who.get(url);
          expect(page.status).toBe(403);
          expect(visible(page.text)).toContain('Accès refusé');
        }
        // A post made by hand fares no better, and writes nothing.
        const before = await eventCount(t);
        const csrf = await ministry.csrf('/tableau-de-bord');
        const posted = await ministry.post(
          url,
          [
            ['reason', 'Pas mon rôle'],
            ['email', 'x@y.fr'],
          ],
          {
            csrf,
          },
        );
        expect(posted.status).toBe(403);
        expect(visible(posted.text)).toContain('Accès refusé');
        expect(await eventCount(t)).toBe(before);
      },
    );

    it('answers the French 404 page for an unknown commitment or ministry', async () => {
      for (const url of [
        '/tableau-de-bord/engagements/00000000-0000-4000-8000-000000000000/echeance',
        '/tableau-de-bord/engagements/pas-un-id/cible',
        `/tableau-de-bord/engagements/${liveId}/inconnu`,
        '/tableau-de-bord/ministeres/NOPE/contacts',
      ]) {
        const page = await analyst.get(url);
        expect(page.status).toBe(404);
        expect(visible(page.text)).toContain('Page introuvable');
      }
    });

    it('writes nothing for a post without its token or from another site', async () => {
      const before = await eventCount(t);
      const url = `/tableau-de-bord/engagements/${liveId}/cible`;
      const fields: Fields = [
        ['target', '90'],
        ['reason', 'Forgé ailleurs'],
      ];
      const noToken = await analyst.post(url, fields, { csrf: null });
      expect(noToken.status).toBe(403);
      expect(visible(noToken.text)).toContain('Demande refusée');
      const foreign = await analyst.post(url, fields, { origin: 'https://evil.example' });
      expect(foreign.status).toBe(403);
      expect(visible(foreign.text)).toContain('autre site');
      const contact = await analyst.post(
        '/tableau-de-bord/ministeres/MI/contacts',
        [['email', 'forge@interieur.gouv.fr']],
        { csrf: null },
      );
      expect(contact.status).toBe(403);
      expect(await eventCount(t)).toBe(before);
    });
  });
});
