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

/**
 * Splits text into records the way Excel writes CSV: cells that hold the separator, a quote or a
 * line break are quoted, with `""` for a quote. Line ends may be CRLF, LF or a lone CR (Excel for
 * Mac). The separator is `;`, as French Excel writes it, unless the first line has none and has a
 * `,`; an Excel `sep=X` first line chooses it explicitly.
 */
export const readCsvRecords = (text: string): CsvRecords => {
  let start = 0;
  let firstLine = 1;
  let header = text.slice(0, lineEnd(text, 0));
  const hint = /^sep=([;,])$/i.exec(header);
  let separator: ';' | ',';
  if (hint) {
    separator = hint[1] as ';' | ',';
    start = skipLineBreak(text, header.length);
    firstLine = 2;
  } else {
    // Blank lines before the header do not count: the first one with text decides.
    for (let at = 0; header.trim() === '' && at < text.length;) {
      at = skipLineBreak(text, at + header.length);
      header = text.slice(at, lineEnd(text, at));
    }
    separator = !header.includes(';') && header.includes(',') ? ',' : ';';
  }
  return { separator, ...tokenize(text, start, firstLine, separator) };
};

const lineEnd = (text: string, from: number): number => {
  const match = /\r\n|\n|\r/.exec(text.slice(from));
  return match ? from + match.index : text.length;
};

const skipLineBreak = (text: string, at: number): number =>
  text.startsWith('\r\n', at) ? at + 2 : at < text.length ? at + 1 : at;

const tokenize = (
  text: string,
  start: number,
  firstLine: number,
  separator: string,
): { records: CsvRecord[]; issues: CatalogueIssue[] } => {
  const records: CsvRecord[] = [];
  const issues: CatalogueIssue[] = [];
  let line = firstLine;
  let recordLine = line;
  let cells: string[] = [];
  let cell = '';
  // A quote opens a quoted cell only as its first character; elsewhere it is kept as text.
  let atCellStart = true;
  let i = start;
  const endCell = () => {
    cells.push(cell);
    cell = '';
    atCellStart = true;
  };
  const endRecord = () => {
    endCell();
    records.push({ line: recordLine, cells });
    cells = [];
  };
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"' && atCellStart) {
      atCellStart = false;
      const openedOn = line;
      const column = cells.length + 1;
      i++;
      for (;;) {
        if (i >= text.length) {
          issues.push({
            line: openedOn,
            column,
            path: '',
            message: 'a quoted cell is never closed: a `"` is missing',
          });
          return { records, issues };
        }
        const q = text[i];
        if (q === '"' && text[i + 1] === '"') {
          cell += '"';
          i += 2;
        } else if (q === '"') {
          i++;
          break;
        } else if (q === '\r' || q === '\n') {
          // A line break kept inside a cell is normalised to LF, whatever the file uses.
          cell += '\n';
          i = skipLineBreak(text, i);
          line++;
        } else {
          cell += q;
          i++;
        }
      }
      const next = text[i];
      if (next !== undefined && next !== separator && next !== '\r' && next !== '\n') {
        issues.push({
          line,
          column,
          path: '',
          message: `unexpected text after a closing quote: a quote inside a quoted cell is written ""`,
        });
        // Keep the rest of the cell so that the record still has the right shape.
        while (i < text.length && ![separator, '\r', '\n'].includes(text[i])) cell += text[i++];
      }
    } else if (ch === separator) {
      endCell();
      i++;
    } else if (ch === '\r' || ch === '\n') {
      endRecord();
      i = skipLineBreak(text, i);
      line++;
      recordLine = line;
    } else {
      cell += ch;
      atCellStart = false;
      i++;
    }
  }
  // A file that ends with a line break has no record after it.
  if (cells.length > 0 || !atCellStart) endRecord();
  return { records, issues };
};
