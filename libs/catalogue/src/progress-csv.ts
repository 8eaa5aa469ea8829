import { readFileSync } from 'node:fs';
import {
  isCalendarDate,
  isKnownOrganisation,
  textProblem,
  type CalendarDate,
} from '@cosinum/domain';
import { CatalogueValidationError, type CatalogueIssue } from './catalogue-issue';
import { decodeCsvText } from './decode-csv';
import { readCsvRecords, type CsvRecord } from './progress-csv-records';

export type ProgressField = 'externalId' | 'ministry' | 'value' | 'on' | 'note';

/** Where a field sits in the file: its header as written there, and its 1-based column number. */
export interface ProgressColumn {
  readonly name: string;
  readonly index: number;
}

export type ProgressColumns = Readonly<Record<Exclude<ProgressField, 'note'>, ProgressColumn>> & {
  readonly note?: ProgressColumn;
};

/** One validated line of a progress report. */
export interface ProgressRow {
  readonly line: number;
  readonly externalId: string;
  readonly ministry: string;
  readonly value: number;
  readonly on: CalendarDate;
  readonly note?: string;
  /** The file's columns, so that a later check can name the cell at fault as the file does. */
  readonly columns: ProgressColumns;
}

export interface ProgressCsv {
  readonly separator: ';' | ',';
  readonly columns: ProgressColumns;
  readonly rows: readonly ProgressRow[];
}

/**
 * Header names, compared without case, accents, spaces or punctuation: `Ministère`, `MINISTERE`
 * and `ministere` are one name. French first: the files come from French Excel.
 */
const ALIASES: Record<ProgressField, readonly string[]> = {
  externalId: [
    'engagement',
    'identifiant',
    'identifiant externe',
    'id externe',
    'external id',
    'commitment',
  ],
  ministry: ['ministère', 'ministry', 'code ministère', 'organisation'],
  value: ['valeur', 'value'],
  on: ['date', 'on'],
  note: ['note', 'commentaire', 'commentaires', 'comment', 'remarque'],
};

const normalise = (name: string): string =>
  name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

const FIELD_BY_NAME = new Map(
  Object.entries(ALIASES).flatMap(([field, names]) =>
    names.map((n) => [normalise(n), field as ProgressField]),
  ),
);

const REQUIRED = ['externalId', 'ministry', 'value', 'on'] as const;
const NOTE_MAX = 2000;

/**
 * Reads a progress report as French Excel saves it ("CSV UTF-8 (délimité par des
 * points-virgules)", or plain "CSV" in Windows-1252): one row per value, columns in any order. Every problem is collected and
 * reported at once, each with its line and column, in one {@link CatalogueValidationError}.
 * Whether the values suit their commitments is for the import to check, against the store.
 */
export const parseProgressCsv = (input: Buffer | string): ProgressCsv => {
  const text = typeof input === 'string' ? input.replace(/^\uFEFF/, '') : decodeCsvText(input);
  const { separator, records, issues } = readCsvRecords(text);
  if (issues.length > 0) throw new CatalogueValidationError(issues);
  const filled = records.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (filled.length === 0) {
    throw new CatalogueValidationError([
      {
        line: 1,
        column: 1,
        path: '',
        message: `the file is empty: expected a header line (${REQUIRED.map((f) => ALIASES[f][0]).join(';')};note) and one line per value`,
      },
    ]);
  }
  const [header, ...data] = filled;
  const columns = readHeader(header);
  if (data.length === 0) {
    throw new CatalogueValidationError([
      { line: header.line, column: 1, path: '', message: 'the file has a header but no values' },
    ]);
  }
  const problems: CatalogueIssue[] = [];
  const rows = data.flatMap((record) => {
    const row = readRow(record, columns, header.cells.length, problems);
    return row ? [row] : [];
  });
  if (problems.length > 0)
    throw new CatalogueValidationError(
      [...problems].sort((a, b) => a.line - b.line || a.column - b.column),
    );
  return { separator, columns, rows };
};

export const loadProgressCsvFile = (path: string): ProgressCsv =>
  parseProgressCsv(readFileSync(path));

/** `file:line: column: message`, the way a spreadsheet user finds the cell. */
export const formatProgressIssue = (issue: CatalogueIssue, file?: string): string =>
  `${file ? `${file}:` : 'line '}${issue.line}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`;

