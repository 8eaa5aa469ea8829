import { escapeHtml } from '@cosinum/presentation';
import { digest, digestItem, items } from '../testing/digest.fixtures';
import { frenchLongDate } from './french';
import { contentSha256, renderDigest, subjectOf } from './render-digest';

describe('subjectOf', () => {
  it.each([
    [3, 2, 0, '[COSINUM] Semaine 2021-W12\u202f: 3 engagements en retard, 2 à risque'],
    [1, 1, 0, '[COSINUM] Semaine 2021-W12\u202f: 1 engagement en retard, 1 à risque'],
    [1, 0, 0, '[COSINUM] Semaine 2021-W12\u202f: 1 engagement en retard'],
    [0, 1, 0, '[COSINUM] Semaine 2021-W12\u202f: 1 engagement à risque'],
    [0, 2, 0, '[COSINUM] Semaine 2021-W12\u202f: 2 engagements à risque'],
    [0, 0, 1, '[COSINUM] Semaine 2021-W12\u202f: 1 engagement à échéance sous 30 jours'],
    [
      2,
      0,
      4,
      '[COSINUM] Semaine 2021-W12\u202f: 2 engagements en retard, 4 à échéance sous 30 jours',
    ],
    [0, 0, 0, '[COSINUM] Semaine 2021-W12\u202f: aucun engagement en retard ni à risque'],
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
    expect(rendered.html).toMatch(/<th scope="row"[^>]*>Messagerie accessible à distance<\/th>/);
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
