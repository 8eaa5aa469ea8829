import { CsvError, parse } from 'csv-parse/sync';
import type { CatalogueIssue } from './catalogue-issue';

/** One CSV record: its cells, unquoted, and the line it starts on (a quoted cell may span lines). */
export interface CsvRecord {
  readonly line: number;
  readonly cells: readonly string[];
}

export interface CsvRecords {
  readonly separator: ';' | ',';
  readonly records: readonly CsvRecord[];
  readonly issues: readonly CatalogueIssue[];
}

const LINE_BREAK = /\r\n|\n|\r/g;

/**
 * Splits text into records the way Excel writes CSV, with `csv-parse`: cells that hold the
 * separator, a quote or a line break are quoted, with `""` for a quote; a quote elsewhere in a
 * cell is kept as text. Line ends may be CRLF, LF or a lone CR (Excel for Mac); a line break kept
 * inside a cell is normalised to LF. The separator is `;`, as French Excel writes it, unless the
 * first line has none and has a `,`; an Excel `sep=X` first line chooses it explicitly.
 *
 * Kept by hand: choosing the separator (csv-parse takes one, or treats several as all valid), and
 * the line each record starts on (csv-parse counts a CRLF inside a quoted cell as two lines).
 */
export const readCsvRecords = (text: string): CsvRecords => {
  const first = /\r\n|\n|\r|$/.exec(text) as RegExpExecArray;
  const hint = /^sep=([;,])$/i.exec(text.slice(0, first.index));
  if (hint) {
    const rest = text.slice(first.index + first[0].length);
    return { separator: hint[1] as ';' | ',', ...tokenize(rest, 2, hint[1]) };
  }
  // Blank lines before the header do not count: the first one with text decides.
  const header = text.split(LINE_BREAK).find((l) => l.trim() !== '') ?? '';
  const separator = !header.includes(';') && header.includes(',') ? ',' : ';';
  return { separator, ...tokenize(text, 1, separator) };
};

const tokenize = (
  text: string,
  firstLine: number,
  separator: string,
): { records: CsvRecord[]; issues: CatalogueIssue[] } => {
  const records: CsvRecord[] = [];
  let line = firstLine;
  try {
    parse(text, {
      delimiter: separator,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: false,
      on_record: (cells: string[]) => {
        records.push({ line, cells: cells.map((c) => c.replace(LINE_BREAK, '\n')) });
        line += 1 + cells.reduce((n, c) => n + (c.match(LINE_BREAK)?.length ?? 0), 0);
        return null;
      },
    });
  } catch (error) {
    if (error instanceof CsvError && error.code === 'CSV_QUOTE_NOT_CLOSED') {
      // The record being read when the text ran out starts on the line after the last one read.
      const column = typeof error.column === 'number' ? error.column + 1 : 1;
      return {
        records,
        issues: [
          { line, column, path: '', message: 'a quoted cell is never closed: a `"` is missing' },
        ],
      };
    }
    throw error;
  }
  return { records, issues: [] };
};