const readHeader = (header: CsvRecord): ProgressColumns => {
  const named = header.cells.filter((c) => c.trim() !== '');
  if (named.length === 1 && !FIELD_BY_NAME.has(normalise(named[0]))) {
    // One unknown column: most likely another separator (a tab), not five wrong names.
    throw new CatalogueValidationError([
      {
        line: header.line,
        column: 1,
        path: '',
        message:
          'the header has a single column: separate the columns with `;` (save as « CSV UTF-8 (délimité par des points-virgules) »)',
      },
    ]);
  }
  const issues: CatalogueIssue[] = [];
  const found: Partial<Record<ProgressField, ProgressColumn>> = {};
  header.cells.forEach((cell, i) => {
    const name = cell.trim();
    // Excel leaves empty header cells when a column further right was once used: no column.
    if (name === '') return;
    const at = { line: header.line, column: i + 1, path: name };
    const field = FIELD_BY_NAME.get(normalise(name));
    if (field === undefined) {
      issues.push({
        ...at,
        message: `unknown column: expected ${Object.values(ALIASES)
          .map((names) => names.slice(0, 2).join(' or '))
          .join(', ')}`,
      });
    } else if (found[field]) {
      issues.push({ ...at, message: `same column as "${found[field].name}"` });
    } else found[field] = { name, index: i + 1 };
  });
  for (const field of REQUIRED) {
    if (!found[field])
      issues.push({
        line: header.line,
        column: 1,
        path: ALIASES[field][0],
        message: `the column is missing (also accepted: ${ALIASES[field].slice(1).join(', ')})`,
      });
  }
  if (issues.length > 0) throw new CatalogueValidationError(issues);
  return found as ProgressColumns;
};

const readRow = (
  record: CsvRecord,
  columns: ProgressColumns,
  width: number,
  issues: CatalogueIssue[],
): ProgressRow | undefined => {
  const before = issues.length;
  const report = (column: ProgressColumn, message: string) =>
    issues.push({ line: record.line, column: column.index, path: column.name, message });
  const read = (column: ProgressColumn): string | undefined => {
    const value = (record.cells[column.index - 1] ?? '').trim();
    if (value === '') report(column, 'is empty');
    return value === '' ? undefined : value;
  };
  const named = new Set(Object.values(columns).map((c) => c.index));
  record.cells.forEach((cell, i) => {
    if (!named.has(i + 1) && cell.trim() !== '')
      report(
        { name: `column ${i + 1}`, index: i + 1 },
        i < width
          ? `"${cell.trim()}" is in a column with no header`
          : `"${cell.trim()}" is beyond the last column of the header`,
      );
  });

  const externalId = read(columns.externalId);
  const ministryCell = read(columns.ministry);
  const ministry = ministryCell?.toUpperCase();
  if (ministry !== undefined && !isKnownOrganisation(ministry)) {
    report(
      columns.ministry,
      `unknown ministry code "${ministryCell}" (see \`cosinum ministries\`)`,
    );
  }
  const valueCell = read(columns.value);
  const value = valueCell === undefined ? undefined : parseNumber(valueCell);
  if (valueCell !== undefined && value === undefined)
    report(columns.value, `"${valueCell}" is not a number (write 85,5 or 85.5)`);
  const dateCell = read(columns.on);
  const on = dateCell === undefined ? undefined : parseDate(dateCell);
  if (dateCell !== undefined && typeof on === 'object') report(columns.on, on.error);
  const note = columns.note && record.cells[columns.note.index - 1]?.trim();
  if (columns.note && note && note.length > NOTE_MAX)
    report(columns.note, `is ${note.length} characters long; at most ${NOTE_MAX}`);
  const noteProblem = columns.note && note ? textProblem(note) : undefined;
  if (columns.note && noteProblem) report(columns.note, noteProblem);

  if (issues.length > before) return undefined;
  return {
    line: record.line,
    externalId: externalId as string,
    ministry: ministry as string,
    value: value as number,
    on: on as CalendarDate,
    ...(note && { note }),
    columns,
  };
};

/**
 * A decimal comma or point; French Excel groups thousands with a (non-breaking) space and may
 * append ` %` to a cell formatted as a percentage: `1 234,5`, `85,50 %`. A point and a comma
 * together (`1.234,5`) are ambiguous and refused.
 */
const parseNumber = (cell: string): number | undefined => {
  let s = cell.replace(/\s*%$/, '');
  if (/^[+-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?$/.test(s))
    s = s.replace(/[ \u00a0\u202f]/g, '');
  if (!/^[+-]?\d+(?:[.,]\d+)?$/.test(s)) return undefined;
  return Number(s.replace(',', '.'));
};

/** `JJ/MM/AAAA` (Excel's French short date, day and month possibly on one digit) or ISO. */
const parseDate = (cell: string): CalendarDate | { error: string } => {
  const french = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(cell);
  const iso = french
    ? `${french[3]}-${french[2].padStart(2, '0')}-${french[1].padStart(2, '0')}`
    : /^\d{4}-\d{2}-\d{2}$/.test(cell)
      ? cell
      : undefined;
  if (iso === undefined)
    return { error: `"${cell}" is not a date: write JJ/MM/AAAA or YYYY-MM-DD` };
  if (!isCalendarDate(iso)) return { error: `${cell} is not a real calendar date` };
  return iso;
};
