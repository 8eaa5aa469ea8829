import type { Cell, CellValue, Worksheet } from 'exceljs';
import { readProgressCsv, readProgressRecords, type ProgressFile } from './progress-csv';
import type { CsvRecord } from './progress-csv-records';

/** An XLSX workbook is a ZIP archive: it starts with `PK\x03\x04`. */
export const isXlsx = (bytes: Buffer): boolean =>
  bytes.length >= 4 &&
  bytes[0] === 0x50 &&
  bytes[1] === 0x4b &&
  bytes[2] === 0x03 &&
  bytes[3] === 0x04;

/** A progress file, CSV or Excel workbook (told apart by their first bytes), read whole. */
export const readProgressFile = async (bytes: Buffer): Promise<ProgressFile> =>
  isXlsx(bytes) ? readProgressXlsx(bytes) : readProgressCsv(bytes);

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A cell's content as the CSV reader takes it: a date cell as `YYYY-MM-DD` (Excel keeps a day,
 * which exceljs gives as midnight UTC), a number as written in JavaScript (`85.5`), a number
 * formatted as a percentage as its percentage (Excel keeps `85 %` as 0.85), a formula by its
 * result, rich text and links by their text.
 */
const cellText = (cell: Cell): string => {
  const value: CellValue = cell.value;
  if (value === null || value === undefined) return '';
  if (value instanceof Date)
    return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
  if (typeof value === 'number') {
    const percent = typeof cell.numFmt === 'string' && cell.numFmt.includes('%');
    return String(percent ? Number((value * 100).toFixed(10)) : value);
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'object') {
    if ('result' in value && value.result !== undefined)
      return cellText({ value: value.result, numFmt: cell.numFmt } as Cell);
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('error' in value) return String(value.error);
  }
  return String(value as unknown);
};

/**
 * The first sheet with something in it, as records: one per row, its number the one Excel shows,
 * its cells as text; the same checks as a CSV file follow, columns named as in the sheet's header.
 */
export const readProgressXlsx = async (bytes: Buffer): Promise<ProgressFile> => {
  // Loaded on the first spreadsheet read, not when the server starts (see `newWorkbook`).
  const { Workbook } = await import('exceljs');
  const workbook = new Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return {
      format: 'xlsx',
      rows: [],
      lines: [],
      issues: [
        {
          line: 1,
          column: 1,
          path: '',
          message: 'the file is not a readable Excel workbook (.xlsx)',
          messageFr: 'le fichier n’est pas un classeur Excel lisible',
          expectedFr: 'un classeur Excel (.xlsx) enregistré depuis Excel ou LibreOffice, ou un CSV',
        },
      ],
    };
  }
  const sheet: Worksheet | undefined =
    workbook.worksheets.find((s) => s.actualRowCount > 0) ?? workbook.worksheets[0];
  const records: CsvRecord[] = [];
  sheet?.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cellText(cell);
    });
    records.push({ line: number, cells: Array.from(cells, (c) => c ?? '') });
  });
  return readProgressRecords(records, 'xlsx');
};
