import { CatalogueValidationError } from './catalogue-issue';
import { formatProgressIssue, parseProgressCsv, readProgressCsv } from './progress-csv';

const BOM = '\uFEFF';
const HEADER = 'engagement;ministère;valeur;date;note';
const ID = 'cosinum-2020-12-03-messagerie-distance';

/** The formatted issues a bad file yields, as the CLI prints them. */
const problems = (input: Buffer | string): string[] => {
  try {
    parseProgressCsv(input);
  } catch (error) {
    if (error instanceof CatalogueValidationError)
      return error.issues.map((i) => formatProgressIssue(i, 'f.csv'));
    throw error;
  }
  throw new Error('expected the file to be refused');
};

const rowsOf = (text: string) =>
  parseProgressCsv(Buffer.from(text, 'utf8')).rows.map(({ columns: _columns, ...row }) => row);

describe('parseProgressCsv', () => {
  it('reads French Excel: BOM, `;`, CRLF, decimal comma, JJ/MM/AAAA', () => {
    const csv = `${BOM}${HEADER}\r\n${ID};MEFR;85,5;31/03/2021;relevé T1\r\n${ID};MI;90;01/04/2021;\r\n`;
    const parsed = parseProgressCsv(Buffer.from(csv, 'utf8'));
    expect(parsed.separator).toBe(';');
    expect(parsed.columns).toMatchObject({
      externalId: { name: 'engagement', index: 1 },
      ministry: { name: 'ministère', index: 2 },
      note: { name: 'note', index: 5 },
    });
    expect(rowsOf(csv)).toEqual([
      {
        line: 2,
        externalId: ID,
        ministry: 'MEFR',
        value: 85.5,
        on: '2021-03-31',
        note: 'relevé T1',
      },
      { line: 3, externalId: ID, ministry: 'MI', value: 90, on: '2021-04-01' },
    ]);
  });

  it('reads a point, ISO dates, LF and no BOM; the note column is optional', () => {
    expect(rowsOf(`engagement;ministère;valeur;date\n${ID};MEFR;85.5;2021-03-31\n`)).toEqual([
      { line: 2, externalId: ID, ministry: 'MEFR', value: 85.5, on: '2021-03-31' },
    ]);
  });

  it('reads thousands separators, a percent sign, one-digit days and lower-case codes', () => {
    const rows = rowsOf(
      `${HEADER}\n${ID};mefr;1\u00a0234,5;1/6/2021;\n${ID};MI;85,50 %;2021-06-01;\n`,
    );
    expect(rows.map((r) => [r.ministry, r.value, r.on])).toEqual([
      ['MEFR', 1234.5, '2021-06-01'],
      ['MI', 85.5, '2021-06-01'],
    ]);
  });

  it('matches headers without case or accents, in French or English, in any order', () => {
    const rows = rowsOf(
      `Date;VALUE;Ministere;External ID;Commentaire\n2021-03-31;12;MEFR;${ID};ok\n`,
    );
    expect(rows).toEqual([
      { line: 2, externalId: ID, ministry: 'MEFR', value: 12, on: '2021-03-31', note: 'ok' },
    ]);
    expect(rowsOf(`identifiant;ministry;valeur;on\n${ID};MI;1;2021-03-31\n`)).toHaveLength(1);
  });

  it('accepts `,` as separator when the header has no `;`, with quoted decimal commas', () => {
    const csv = `externalId,ministry,value,on,note\n${ID},MEFR,"85,5",2021-03-31,"a, b"\n`;
    expect(parseProgressCsv(csv).separator).toBe(',');
    expect(rowsOf(csv)).toEqual([
      { line: 2, externalId: ID, ministry: 'MEFR', value: 85.5, on: '2021-03-31', note: 'a, b' },
    ]);
  });

  it('keeps `;` when the header has both', () => {
    expect(parseProgressCsv(`${HEADER}\n${ID};MEFR;1;2021-03-31;a, b\n`).rows[0].note).toBe('a, b');
  });

  it('reads quoted cells with "" escapes, separators and line breaks, counting lines', () => {
    const csv = `${HEADER}\r\n${ID};MEFR;1;2021-03-31;"dit ""fini"";\r\nsur deux lignes"\r\n${ID};MI;oops;2021-03-31;\r\n`;
    expect(problems(csv)).toEqual(['f.csv:4: valeur: "oops" is not a number (write 85,5 or 85.5)']);
    const ok = csv.replace('oops', '2');
    expect(rowsOf(ok).map((r) => [r.line, r.note])).toEqual([
      [2, 'dit "fini";\nsur deux lignes'],
      [4, undefined],
    ]);
  });

  it('ignores blank lines, `;;;;` lines and an Excel `sep=;` line', () => {
    const csv = `sep=;\n${HEADER}\n\n${ID};MEFR;1;2021-03-31;\n;;;;\n\n\n`;
    expect(rowsOf(csv)).toEqual([
      { line: 4, externalId: ID, ministry: 'MEFR', value: 1, on: '2021-03-31' },
    ]);
  });

  it('reports every bad cell with its line and column name', () => {
    const csv = [
      HEADER,
      `${ID};MEFR;85,5;31/03/2021;`,
      `${ID};XYZ;1.234,5;30/02/2021;`,
      `;MI;;2021-13-01;`,
      `${ID};MI;1;31-03-2021;`,
      `${ID};MI;1;2021-03-31;;extra`,
    ].join('\r\n');
    expect(problems(csv)).toEqual([
      'f.csv:3: ministère: unknown ministry code "XYZ" (see `cosinum ministries`)',
      'f.csv:3: valeur: "1.234,5" is not a number (write 85,5 or 85.5)',
      'f.csv:3: date: 30/02/2021 is not a real calendar date',
      'f.csv:4: engagement: is empty',
      'f.csv:4: valeur: is empty while the date is given: write the value reached on that date',
      'f.csv:4: date: 2021-13-01 is not a real calendar date',
      'f.csv:5: date: "31-03-2021" is not a date: write JJ/MM/AAAA or YYYY-MM-DD',
      'f.csv:6: column 6: "extra" is beyond the last column of the header',
    ]);
  });

  it('refuses a note holding control or bidirectional-override characters', () => {
    const csv = [
      HEADER,
      `${ID};MEFR;1;2021-03-31;fait\u202Etxt.exe`,
      `${ID};MI;1;2021-03-31;\u001b[2J`,
    ].join('\n');
    expect(problems(csv)).toEqual([
      'f.csv:2: note: must not contain U+202E (right-to-left override)',
      'f.csv:3: note: must not contain U+001B (ESC)',
    ]);
  });

  it('refuses unknown, repeated and missing columns, naming the header line', () => {
    expect(
      problems(`engagement;ministère;montant;date;commentaire;note\n${ID};MI;1;x;;\n`),
    ).toEqual([
      'f.csv:1: montant: unknown column: expected engagement or identifiant, ministère or ministry, valeur or value, date or on, note or commentaire',
      'f.csv:1: note: same column as "commentaire"',
      'f.csv:1: valeur: the column is missing (also accepted: value)',
    ]);
  });

  it('refuses a file with another separator, saying which to use', () => {
    expect(problems(`engagement\tministère\tvaleur\tdate\n${ID}\tMI\t1\t2021-03-31\n`)).toEqual([
      'f.csv:1: the header has a single column: separate the columns with `;` (save as « CSV UTF-8 (délimité par des points-virgules) »)',
    ]);
  });

  it('refuses an empty file and a header-only file', () => {
    expect(problems('')).toEqual([
      'f.csv:1: the file is empty: expected a header line (engagement;ministère;valeur;date;note) and one line per value',
    ]);
    expect(problems(Buffer.from(`${BOM}\r\n\r\n`))).toHaveLength(1);
    expect(problems(`${HEADER}\r\n;;;;\r\n`)).toEqual([
      'f.csv:1: the file has a header but no values',
    ]);
  });

  it('refuses a quoted cell that is never closed, at the line it opens', () => {
    expect(problems(`${HEADER}\n${ID};MI;1;2021-03-31;"oops\n${ID};MI;2;2021-03-31;\n`)).toEqual([
      'f.csv:2: a quoted cell is never closed: a `"` is missing',
    ]);
  });

  it('refuses UTF-16 files with a clear message', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(HEADER, 'utf16le')]);
    expect(problems(utf16)).toEqual([
      'f.csv:1: the file is encoded in UTF-16 (byte-order mark): save it as UTF-8',
    ]);
    expect(problems(Buffer.from(HEADER, 'utf16le'))).toEqual([
      expect.stringMatching(/^f\.csv:1: NUL byte: the file looks like UTF-16/),
    ]);
  });

  it('reads Windows-1252, as plain « CSV » from French Excel on Windows: é, œ, €', () => {
    // é = 0xE9, è = 0xE8, œ = 0x9C, € = 0x80: single bytes that are not valid UTF-8.
    const bytes = Buffer.concat([
      Buffer.from('engagement;minist'),
      Buffer.from([0xe8]),
      Buffer.from(`re;valeur;date;note\r\n${ID};MI;1;2021-03-31;relev`),
      Buffer.from([0xe9, 0x20, 0x9c, 0x75, 0x76, 0x72, 0x65, 0x20, 0x35, 0x20, 0x80]),
      Buffer.from('\r\n'),
    ]);
    const parsed = parseProgressCsv(bytes);
    expect(parsed.columns.ministry.name).toBe('ministère');
    expect(parsed.rows.map((r) => r.note)).toEqual(['relevé œuvre 5 €']);
  });

  it('reads UTF-8 with or without its byte-order mark the same, even where Windows-1252 could apply', () => {
    const text = `${HEADER}\r\n${ID};MI;1;2021-03-31;relevé œuvre 5 €\r\n`;
    expect(rowsOf(text)).toEqual(rowsOf(`${BOM}${text}`));
    expect(rowsOf(text)[0].note).toBe('relevé œuvre 5 €');
  });

  it('reads quoted line breaks (CRLF, LF or CR) inside a cell as LF, under CRLF records', () => {
    const csv = `${HEADER}\r\n${ID};MI;1;2021-03-31;"un\r\ndeux\ntrois\rquatre"\r\n${ID};MEFR;2;2021-03-31;x\r\n`;
    expect(rowsOf(csv).map((r) => [r.line, r.ministry, r.note])).toEqual([
      [2, 'MI', 'un\ndeux\ntrois\nquatre'],
      [6, 'MEFR', 'x'],
    ]);
  });

  it('reads an Excel `sep=;` first line with a BOM and CRLF, and `sep=,`', () => {
    const semi = `${BOM}sep=;\r\n${HEADER}\r\n${ID};MI;1,5;2021-03-31;a, b\r\n`;
    expect(parseProgressCsv(Buffer.from(semi, 'utf8')).separator).toBe(';');
    expect(rowsOf(semi)).toEqual([
      { line: 3, externalId: ID, ministry: 'MI', value: 1.5, on: '2021-03-31', note: 'a, b' },
    ]);
    const comma = `sep=,\r\nengagement,ministère;x,valeur,date\r\n${ID},MI,2,2021-03-31\r\n`;
    expect(() => parseProgressCsv(comma)).toThrow(CatalogueValidationError);
    expect(problems(comma)).toEqual([
      'f.csv:2: ministère;x: unknown column: expected engagement or identifiant, ministère or ministry, valeur or value, date or on, note or commentaire',
      'f.csv:2: ministère: the column is missing (also accepted: ministry, code ministère, organisation)',
    ]);
  });
});

