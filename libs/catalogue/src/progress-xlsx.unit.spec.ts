import { Workbook } from 'exceljs';
import { isXlsx, readProgressFile, readProgressXlsx } from './progress-xlsx';

const ID = 'cosinum-2020-12-03-messagerie-distance';

/** A workbook as Excel saves it, built with exceljs: rows as given, from row 1. */
const workbook = async (
  rows: readonly (readonly unknown[])[],
  edit?: (sheet: import('exceljs').Worksheet) => void,
): Promise<Buffer> => {
  const book = new Workbook();
  const sheet = book.addWorksheet('Feuil1');
  rows.forEach((row, i) => {
    if (row.length > 0) sheet.getRow(i + 1).values = [...row] as import('exceljs').CellValue[];
  });
  edit?.(sheet);
  return Buffer.from(await book.xlsx.writeBuffer());
};

describe('readProgressXlsx', () => {
  it('reads date, number, percentage, formula and text cells, on the rows Excel numbers', async () => {
    const bytes = await workbook(
      [
        ['Engagement', 'Titre', 'Ministère', 'Valeur', 'Date', 'Commentaire'],
        [ID, 'ignoré', 'MI', 85.5, new Date('2021-05-01T00:00:00Z'), 'relevé'],
        [],
        [
          ID,
          'ignoré',
          'mefr',
          0.9,
          '15/05/2021',
          { richText: [{ text: 'en ' }, { text: 'gras' }] },
        ],
        [ID, 'ignoré', 'MJ', { formula: '40+2', result: 42 }, '2021-05-20', null],
        [
          'cosinum-2020-05-28-dlnuf-calendrier',
          'ignoré',
          'MI',
          'oui',
          new Date('2021-05-02T00:00:00Z'),
        ],
        [ID, 'ignoré', 'MEAE', null, null, null],
      ],
      (sheet) => {
        sheet.getCell('D4').numFmt = '0%';
      },
    );
    expect(isXlsx(bytes)).toBe(true);
    const file = await readProgressFile(bytes);
    expect(file.format).toBe('xlsx');
    expect(file.issues).toEqual([]);
    expect(file.rows.map(({ columns: _c, ...r }) => r)).toEqual([
      { line: 2, externalId: ID, ministry: 'MI', value: 85.5, on: '2021-05-01', note: 'relevé' },
      { line: 4, externalId: ID, ministry: 'MEFR', value: 90, on: '2021-05-15', note: 'en gras' },
      { line: 5, externalId: ID, ministry: 'MJ', value: 42, on: '2021-05-20' },
      {
        line: 6,
        externalId: 'cosinum-2020-05-28-dlnuf-calendrier',
        ministry: 'MI',
        value: 1,
        valueWord: 'oui',
        on: '2021-05-02',
      },
    ]);
    // The untouched line is skipped, not an error; the preview shows its date cells as dates.
    expect(file.lines.map((l) => [l.line, l.untouched])).toEqual([
      [2, false],
      [4, false],
      [5, false],
      [6, false],
      [7, true],
    ]);
  });

  it('names each bad cell by its row and its column as the sheet heads it, in French too', async () => {
    const bytes = await workbook([
      ['Date', 'Valeur', 'Ministère', 'Identifiant'],
      [new Date('2021-05-01T00:00:00Z'), new Date('2021-05-01T00:00:00Z'), 'MI', ID],
      ['', 12, 'MI', ID],
      [45000, 12, 'ZZ', ID],
    ]);
    const { issues, rows } = await readProgressXlsx(bytes);
    expect(rows).toEqual([]);
    expect(issues.map((i) => [i.line, i.column, i.path, i.messageFr])).toEqual([
      [2, 2, 'Valeur', '«\u202f2021-05-01\u202f» n’est pas un nombre'],
      [3, 1, 'Date', 'la valeur est donnée sans date'],
      [4, 1, 'Date', '«\u202f45000\u202f» n’est pas une date'],
      [4, 3, 'Ministère', 'le code de ministère «\u202fZZ\u202f» est inconnu'],
    ]);
  });

  it('refuses a file that only looks like a workbook, in French', async () => {
    const { issues } = await readProgressFile(Buffer.from('PK\u0003\u0004 not really a zip'));
    expect(issues).toEqual([
      expect.objectContaining({
        line: 1,
        messageFr: 'le fichier n’est pas un classeur Excel lisible',
      }),
    ]);
  });

  it('reads CSV bytes as CSV', async () => {
    const file = await readProgressFile(
      Buffer.from(`engagement;ministère;valeur;date\n${ID};MI;1;2021-05-01\n`),
    );
    expect(file.format).toBe('csv');
    expect(file.rows).toHaveLength(1);
  });
});
