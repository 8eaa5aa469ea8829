import { emailCommitment, startTestApp, type TestApp } from './support/test-app';

/**
 * The time control without traps: a view asked at dates where nothing was recorded, or decided,
 * yet says so, with a link to the first dates that show something, instead of « nothing matches ».
 */
describe('the dashboard at dates before anything existed', () => {
  let t: TestApp;
  let id: string;
  // Prettier would break the sentences across lines; the pages are compared as a reader sees them.
  const page = async (path: string) => {
    const response = await t.request('GET', path);
    return { status: response.status, text: response.text.replace(/[\t\n\r ]+/g, ' ') };
  };

  beforeAll(async () => {
    t = await startTestApp({ now: '2021-03-20T10:00:00Z' });
    id = (await t.request('POST', '/api/commitments', emailCommitment())).body.id;
  });
  afterAll(async () => t?.dispose());

  it('says that nothing was recorded yet, with the first day something was', async () => {
    for (const path of ['/tableau-de-bord', '/tableau-de-bord/ministeres/MI']) {
      const { status, text } = await page(`${path}?knownAt=2021-03-01`);
      expect(status).toBe(200);
      expect(text).toContain(
        'Rien n’était encore enregistré à cette date\u202f; premier enregistrement le 20/03/2021.',
      );
      expect(text).toContain(`href="${path}?asOf=2021-03-20&amp;knownAt=2021-03-20"`);
      expect(text).not.toContain('Aucun engagement ne correspond');
      expect(text).not.toContain('Aucun engagement n’est assigné');
    }
  });

  it('says that nothing was decided yet, with the first decision’s date', async () => {
    const { text } = await page('/tableau-de-bord?asOf=2020-11-01');
    expect(text).toContain(
      'Aucun engagement n’était encore décidé à cette date\u202f; première décision le 03/12/2020.',
    );
    expect(text).toContain('Afficher la situation au 03/12/2020');
  });

  it('keeps the time control on a commitment asked before it was recorded, and explains', async () => {
    const { status, text } = await page(`/tableau-de-bord/engagements/${id}?knownAt=2021-03-01`);
    expect(status).toBe(200);
    expect(text).toContain('adresse email professionnelle accessible à distance</h1>');
    expect(text).toContain(
      'Cet engagement n’était pas encore enregistré à cette date\u202f; il l’a été le 20/03/2021.',
    );
    expect(text).toContain('id="moment"');
    const before = await page(`/tableau-de-bord/engagements/${id}?asOf=2020-11-01`);
    expect(before.text).toContain('Cet engagement n’était pas encore décidé à cette date');
    // An identifier nobody knows is still a 404.
    expect(
      (await page('/tableau-de-bord/engagements/00000000-0000-4000-8000-000000000000')).status,
    ).toBe(404);
  });

  it('still says « nothing matches » when the filters empty a board that exists', async () => {
    const { text } = await page('/tableau-de-bord?state=met');
    expect(text).toContain('Aucun engagement ne correspond à ces filtres à cette date.');
  });
});
