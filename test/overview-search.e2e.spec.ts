import { startTestApp, type TestApp } from './support/test-app';

/** Finding a commitment on the overview by the words of its title, description or external id. */
describe('searching the overview', () => {
  let t: TestApp;
  const titles = (html: string) =>
    [
      ...html.matchAll(
        /<th scope="row">\s*<a href="\/tableau-de-bord\/engagements\/[^"]+"\s*>([^<]+)<\/a/g,
      ),
    ].map((m) => m[1]);

  beforeAll(async () => {
    t = await startTestApp({ now: '2021-06-01T09:00:00Z', env: { LOAD_CATALOGUE: 'if-empty' } });
  }, 60_000);
  afterAll(async () => t?.dispose());

  it('keeps the commitments whose title, description or external id hold every word, accents and case aside', async () => {
    const all = titles((await t.request('GET', '/tableau-de-bord')).text);
    const vpn = titles((await t.request('GET', '/tableau-de-bord?search=vpn')).text);
    expect(vpn.length).toBeGreaterThan(0);
    expect(vpn.length).toBeLessThan(all.length);
    // Each one holds the word in its title, description or external id; every one that does is listed.
    const summaries = (await t.request('GET', '/api/commitments')).body.items as {
      title: string;
      description: string;
      externalId?: string;
      ministries: string[];
    }[];
    const holding = summaries.filter((c) =>
      /vpn/i.test(`${c.title} ${c.description} ${c.externalId ?? ''}`),
    );
    expect(new Set(vpn)).toEqual(new Set(holding.map((c) => c.title.replace(/'/g, '&#39;'))));
    // « teletravail » finds « télétravail »; two words must both be there.
    const remote = titles((await t.request('GET', '/tableau-de-bord?search=TELETRAVAIL')).text);
    expect(remote.length).toBeGreaterThan(0);
    const both = titles((await t.request('GET', '/tableau-de-bord?search=vpn%20COLLABORER')).text);
    expect(both.length).toBeGreaterThan(0);
    expect(both.length).toBeLessThan(vpn.length);
    // By external id.
    const byId = titles(
      (await t.request('GET', '/tableau-de-bord?search=cosinum-2020-12-03-messagerie-distance'))
        .text,
    );
    expect(byId).toHaveLength(1);
    // The search is kept in the form and carried by the exports.
    const page = (await t.request('GET', '/tableau-de-bord?search=vpn')).text;
    expect(page).toContain('value="vpn"');
    expect(page).toContain('/tableau-de-bord/export.csv?search=vpn');
    const csv = await t.request('GET', '/tableau-de-bord/export.csv?search=vpn');
    const lines = csv.text.trim().split('\n').slice(1);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines).toHaveLength(
      holding.reduce((n, c) => n + (c as { ministries?: string[] }).ministries!.length, 0),
    );
  });

  it('ignores a search that is not one line of text, and says so', async () => {
    const page = await t.request(
      'GET',
      `/tableau-de-bord?search=${encodeURIComponent('vpn\u202e')}`,
    );
    expect(page.status).toBe(200);
    expect(page.text).toContain('La recherche doit tenir sur une ligne de 200 caractères au plus.');
  });
});
