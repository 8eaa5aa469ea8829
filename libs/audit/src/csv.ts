/**
 * CSV for French Excel: `;` separator, CRLF, UTF-8 with a BOM (so that accents survive), decimal
 * comma. Cells that a spreadsheet would run as a formula (= + - @, tab, CR) are prefixed with an
 * apostrophe, so an exported title can never execute (CSV injection).
 */
export const BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;

export const csvCell = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? String(value).replace('.', ',') : String(value);
  if (typeof value !== 'number' && FORMULA_START.test(text)) text = `'${text}`;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export const csvLine = (cells: readonly unknown[]): string => `${cells.map(csvCell).join(';')}\r\n`;

export const csvDocument = (
  header: readonly string[],
  rows: readonly (readonly unknown[])[],
): string => BOM + csvLine(header) + rows.map(csvLine).join('');
