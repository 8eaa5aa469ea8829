import { emptyChart, evolveChart } from '@cosinum/domain';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  decidedOnInText,
  displayWording,
  documentRecord,
  documentShortTitle,
  documentTitle,
  ministryName,
  organisationInText,
  stateLabelInText,
  STATE_LABELS,
} from './labels';

const CATALOGUE = join(__dirname, '../../../data/catalogue/cosinum.catalogue.yaml');

describe('document titles (data/catalogue/documents.json)', () => {
  const cited = [
    ...new Set(
      (
        parse(readFileSync(CATALOGUE, 'utf8')) as {
          commitments: { source: { document: string } }[];
        }
      ).commitments.map((c) => c.source.document),
    ),
  ];

  it('has a title and a short title for every document the catalogue cites', () => {
    expect(cited).toHaveLength(5);
    for (const document of cited) {
      expect(documentTitle(document)).not.toBe(document);
      expect(documentShortTitle(document)).not.toBe(document);
    }
  });

  it('reads them from the manifest', () => {
    expect(documentTitle('000_5777556106af8b3d.txt')).toBe(
      'Relevé de décisions du COSINUM du 28 mai 2020',
    );
    expect(documentShortTitle('003_be567f4c541a115a.txt')).toBe('COSINUM 12/2020');
  });

  it('records each cited document with a title, a date and a kind, never its file name', () => {
    for (const document of cited) {
      const record = documentRecord(document);
      expect(record?.title).not.toMatch(/\.txt$|_/);
      expect(record?.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(record?.kind).toMatch(
        /^(relevé de décisions|fiche de décisions|feuille de route|article de presse)$/,
      );
    }
    expect(documentRecord('002_dbbe98620e20a9d7.txt')).toMatchObject({
      kind: 'article de presse',
      date: '2020-08-31',
      datePrecision: 'month',
    });
    expect(documentRecord('note-interne.pdf')).toBeUndefined();
  });

  it('shows an unknown document as it was recorded', () => {
    expect(documentTitle('note-interne.pdf')).toBe('note-interne.pdf');
    expect(documentShortTitle('note-interne.pdf')).toBe('note-interne.pdf');
    expect(documentTitle('constructor')).toBe('constructor');
  });
});

describe('state labels', () => {
  it('are lower-cased inside a sentence, as the CLI prints them', () => {
    expect(STATE_LABELS.at_risk).toBe('À risque');
    expect(stateLabelInText('at_risk')).toBe('à risque');
    expect(stateLabelInText('exempt')).toBe('exempté');
  });
});

describe('organisations inside a sentence', () => {
  it('take the article and its contraction, and elide before a vowel', () => {
    expect(organisationInText('MI', 'de')).toBe("du ministère de l'Intérieur");
    expect(organisationInText('MI', 'à')).toBe("au ministère de l'Intérieur");
    expect(organisationInText('MJ', 'le')).toBe('le ministère de la Justice');
    expect(organisationInText('SPM', 'de')).toBe('des services du Premier ministre');
    expect(organisationInText('SPM', 'à')).toBe('aux services du Premier ministre');
    expect(organisationInText('DINUM', 'de')).toBe(
      'de la direction interministérielle du numérique',
    );
    expect(organisationInText('CNAM', 'de')).toBe("de la Caisse nationale de l'Assurance maladie");
    expect(organisationInText('POLE_EMPLOI', 'de')).toBe('de Pôle emploi');
    expect(organisationInText('ACME', 'de')).toBe('d’ACME');
    expect(organisationInText('XYZ', 'à')).toBe('à XYZ');
  });
});

describe('dates of decisions, as precisely as their source gives them', () => {
  it('says a day, a month, a quarter, a half-year or a year', () => {
    expect(decidedOnInText('2020-12-03')).toBe('le 03/12/2020');
    expect(decidedOnInText('2020-12-03', 'day')).toBe('le 03/12/2020');
    expect(decidedOnInText('2020-07-01', 'month')).toBe('en juillet 2020');
    expect(decidedOnInText('2020-08-31', 'month')).toBe('en août 2020');
    expect(decidedOnInText('2020-01-01', 'quarter')).toBe('au 1er trimestre 2020');
    expect(decidedOnInText('2020-11-15', 'quarter')).toBe('au 4e trimestre 2020');
    expect(decidedOnInText('2021-01-01', 'half-year')).toBe('au 1er semestre 2021');
    expect(decidedOnInText('2021-09-01', 'half-year')).toBe('au 2nd semestre 2021');
    expect(decidedOnInText('2021-01-01', 'year')).toBe('en 2021');
  });
});

describe('wording for display, free of extraction marks', () => {
  it('drops superscript marks and reads the OCR’s I or bar for an elided l', () => {
    expect(displayWording('1^{er} trimestre 2021')).toBe('1er trimestre 2021');
    expect(displayWording('1^{re} version fin 2020, puis industrialisation en 2021')).toBe(
      '1re version fin 2020, puis industrialisation en 2021',
    );
    expect(displayWording('Industrialisation prévue au 3^e trimestre 2020.')).toBe(
      'Industrialisation prévue au 3e trimestre 2020.',
    );
    expect(displayWording("avant I'été")).toBe("avant l'été");
    expect(displayWording("I'administration territoriale de |'Etat")).toBe(
      "l'administration territoriale de l'Etat",
    );
  });

  it('leaves clean wording alone, a capital I that is a word among them', () => {
    for (const clean of ["d'ici le 31 décembre 2020", 'Fait', 'Phase I terminée', 'IN6 : 2021'])
      expect(displayWording(clean)).toBe(clean);
  });
});

describe('organisations inside a sentence, named by the chart', () => {
  const forms = (name: string, of: string, to: string) => ({ name, shortName: name, of, to });
  const chart = [
    {
      type: 'OrganisationCreated' as const,
      data: {
        code: 'MTE',
        kind: 'ministry' as const,
        ...forms(
          'Ministère de la Transition écologique et solidaire',
          'du ministère de la Transition écologique et solidaire',
          'au ministère de la Transition écologique et solidaire',
        ),
        on: '2020-01-01',
        reason: 'Référentiel',
      },
    },
    {
      type: 'OrganisationRenamed' as const,
      data: {
        code: 'MTE',
        previousName: 'Ministère de la Transition écologique et solidaire',
        ...forms(
          'Ministère de la Transition écologique',
          'du ministère de la Transition écologique',
          'au ministère de la Transition écologique',
        ),
        on: '2020-07-06',
        reason: 'Gouvernement Castex',
      },
    },
    {
      type: 'OrganisationCreated' as const,
      data: {
        code: 'DINUM',
        kind: 'directorate' as const,
        ...forms('Direction interministérielle du numérique', 'de la DINUM', 'à la DINUM'),
        on: '2020-01-01',
        reason: 'Référentiel',
      },
    },
  ].reduce((c, e, i) => evolveChart(c, e, i), emptyChart());
  const on = (date: string) => ({
    chart,
    moment: { asOf: `${date}T10:00:00.000Z`, knownAt: '2030-01-01T00:00:00.000Z' },
  });

  it('uses the forms recorded for the day', () => {
    expect(organisationInText('MTE', 'de', on('2020-06-01'))).toBe(
      'du ministère de la Transition écologique et solidaire',
    );
    expect(organisationInText('MTE', 'à', on('2020-07-15'))).toBe(
      'au ministère de la Transition écologique',
    );
    expect(organisationInText('MTE', 'le', on('2020-07-15'))).toBe(
      'le ministère de la Transition écologique',
    );
    expect(organisationInText('DINUM', 'de', on('2020-07-15'))).toBe('de la DINUM');
    expect(organisationInText('DINUM', 'le', on('2020-07-15'))).toBe('la DINUM');
    expect(ministryName('MTE', on('2020-06-01'))).toBe(
      'Ministère de la Transition écologique et solidaire',
    );
  });

  it('falls back on the static list for a code the chart does not know', () => {
    expect(organisationInText('MI', 'de', on('2020-07-15'))).toBe("du ministère de l'Intérieur");
    expect(organisationInText('SPM', 'le', on('2020-07-15'))).toBe(
      'les services du Premier ministre',
    );
  });
});
