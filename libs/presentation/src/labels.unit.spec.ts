import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  documentShortTitle,
  documentTitle,
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
