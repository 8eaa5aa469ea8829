import { escapeHtml } from '@cosinum/presentation';
import { digest, digestItem, items } from '../testing/digest.fixtures';
import { frenchLongDate } from './french';
import { contentSha256, renderDigest, subjectOf } from './render-digest';

describe('subjectOf', () => {
  it.each([
    [3, 2, 0, '[COSINUM] Semaine du 22 mars 2021\u202f: 3 engagements en retard, 2 à risque'],
    [1, 1, 0, '[COSINUM] Semaine du 22 mars 2021\u202f: 1 engagement en retard, 1 à risque'],
    [1, 0, 0, '[COSINUM] Semaine du 22 mars 2021\u202f: 1 engagement en retard'],
    [0, 1, 0, '[COSINUM] Semaine du 22 mars 2021\u202f: 1 engagement à risque'],
    [0, 2, 0, '[COSINUM] Semaine du 22 mars 2021\u202f: 2 engagements à risque'],
    [0, 0, 1, '[COSINUM] Semaine du 22 mars 2021\u202f: 1 engagement à échéance sous 30 jours'],
    [
      2,
      0,
      4,
      '[COSINUM] Semaine du 22 mars 2021\u202f: 2 engagements en retard, 4 à échéance sous 30 jours',
    ],
    [0, 0, 0, '[COSINUM] Semaine du 22 mars 2021\u202f: aucun engagement en retard ni à risque'],
  ])('%i overdue, %i at risk, %i due soon', (overdue, atRisk, dueSoon, expected) => {
    expect(
      subjectOf(
        digest({
          overdue: items(overdue, 'o'),
          atRisk: items(atRisk, 'r'),
          dueSoon: items(dueSoon, 'd'),
        }),
      ),
    ).toBe(expected);
  });
});

describe('French dates', () => {
  it.each([
    ['2021-03-31', '31 mars 2021'],
    ['2021-03-01', '1er mars 2021'],
    ['2021-02-02', '2 février 2021'],
    ['2021-08-15', '15 août 2021'],
    ['2022-12-31', '31 décembre 2022'],
  ])('%s → %s', (date, expected) => expect(frenchLongDate(date)).toBe(expected));
});

