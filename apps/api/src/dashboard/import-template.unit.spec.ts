import { Workbook } from 'exceljs';
import { readProgressCsv, readProgressXlsx } from '@cosinum/catalogue';
import type { StatusItem } from '@cosinum/domain';
import { templateCsv, templateItems, templateXlsx, type TemplateItem } from './import-template';

const EMAIL = 'cosinum-2020-12-03-messagerie-distance';
const DLNUF = 'cosinum-2020-05-28-dlnuf-calendrier';
const ITEMS: TemplateItem[] = [
  {
    externalId: DLNUF,
    title: 'DLNUF : calendrier',
    ministry: 'MI',
    kind: 'boolean',
    target: 1,
    latestValue: null,
    latestOn: null,
  },
  {
    externalId: EMAIL,
    title: '=100 % des agents; "messagerie"',
    ministry: 'MI',
    kind: 'percentage',
    target: 100,
    latestValue: 80.5,
    latestOn: '2021-02-15',
  },
  {
    externalId: 'cosinum-2020-12-03-bna-2021-taux-repondants',
    title: 'BNA 2021',
    ministry: 'MI',
    kind: 'percentage',
    target: 20,
    latestValue: null,
    latestOn: null,
  },
];

const rowsOf = (file: { rows: readonly { columns: unknown }[] }) =>
  file.rows.map(({ columns: _columns, ...row }) => row);

describe('the progress template, generated then filled and read back', () => {
  it('keeps only the open items of a board', () => {
    const item = (externalId: string, state: string) =>
      ({
        externalId,
        state,
        title: externalId,
        ministry: 'MI',
        kind: 'count',
        target: 3,
      }) as unknown as StatusItem;
    expect(
      templateItems([
        item('b', 'overdue'),
        item('a', 'on_track'),
        item('c', 'met'),
        item('d', 'exempt'),
        item('e', 'withdrawn'),
        item('f', 'at_risk'),
      ]).map((i) => i.externalId),
    ).toEqual(['a', 'b', 'f']);
  });

  it('CSV: French Excel’s format; filled lines are read, untouched ones skipped', () => {
    const csv = templateCsv(ITEMS);
    expect(csv.startsWith('\uFEFFengagement;titre;ministère;dernière valeur;')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    // A title that would run as a formula is kept as text; the last value has a decimal comma.
    expect(lines[2]).toBe(
      `${EMAIL};"'=100 % des agents; ""messagerie""";MI;80,5;15/02/2021;un pourcentage de 0 à 100 (objectif\u202f: 100);;;`,
    );
    // The person fills two lines, as Excel would save them, and leaves the third.
    const filled = csv.replace(
      /(cosinum-2020-05-28-dlnuf-calendrier;.*?sinon);;;/,
      '$1;oui;15/05/2021;fait',
    );
    const withEmail = filled.replace(/(80,5;15\/02\/2021;[^;]*);;;/, '$1;92,5;01/05/2021;');
    const file = readProgressCsv(Buffer.from(withEmail, 'utf8'));
    expect(file.issues).toEqual([]);
    expect(rowsOf(file)).toEqual([
      {
        line: 2,
        externalId: DLNUF,
        ministry: 'MI',
        value: 1,
        valueWord: 'oui',
        on: '2021-05-15',
        note: 'fait',
      },
      { line: 3, externalId: EMAIL, ministry: 'MI', value: 92.5, on: '2021-05-01' },
    ]);
    expect(file.lines.map((l) => l.untouched)).toEqual([false, false, true]);
  });

  it('XLSX: real date cells, a frozen header, greyed informative columns; read back once filled', async () => {
    const bytes = await templateXlsx(ITEMS, '2021-06-01T09:00:00Z');
    const book = new Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Avancement')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(2).width).toBe(60);
    expect(sheet.getCell('B1').fill).toMatchObject({ fgColor: { argb: 'FFEEEEEE' } });
    expect(sheet.getCell('G1').fill).not.toMatchObject({ fgColor: { argb: 'FFEEEEEE' } });
    expect(String(sheet.getCell('D1').note)).toContain('Pour information');
    expect(sheet.getCell('E3').value).toEqual(new Date('2021-02-15T00:00:00Z'));
    expect(sheet.getCell('E3').numFmt).toBe('dd/mm/yyyy');
    expect(sheet.getCell('D2').value).toBeNull();
    expect(sheet.getCell('G2').dataValidation).toMatchObject({
      type: 'list',
      formulae: ['"oui,non"'],
    });
    // Filled as a person does in Excel: a word, a number, a date cell.
    sheet.getCell('G2').value = 'oui';
    sheet.getCell('H2').value = new Date('2021-05-15T00:00:00Z');
    sheet.getCell('G3').value = 92.5;
    sheet.getCell('H3').value = '01/05/2021';
    sheet.getCell('I3').value = 'relevé de mai';
    const file = await readProgressXlsx(Buffer.from(await book.xlsx.writeBuffer()));
    expect(file.issues).toEqual([]);
    expect(rowsOf(file)).toEqual([
      { line: 2, externalId: DLNUF, ministry: 'MI', value: 1, valueWord: 'oui', on: '2021-05-15' },
      {
        line: 3,
        externalId: EMAIL,
        ministry: 'MI',
        value: 92.5,
        on: '2021-05-01',
        note: 'relevé de mai',
      },
    ]);
    expect(file.lines.map((l) => l.untouched)).toEqual([false, false, true]);
  });
});
