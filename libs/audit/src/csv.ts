import { stringify, type Options } from 'csv-stringify/sync';

/**
 * CSV for French Excel, written by `csv-stringify`: `;` separator, CRLF, UTF-8 with a BOM (so that
 * accents survive), decimal comma. A cell is quoted when it holds `;`, a quote or a line break.
 * Cells that a spreadsheet would run as a formula (= + - @, tab, CR) are prefixed with an
 * apostrophe, so an exported title can never execute (CSV injection).
 *
 * The apostrophe is added by the `cast` below rather than by csv-stringify's `escape_formulas`,
 * which also escapes the full-width forms (＝ ＋ － ＠): exports must stay byte for byte what
 * they were (a board export's manifest carries its SHA-256). Values other than strings and
 * numbers are written as their text (`String(value)`), as before, not with the library's defaults
 * (`1` for true, JSON for objects).
 */
export const BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;

const OPTIONS: Options = {
  delimiter: ';',
  record_delimiter: '\r\n',
  // A lone CR or LF too, not only the CRLF record delimiter: Excel would end the row there.
  quoted_match: /[\r\n]/,
  cast: {
    string: (text) => (FORMULA_START.test(text) ? `'${text}` : text),
    number: (n) => String(n).replace('.', ','),
    bigint: (n) => String(n),
    boolean: (b) => String(b),
    date: (d) => String(d),
    object: (o) => String(o),
  },
};

/** One line, its CRLF included. */
export const csvLine = (cells: readonly unknown[]): string =>
  // An empty record is skipped by csv-stringify: it is still a line here.
  cells.length === 0 ? '\r\n' : stringify([cells as unknown[]], OPTIONS);

export const csvCell = (value: unknown): string => csvLine([value]).slice(0, -2);

export const csvDocument = (
  header: readonly string[],
  rows: readonly (readonly unknown[])[],
): string => BOM + csvLine(header) + rows.map(csvLine).join('');