describe('renderDigest', () => {
  const extended = digestItem({
    commitmentId: 'c-ext',
    title: 'Postes de travail',
    deadline: '2021-06-30',
    originalDeadline: '2021-03-31',
    // As the source was extracted: the e-mail writes « 1er » (the wording stays verbatim in the data).
    deadlineWording: '1^{er} trimestre 2021',
    latestValue: null,
    latestOn: null,
  });
  const rendered = renderDigest(
    digest({ overdue: [digestItem()], atRisk: [extended], dueSoon: [] }),
  );

  it('writes accessible tables: caption, column and row headers', () => {
    expect(rendered.html).toContain('<html lang="fr">');
    expect(rendered.html).toMatch(/<caption[^>]*>Engagements en retard \(1\)<\/caption>/);
    expect(rendered.html).toMatch(/<caption[^>]*>Engagements à risque \(1\)<\/caption>/);
    expect(rendered.html).not.toContain('échéance dans les 30 jours');
    for (const h of ['Engagement', 'Échéance', 'Objectif', 'Dernière valeur', 'Motifs']) {
      expect(rendered.html).toMatch(new RegExp(`<th scope="col"[^>]*>${h}</th>`));
    }
    // The row header is the title, as a link to the item's declaration form.
    expect(rendered.html).toMatch(
      /<th scope="row"[^>]*><a href="[^"]+\/avancement"[^>]*>Messagerie accessible à distance<\/a><\/th>/,
    );
    expect(rendered.html.match(/<table/g)).toHaveLength(2);
  });

  it('writes dates the French way and the original deadline and wording', () => {
    for (const part of [rendered.html, rendered.text]) {
      expect(part).toContain(
        '30 juin 2021 (initialement 31 mars 2021, «\u202f1er trimestre 2021\u202f»)',
      );
      expect(part).toContain('85\u202f% au 01/02/2021');
      expect(part).toContain('Échéance du 31/03/2021 dépassée de 1 jour.');
      expect(part).toContain('lundi 22 mars 2021');
      expect(part).toContain('http://127.0.0.1:3000/tableau-de-bord/ministeres/MI');
    }
    expect(rendered.html).toContain(
      '<a href="http://127.0.0.1:3000/tableau-de-bord/ministeres/MI">',
    );
    // « du ministère de l'Intérieur », never « de Ministère de l'Intérieur ».
    expect(rendered.html).toContain(
      'Voir la page du ministère de l&#39;Intérieur sur le tableau de bord',
    );
  });

  it('tells silence from a value short of the target', () => {
    for (const part of [rendered.html, rendered.text]) {
      // The overdue item has a value; the at-risk one has none.
      expect(part).toContain('85\u202f% au 01/02/2021, valeur déclarée inférieure à l’objectif');
      expect(part).toContain('aucune déclaration');
      expect(part).not.toContain('aucune valeur déclarée');
      expect(part).toContain('L’un de ces engagements n’a fait l’objet d’aucune déclaration.');
    }
    const decrease = renderDigest(
      digest({ overdue: [digestItem({ direction: 'decrease', target: '20\u202f%' })] }),
    );
    expect(decrease.text).toContain('valeur déclarée supérieure à l’objectif');
    expect(decrease.text).not.toContain('aucune déclaration');
    const action = renderDigest(
      digest({
        overdue: [
          digestItem({
            yesNo: true,
            target: 'réalisé',
            latestValue: 'non réalisé',
            reporting: 'une déclaration, une fois l’action réalisée',
            nextReportDue: undefined,
          }),
        ],
        atRisk: [
          digestItem({
            commitmentId: 'c-2',
            yesNo: true,
            target: 'réalisé',
            latestValue: null,
            latestOn: null,
            reporting: 'une déclaration, une fois l’action réalisée',
            nextReportDue: undefined,
          }),
        ],
      }),
    );
    expect(action.text).toContain('dernière déclaration\u202f: déclaré non réalisé au 01/02/2021');
    expect(action.text).not.toContain('valeur déclarée');
    expect(action.text).toContain(
      'Déclarations attendues\u202f: une déclaration, une fois l’action réalisée.',
    );
    const silent = renderDigest(
      digest({ atRisk: [digestItem({ latestValue: null, latestOn: null })] }),
    );
    expect(silent.text).toContain('Cet engagement n’a fait l’objet d’aucune déclaration.');
    const allSilent = renderDigest(
      digest({ atRisk: items(2).map((i) => ({ ...i, latestValue: null, latestOn: null })) }),
    );
    expect(allSilent.text).toContain(
      'Aucun de ces engagements n’a fait l’objet d’une déclaration.',
    );
    const noneSilent = renderDigest(digest({ overdue: items(3) }));
    expect(noneSilent.text).not.toContain('aucune déclaration');
    expect(noneSilent.text).not.toContain('d’une déclaration');
  });

  it('says when the next value is due, and how often, or that it is past due', () => {
    expect(rendered.text).toContain(
      'Déclarations attendues\u202f: une valeur par mois, due 15 jours après la fin du mois\u202f; ' +
        'la prochaine est attendue au plus tard le 15 avril 2021.',
    );
    const late = renderDigest(
      digest({ atRisk: [digestItem({ nextReportDue: '2021-03-15', upToDate: false })] }),
    );
    for (const part of [late.text, late.html])
      expect(part).toContain('celle attendue au plus tard le 15 mars 2021 n’a pas été déclarée.');
  });

  it('links each item to its declaration form, in the HTML and the text', () => {
    const form = (id: string) =>
      `http://127.0.0.1:3000/tableau-de-bord/engagements/${id}/avancement`;
    expect(rendered.html).toContain(
      `<th scope="row" style="${'border:1px solid #929292;padding:6px;text-align:left;vertical-align:top'}"><a href="${form('c-1')}" style="color:#000091">Messagerie accessible à distance</a></th>`,
    );
    expect(rendered.html).toContain(
      `<a href="${form('c-ext')}" style="color:#000091">Postes de travail</a>`,
    );
    expect(rendered.text).toContain(
      `- Messagerie accessible à distance\n  Échéance\u202f: 31 mars 2021\n`,
    );
    expect(rendered.text).toContain(`  Formulaire de déclaration\u202f: ${form('c-1')}\n`);
    expect(rendered.text).toContain(`  Formulaire de déclaration\u202f: ${form('c-ext')}\n`);
    // One link per item: the form's address appears once in each part.
    expect(rendered.text.split(form('c-1'))).toHaveLength(2);
    expect(rendered.html.split(form('c-1'))).toHaveLength(2);
  });

  it('says in two lines how to report and by when, and offers a button to the to-do page', () => {
    const lines = [
      'Déclarez l’avancement de ces engagements au plus tard le 15 avril 2021\u202f: un clic sur un engagement ouvre son formulaire de déclaration.',
      'Le tableau de bord vous demande d’abord de vous identifier\u202f; sa page «\u202fÀ renseigner\u202f» liste tout ce qui est attendu de votre ministère.',
    ];
    expect(rendered.text).toContain(`\n\n${lines.join('\n')}\n`);
    expect(rendered.html).toContain(`<p>${lines.map(escapeHtml).join('<br>')}</p>`);
    expect(rendered.html).toMatch(
      /<a href="http:\/\/127\.0\.0\.1:3000\/tableau-de-bord\/a-renseigner" style="[^"]*background:#000091[^"]*">Déclarer l’avancement<\/a>/,
    );
    expect(rendered.text).toContain(
      '\nDéclarer l’avancement\u202f: http://127.0.0.1:3000/tableau-de-bord/a-renseigner\n',
    );
    // The button comes after the tables, before the link to the ministry's page.
    expect(rendered.html.indexOf('Déclarer l’avancement')).toBeGreaterThan(
      rendered.html.lastIndexOf('</table>'),
    );
    expect(rendered.html.indexOf('Déclarer l’avancement')).toBeLessThan(
      rendered.html.indexOf('Voir la page'),
    );
  });

  it.each<[string, Parameters<typeof digestItem>[0][], string]>([
    [
      'the earliest report due among the items',
      [{ nextReportDue: '2021-04-15' }, { commitmentId: 'c-2', nextReportDue: '2021-04-01' }],
      'Déclarez l’avancement de ces engagements au plus tard le 1er avril 2021\u202f: un clic',
    ],
    [
      'a report already late: since when',
      [
        { nextReportDue: '2021-04-15' },
        { commitmentId: 'c-2', nextReportDue: '2021-03-15', upToDate: false },
      ],
      'Une déclaration est attendue depuis le 15 mars 2021\u202f: déclarez l’avancement de ces engagements dès maintenant\u202f; un clic sur un engagement ouvre son formulaire de déclaration.',
    ],
    [
      'a yes/no action with no report due: its deadline still ahead',
      [{ yesNo: true, nextReportDue: undefined, deadline: '2021-04-10' }],
      'Déclarez l’avancement de ces engagements au plus tard le 10 avril 2021\u202f: un clic',
    ],
    [
      'nothing dated ahead (an overdue action): now',
      [{ yesNo: true, nextReportDue: undefined, deadline: '2021-03-01' }],
      'Déclarez l’avancement de ces engagements dès maintenant\u202f: un clic sur un engagement ouvre son formulaire de déclaration.',
    ],
  ])('tells by when: %s', (_case, overrides, expected) => {
    const out = renderDigest(digest({ overdue: overrides.map((o) => digestItem(o)) }));
    expect(out.text).toContain(expected);
    expect(out.html).toContain(escapeHtml(expected));
  });

  it('writes no how-to lines and no button when there is nothing to report', () => {
    const empty = renderDigest(digest());
    for (const part of [empty.html, empty.text]) {
      expect(part).not.toContain('Déclarer l’avancement');
      expect(part).not.toContain('a-renseigner');
      expect(part).not.toContain('Déclarez');
    }
  });

  it('puts a narrow no-break space before the French high punctuation', () => {
    for (const part of [rendered.subject, rendered.text, rendered.html]) {
      expect(part).not.toMatch(/ [:;?!%]/);
      expect(part).not.toMatch(/« | »/);
    }
  });

  it('escapes everything that comes from users in the HTML, and keeps it as is in the text', () => {
    const hostile = digestItem({
      title: '<script>alert("x")</script> & co',
      deadlineWording: "fin <b>2021</b> l'an",
      reasons: ['<img src=x onerror=alert(1)>'],
    });
    const out = renderDigest(digest({ overdue: [hostile] }));
    expect(out.html).not.toContain('<script>');
    expect(out.html).not.toContain('<img');
    expect(out.html).not.toContain('<b>');
    expect(out.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(out.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(out.text).toContain('<script>alert("x")</script> & co');
  });

  it('prints the signed log head when there is one, for the ministry to keep', () => {
    const logHead = {
      eventCount: 12345,
      globalHash: 'a'.repeat(64),
      signedAt: '2021-03-22T08:00:00.000Z',
      keyId: '0123456789abcdef',
      signature: 'c2lnbmF0dXJl',
    };
    const sealed = renderDigest(digest({ overdue: [digestItem()], logHead }));
    for (const part of [sealed.text, sealed.html]) {
      expect(part).toContain('Sceau du journal des décisions, à conserver');
      expect(part).toContain(`Empreinte SHA-256\u202f: ${'a'.repeat(64)}`);
      expect(part).toContain('Événements enregistrés\u202f: 12\u202f345');
      expect(part).toContain('Clé\u202f: 0123456789abcdef');
      expect(part).toContain('Signature Ed25519\u202f: c2lnbmF0dXJl');
    }
    expect(rendered.text).not.toContain('Sceau du journal');
    expect(rendered.html).not.toContain('Sceau du journal');
  });

  it('is deterministic: the same digest, the same content and hash', () => {
    const again = renderDigest(
      digest({ overdue: [digestItem()], atRisk: [extended], dueSoon: [] }),
    );
    expect(again).toEqual(rendered);
    expect(contentSha256(again)).toBe(contentSha256(rendered));
    expect(contentSha256(again)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('escapes the five HTML characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
  });
});
