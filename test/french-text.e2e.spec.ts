import { ALL_MINISTRY_CODES } from '@cosinum/domain';
import { KEYS, as, startTestApp, type TestApp } from './support/test-app';
import { visibleText } from './support/visible-text';

/**
 * The French of every page and e-mail, read as a reader reads it (tags, scripts and styles
 * removed, entities decoded): the slips a careful civil servant would not let through, on the
 * real catalogue with reports, extensions and a merger-free board.
 * - « de » before a vowel (« de Intérieur »): the elision was forgotten;
 * - « 1 » before a plural (« 1 ministères »);
 * - a raw exponent from the sources (« 1^{er} juillet »);
 * - a large number without its thousands separator (« 2360 jours »).
 */
const INVARIABLE = new Set([
  'mois',
  'fois',
  'pas',
  'sous',
  'avis',
  'accès',
  'dans',
  'plus',
  'jus',
  'temps',
  'cours',
  'prix',
  'corps',
  'sans',
  'vers',
  'près',
  'après',
  'très',
  'puis',
]);

/** Every slip of a text, each with a little of its context. */
export const frenchSlips = (text: string): string[] => {
  const slips: string[] = [];
  const around = (i: number, length: number) =>
    text.slice(Math.max(0, i - 30), i + length + 30).trim();
  // « onze » takes no elision (« plus de onze fois »).
  for (const m of text.matchAll(/(?<![\p{L}’'-])de (?=[aeiouyéèêëàâîïôûAEIOUYÉÈÊÀÂÎÔÛ])(\p{L}+)/gu))
    if (!/^onz/i.test(m[1])) slips.push(`de + voyelle: « ${around(m.index, m[0].length)} »`);
  for (const m of text.matchAll(/(?<![\d,.\u202f\u00a0/])\b1[ \u00a0\u202f](\p{Ll}+s)\b/gu))
    if (!INVARIABLE.has(m[1])) slips.push(`1 + pluriel: « ${around(m.index, m[0].length)} »`);
  for (const m of text.matchAll(/\^\{/g)) slips.push(`exposant brut: « ${around(m.index, 2)} »`);
  for (const m of text.matchAll(
    /(?<![\w./:#-])\d{4,}(?=[ \u00a0\u202f](?:jours?|engagements?|agents?|ministères?|valeurs?|lignes?|démarches?|€|%))/gu,
  ))
    slips.push(`milliers sans séparateur: « ${around(m.index, m[0].length)} »`);
  for (const m of text.matchAll(/(?<![\w./:#+-])\d{5,}(?![\w./:#-])/g))
    slips.push(`milliers sans séparateur: « ${around(m.index, m[0].length)} »`);
  return slips;
};

describe('French as a careful civil servant writes it', () => {
  let t: TestApp;
  let ids: string[];

  beforeAll(async () => {
    t = await startTestApp({ now: '2021-06-01T09:00:00Z', env: { LOAD_CATALOGUE: 'if-empty' } });
    const list = await t.request('GET', '/api/commitments');
    ids = list.body.items.map((c: { id: string }) => c.id);
    const email = list.body.items.find((c: { title: string }) =>
      /adresse email professionnelle/.test(c.title),
    ).id;
    // Values, a yes/no action, a big count, an extension: the board's words have something to say.
    await t.request('POST', `/api/commitments/${email}/progress`, {
      ministry: 'MJ',
      value: 88,
      on: '2021-05-01',
    });
    await t.request('POST', `/api/commitments/${email}/deadline-extensions`, {
      ministry: 'MJ',
      deadline: '2021-09-30',
      reason: 'Migration retardée',
      on: '2021-03-20',
    });
    await t.request('POST', '/api/ministries/MI/contacts', {
      email: 'referente@interieur.gouv.fr',
      name: 'Référente',
    });
  }, 90_000);
  afterAll(async () => t?.dispose());

  it('finds the slips it is made to find', () => {
    expect(
      frenchSlips('Trajectoire de Intérieur, 1 ministères, 1^{er} juillet, 2360 jours, 125000'),
    ).toHaveLength(5);
    expect(
      frenchSlips(
        'Trajectoire de l’Intérieur, 1 ministère, 1er juillet, 2\u202f360 jours, 1 mois, en 2021',
      ),
    ).toEqual([]);
  });

  it('has none on any dashboard page', async () => {
    const pages = [
      '/tableau-de-bord',
      '/tableau-de-bord?asOf=2020-06-01',
      '/tableau-de-bord/glissements?tous=1',
      '/tableau-de-bord/seance?asOf=2021-07-01&depuis=2021-04-01',
      '/tableau-de-bord/a-renseigner',
      '/tableau-de-bord/a-renseigner?ministere=MI',
      '/tableau-de-bord/engagements/nouveau',
      '/tableau-de-bord/import?ministere=MI',
      ...ids.map((id) => `/tableau-de-bord/engagements/${id}`),
      ...ids.slice(0, 10).map((id) => `/tableau-de-bord/engagements/${id}/avancement`),
      ...ALL_MINISTRY_CODES.map((code) => `/tableau-de-bord/ministeres/${code}`),
      '/tableau-de-bord/ministeres/MI/courriel?semaine=2021-W22',
      '/tableau-de-bord/ministeres/MI/contacts',
      '/tableau-de-bord/ministeres/MJ/tendances?semaines=52',
    ];
    const found: Record<string, string[]> = {};
    for (const path of pages) {
      const response = await t.request('GET', path);
      expect([200, 409]).toContain(response.status);
      const slips = frenchSlips(visibleText(response.text));
      if (slips.length > 0) found[path] = slips;
    }
    expect(found).toEqual({});
  }, 120_000);

  it('has none in any ministry’s weekly e-mail, text and HTML', async () => {
    const found: Record<string, string[]> = {};
    for (const code of ALL_MINISTRY_CODES) {
      const preview = await t.request(
        'GET',
        `/api/reminders/preview?ministry=${code}&week=2021-W22`,
        undefined,
        as(KEYS.analyst),
      );
      expect(preview.status).toBe(200);
      const digest = preview.body.digest as { subject: string; text: string; html: string } | null;
      if (!digest) continue;
      const slips = [
        ...frenchSlips(digest.subject),
        ...frenchSlips(digest.text.replace(/[\t\n\r ]+/g, ' ')),
        ...frenchSlips(visibleText(digest.html)),
      ];
      if (slips.length > 0) found[code] = slips;
    }
    expect(found).toEqual({});
  }, 60_000);
});