describe('readProgressCsv: the template read back, every problem in French', () => {
  const TEMPLATE_HEADER =
    'engagement;titre;ministère;dernière valeur;date de la dernière valeur;à écrire dans valeur;valeur;date;commentaire';
  const read = (text: string) => readProgressCsv(Buffer.from(`${BOM}${text}`, 'utf8'));

  it('ignores the informative columns and skips the lines left untouched', () => {
    const file = read(
      [
        TEMPLATE_HEADER,
        `${ID};Messagerie;MI;80;15/01/2021;un pourcentage;85,5;01/05/2021;relevé`,
        `autre-engagement;Autre;MI;;;un nombre;;;`,
        `${ID};Messagerie;MEFR;oui;15/01/2021;«\u202foui\u202f»;;;`,
      ].join('\r\n'),
    );
    expect(file.issues).toEqual([]);
    expect(file.rows.map(({ columns: _c, ...r }) => r)).toEqual([
      { line: 2, externalId: ID, ministry: 'MI', value: 85.5, on: '2021-05-01', note: 'relevé' },
    ]);
    expect(file.lines.map((l) => [l.line, l.untouched, l.cells.title])).toEqual([
      [2, false, 'Messagerie'],
      [3, true, 'Autre'],
      [4, true, 'Messagerie'],
    ]);
  });

  it('takes « oui », « réalisé », « fait », 1 and « non », 0 for a yes/no value, keeping the word', () => {
    const words = ['oui', 'Réalisé', 'fait', '1', 'non', '0', 'pas encore'];
    const file = read(
      [HEADER, ...words.map((w, i) => `${ID};MI;${w};0${i + 1}/05/2021;`)].join('\n'),
    );
    expect(file.issues).toEqual([]);
    expect(file.rows.map((r) => [r.value, r.valueWord])).toEqual([
      [1, 'oui'],
      [1, 'Réalisé'],
      [1, 'fait'],
      [1, undefined],
      [0, 'non'],
      [0, undefined],
      [0, 'pas encore'],
    ]);
  });

  it('refuses a value without a date, a date without a value and a comment alone, in French', () => {
    const file = read(
      [HEADER, `${ID};MI;85;;`, `${ID};MI;;01/05/2021;`, `${ID};MI;;;à voir`].join('\n'),
    );
    expect(file.rows).toEqual([]);
    expect(file.issues.map((i) => [i.line, i.path, i.messageFr, i.expectedFr])).toEqual([
      [
        2,
        'date',
        'la valeur est donnée sans date',
        'la date à laquelle la valeur a été atteinte\u202f: une date JJ/MM/AAAA, par exemple 31/03/2021',
      ],
      [
        3,
        'valeur',
        'la date est donnée sans valeur',
        'la valeur atteinte à cette date, ou aucune date',
      ],
      [
        4,
        'valeur',
        'un commentaire sans valeur ni date',
        'la valeur et sa date, ou aucun commentaire',
      ],
    ]);
  });

  it('says in French what is wrong and what is expected for every problem, header included', () => {
    const cases = [
      '',
      `${HEADER}\n`,
      `engagement;ministère;montant;date\n${ID};MI;1;2021-03-31\n`,
      `engagement\tministère\n`,
      `${HEADER}\n${ID};XYZ;abc;31/02/2021;\n${ID};MI;1;demain;\n`,
      `${HEADER}\n${ID};MI;1;2021-03-31;"oops\n`,
      `${HEADER}\n;;;;\n`,
    ];
    for (const text of cases) {
      const { issues } = read(text);
      expect(issues.length).toBeGreaterThan(0);
      for (const issue of issues) {
        expect(issue.messageFr).toMatch(/^[a-zà-ÿ«]/);
        expect(issue.expectedFr).toBeTruthy();
      }
    }
    expect(read(cases[4]).issues.map((i) => i.messageFr)).toEqual([
      'le code de ministère «\u202fXYZ\u202f» est inconnu',
      '«\u202fabc\u202f» n’est pas un nombre',
      'le 31/02/2021 n’existe pas dans le calendrier',
      '«\u202fdemain\u202f» n’est pas une date',
    ]);
    expect(read(`${HEADER}\n${ID};MI;;;\n`).issues).toEqual([
      expect.objectContaining({
        line: 1,
        path: 'valeur',
        messageFr: 'aucune ligne ne donne de valeur',
      }),
    ]);
  });
});
