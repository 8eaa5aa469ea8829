import type { Workbook } from 'exceljs';
import type { ExportCell } from '@cosinum/presentation';

/**
 * A workbook of ours, dated by the data it holds (not the wall clock): same data, same content.
 * exceljs is loaded here, on the first spreadsheet written, not when the server starts (about
 * 0.4 s of module loading that most starts never need).
 */
export const newWorkbook = async (createdAt: string): Promise<Workbook> => {
  const { Workbook } = await import('exceljs');
  const workbook = new Workbook();
  workbook.creator = 'cosinum-tracker';
  workbook.created = new Date(createdAt);
  workbook.modified = new Date(createdAt);
  return workbook;
};

/**
 * An Excel workbook of the view. Text is written as text: a title that starts with `=` stays a
 * string cell and is never a formula, so opening the file evaluates nothing.
 */
export const toWorkbook = async (
  header: readonly string[],
  rows: readonly (readonly ExportCell[])[],
  parameters: readonly (readonly [string, string])[],
  createdAt: string,
  /** Columns (0-based) of calendar dates (`YYYY-MM-DD` or `JJ/MM/AAAA`): written as Excel dates. */
  dateColumns: ReadonlySet<number> = new Set(),
): Promise<Buffer> => {
  // The view's date, not the wall clock: the same view gives the same content.
  const workbook = await newWorkbook(createdAt);
  const sheet = workbook.addWorksheet('Tableau de bord', {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.addRow([...header]).font = { bold: true };
  for (const row of rows)
    sheet.addRow(
      row.map((cell, i) =>
        // A date cell sorts and filters as a date in Excel; as text, 01/10 would sort before 02/09.
        dateColumns.has(i) && typeof cell === 'string' ? (asDate(cell) ?? cell) : (cell ?? null),
      ),
    );
  for (const i of dateColumns) sheet.getColumn(i + 1).numFmt = 'dd/mm/yyyy';
  sheet.columns.forEach((column, i) => {
    column.width = Math.min(60, Math.max(10, header[i].length + 2));
  });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: header.length } };
  const about = workbook.addWorksheet('Paramètres');
  about.addRow(['Paramètre', 'Valeur']).font = { bold: true };
  for (const [k, v] of parameters) about.addRow([k, v]);
  about.getColumn(1).width = 36;
  about.getColumn(2).width = 48;
  return Buffer.from(await workbook.xlsx.writeBuffer());
};

/** A calendar date cell (`2021-03-31` or `31/03/2021`) as the UTC midnight Excel shows as that day. */
const asDate = (cell: string): Date | undefined => {
  const french = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(cell);
  const iso = french ? `${french[3]}-${french[2]}-${french[1]}` : cell;
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T00:00:00Z`) : undefined;
};
