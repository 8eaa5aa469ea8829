import { BOM, csvCell, csvDocument, csvLine } from './csv';

/** The exact bytes French Excel gets: these pin the format, whatever writes it. */
describe('CSV for French Excel', () => {
  it('writes `;`-separated cells and a CRLF after every line', () => {
    expect(csvLine(['a', 'b', 'c'])).toBe('a;b;c\r\n');
    expect(csvLine([])).toBe('\r\n');
  });

  it('starts a document with the UTF-8 BOM, then the header, then each row', () => {
    expect(
      csvDocument(
        ['Nom', 'Valeur'],
        [
          ['é', 1.5],
          ['x', null],
        ],
      ),
    ).toBe(`${BOM}Nom;Valeur\r\né;1,5\r\nx;\r\n`);
    expect(BOM).toBe('\uFEFF');
    expect(csvDocument(['h'], [])).toBe('\uFEFFh\r\n');
  });

  it('quotes a cell holding `;`, a quote or a line break (CR or LF), doubling quotes', () => {
    expect(csvLine(['a;b', 'dit "oui"', 'un\ndeux', 'un\r\ndeux', 'cr\r', 'a,b'])).toBe(
      '"a;b";"dit ""oui""";"un\ndeux";"un\r\ndeux";"cr\r";a,b\r\n',
    );
  });

  it('writes numbers with a decimal comma, empty cells for null and undefined', () => {
    expect(csvLine([85.5, -2.25, 0, 1e21, null, undefined, '', true, false])).toBe(
      '85,5;-2,25;0;1e+21;;;;true;false\r\n',
    );
  });

  it('neutralises text a spreadsheet would run as a formula, but not negative numbers', () => {
    expect(csvLine(['=1+1', '+33 1', '-x', '@SUM(A1)', '\tx', '\rx', 'a=b', -1])).toBe(
      `'=1+1;'+33 1;'-x;'@SUM(A1);'\tx;"'\rx";a=b;-1\r\n`,
    );
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
  });

  it('writes other values as their text', () => {
    expect(csvCell(12n)).toBe('12');
    expect(csvCell({ toString: () => 'objet; texte' })).toBe('"objet; texte"');
  });
});
