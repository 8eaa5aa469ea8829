import { emptyChart, evolveChart } from '@cosinum/domain';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
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
    expect(documentTitle('003_be567f4c541a115a.txt')).toBe('COSINUM du 3 décembre 2020');
    expect(documentShortTitle('003_be567f4c541a115a.txt')).toBe('COSINUM 12/2020');
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
