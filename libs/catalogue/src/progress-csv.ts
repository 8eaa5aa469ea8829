import { readFileSync } from 'node:fs';
import {
  frenchDate,
  isCalendarDate,
  isKnownOrganisation,
  textProblem,
  type CalendarDate,
} from '@cosinum/domain';
import { CatalogueValidationError, type CatalogueIssue } from './catalogue-issue';
import { decodeCsvText } from './decode-csv';
import { readCsvRecords, type CsvRecord } from './progress-csv-records';

export type ProgressField = 'externalId' | 'ministry' | 'value' | 'on' | 'note';

/**
 * Columns of the template that help the person filling it and are not read back: the title, the
 * last value recorded and its date, and what to write.
 */
export type InformativeField = 'title' | 'lastValue' | 'lastOn' | 'instruction';

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
  /** The yes/no word written for the value (« oui », « fait »…): only a yes/no action takes it. */
  readonly valueWord?: string;
  readonly on: CalendarDate;
  readonly note?: string;
  /** The file's columns, so that a later check can name the cell at fault as the file does. */
  readonly columns: ProgressColumns;
}

/** A data line of the file as written (for a preview), whether it was read or not. */
export interface ProgressLine {
  readonly line: number;
  readonly cells: Readonly<Partial<Record<ProgressField | 'title', string>>>;
  /** A template line left as it came: no value, no date. Skipped, not an error. */
  readonly untouched: boolean;
}

export interface ProgressCsv {
  readonly separator: ';' | ',';
  readonly columns: ProgressColumns;
  readonly rows: readonly ProgressRow[];
}

/**
 * A progress file read whole, never thrown: the rows that could be read, every data line as
 * written, and every problem found, in line order. The store's checks come after
 * (`checkProgress`), on the rows.
 */
export interface ProgressFile {
  readonly format: 'csv' | 'xlsx';
  /** A CSV file's separator. */
  readonly separator?: ';' | ',';
  /** Absent when the header could not be read. */
  readonly columns?: ProgressColumns;
  readonly rows: readonly ProgressRow[];
  readonly lines: readonly ProgressLine[];
  readonly issues: readonly CatalogueIssue[];
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

const INFORMATIVE: Record<InformativeField, readonly string[]> = {
  title: ['titre', 'intitulé', 'title'],
  lastValue: ['dernière valeur', 'dernière valeur enregistrée', 'last value'],
  lastOn: ['date de la dernière valeur', 'date dernière valeur', 'last value date'],
  instruction: ['à écrire dans valeur', 'consigne', 'instruction'],
};

/** The template's header, in its order: the names this parser reads back. */
export const TEMPLATE_COLUMNS = [
  { field: 'externalId', name: ALIASES.externalId[0], informative: false },
  { field: 'title', name: INFORMATIVE.title[0], informative: true },
  { field: 'ministry', name: ALIASES.ministry[0], informative: false },
  { field: 'lastValue', name: INFORMATIVE.lastValue[0], informative: true },
  { field: 'lastOn', name: INFORMATIVE.lastOn[0], informative: true },
  { field: 'instruction', name: INFORMATIVE.instruction[0], informative: true },
  { field: 'value', name: ALIASES.value[0], informative: false },
  { field: 'on', name: ALIASES.on[0], informative: false },
  { field: 'note', name: ALIASES.note[1], informative: false },
] as const;

/** The words a yes/no action takes for its value, as a person writes them. */
const YES = ['oui', 'réalisé', 'realise', 'réalisée', 'fait', 'faite', 'yes', 'done'];
const NO = ['non', 'non réalisé', 'non réalisée', 'pas encore', 'pas fait', 'no'];

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
const INFORMATIVE_BY_NAME = new Map(
  Object.entries(INFORMATIVE).flatMap(([field, names]) =>
    names.map((n) => [normalise(n), field as InformativeField]),
  ),
);
const WORDS = new Map([
  ...YES.map((w) => [normalise(w), 1] as const),
  ...NO.map((w) => [normalise(w), 0] as const),
]);

const REQUIRED = ['externalId', 'ministry', 'value', 'on'] as const;
const NOTE_MAX = 2000;
const DATE_EXPECTED = 'une date JJ/MM/AAAA, par exemple 31/03/2021';

const byPlace = (a: CatalogueIssue, b: CatalogueIssue) => a.line - b.line || a.column - b.column;

/**
 * Reads a progress report as French Excel saves it ("CSV UTF-8 (délimité par des
 * points-virgules)", or plain "CSV" in Windows-1252): one row per value, columns in any order. Every problem is collected and
 * reported at once, each with its line and column, in one {@link CatalogueValidationError}.
 * Whether the values suit their commitments is for the import to check, against the store.
 */
export const parseProgressCsv = (input: Buffer | string): ProgressCsv => {
  const file = readProgressCsv(input);
  if (file.issues.length > 0) throw new CatalogueValidationError(file.issues);
  return {
    separator: file.separator as ';' | ',',
    columns: file.columns as ProgressColumns,
    rows: file.rows,
  };
};

/** The CSV file read whole: rows, lines and every problem (see {@link ProgressFile}). */
export const readProgressCsv = (input: Buffer | string): ProgressFile => {
  let text: string;
  try {
    text = typeof input === 'string' ? input.replace(/^\uFEFF/, '') : decodeCsvText(input);
  } catch (error) {
    if (!(error instanceof CatalogueValidationError)) throw error;
    return {
      format: 'csv',
      rows: [],
      lines: [],
      issues: error.issues.map((i) => ({
        ...i,
        messageFr: 'le fichier n’est pas un texte enregistré en UTF-8 ni en Windows-1252',
        expectedFr:
          'un fichier enregistré depuis Excel au format «\u202fCSV UTF-8 (délimité par des points-virgules)\u202f», ou un classeur Excel (.xlsx)',
      })),
    };
  }
  const { separator, records, issues } = readCsvRecords(text);
  if (issues.length > 0)
    return {
      format: 'csv',
      rows: [],
      lines: [],
      issues: issues.map((i) => ({
        ...i,
        messageFr: 'une cellule entre guillemets n’est jamais fermée',
        expectedFr: 'un guillemet («\u202f"\u202f») qui ferme la cellule',
      })),
    };
  return { ...readProgressRecords(records, 'csv'), separator };
};

/** The rows of a progress file, from its records (CSV lines or spreadsheet rows, cells as text). */
export const readProgressRecords = (
  records: readonly CsvRecord[],
  format: 'csv' | 'xlsx',
): ProgressFile => {
  const filled = records.filter((r) => r.cells.some((c) => c.trim() !== ''));
  const refused = (issue: CatalogueIssue): ProgressFile => ({
    format,
    rows: [],
    lines: [],
    issues: [issue],
  });
  if (filled.length === 0)
    return refused({
      line: 1,
      column: 1,
      path: '',
      message: `the file is empty: expected a header line (${REQUIRED.map((f) => ALIASES[f][0]).join(';')};note) and one line per value`,
      messageFr: 'le fichier est vide',
      expectedFr:
        'une ligne d’en-tête (engagement, ministère, valeur, date, commentaire) puis une ligne par valeur\u202f: partez du modèle à télécharger',
    });
  const [header, ...data] = filled;
  const head = readHeader(header);
  if ('issues' in head) return { format, rows: [], lines: [], issues: head.issues };
  const { columns, title } = head;
  if (data.length === 0)
    return refused({
      line: header.line,
      column: 1,
      path: '',
      message: 'the file has a header but no values',
      messageFr: 'le fichier n’a qu’une ligne d’en-tête',
      expectedFr: 'une ligne par valeur sous l’en-tête',
    });
  const problems: CatalogueIssue[] = [];
  const rows: ProgressRow[] = [];
  const lines: ProgressLine[] = [];
  for (const record of data) {
    const cell = (column: ProgressColumn | undefined) =>
      column ? (record.cells[column.index - 1] ?? '').trim() : '';
    const untouched = cell(columns.value) === '' && cell(columns.on) === '';
    lines.push({
      line: record.line,
      cells: {
        externalId: cell(columns.externalId),
        title: cell(title),
        ministry: cell(columns.ministry),
        value: cell(columns.value),
        on: cell(columns.on),
        note: cell(columns.note),
      },
      untouched: untouched && cell(columns.note) === '',
    });
    const row = readRow(record, columns, head.named, header.cells.length, problems);
    if (row) rows.push(row);
  }
  if (problems.length === 0 && rows.length === 0)
    problems.push({
      line: header.line,
      column: columns.value.index,
      path: columns.value.name,
      message: 'no line gives a value: every line was left without value and date',
      messageFr: 'aucune ligne ne donne de valeur',
      expectedFr: 'au moins une ligne avec sa valeur et sa date',
    });
  return { format, columns, rows, lines, issues: problems.sort(byPlace) };
};

export const loadProgressCsvFile = (path: string): ProgressCsv =>
  parseProgressCsv(readFileSync(path));

/** `file:line: column: message`, the way a spreadsheet user finds the cell. */
export const formatProgressIssue = (issue: CatalogueIssue, file?: string): string =>
  `${file ? `${file}:` : 'line '}${issue.line}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`;

/** The names every column may take, in French, for a message: « engagement », « ministère »… */
const FRENCH_NAMES = [...Object.values(ALIASES), ...Object.values(INFORMATIVE)]
  .map((names) => `«\u202f${names[0]}\u202f»`)
  .join(', ');

interface Header {
  readonly columns: ProgressColumns;
  readonly title?: ProgressColumn;
  /** Every column the file names, read or informative: a cell elsewhere is out of place. */
  readonly named: ReadonlySet<number>;
}

const readHeader = (header: CsvRecord): Header | { issues: CatalogueIssue[] } => {
  const named = header.cells.filter((c) => c.trim() !== '');
  const known = (name: string) =>
    FIELD_BY_NAME.has(normalise(name)) || INFORMATIVE_BY_NAME.has(normalise(name));
  if (named.length === 1 && !known(named[0])) {
    // One unknown column: most likely another separator (a tab), not five wrong names.
    return {
      issues: [
        {
          line: header.line,
          column: 1,
          path: '',
          message:
            'the header has a single column: separate the columns with `;` (save as « CSV UTF-8 (délimité par des points-virgules) »)',
          messageFr: 'l’en-tête n’a qu’une colonne',
          expectedFr:
            'des colonnes séparées par «\u202f;\u202f»\u202f: enregistrez au format «\u202fCSV UTF-8 (délimité par des points-virgules)\u202f»',
        },
      ],
    };
  }
  const issues: CatalogueIssue[] = [];
  const found: Partial<Record<ProgressField, ProgressColumn>> = {};
  const informative: Partial<Record<InformativeField, ProgressColumn>> = {};
  const all = new Set<number>();
  header.cells.forEach((cell, i) => {
    const name = cell.trim();
    // Excel leaves empty header cells when a column further right was once used: no column.
    if (name === '') return;
    const at = { line: header.line, column: i + 1, path: name };
    const field = FIELD_BY_NAME.get(normalise(name));
    const extra = INFORMATIVE_BY_NAME.get(normalise(name));
    const earlier = field ? found[field] : extra ? informative[extra] : undefined;
    if (field === undefined && extra === undefined) {
      issues.push({
        ...at,
        message: `unknown column: expected ${Object.values(ALIASES)
          .map((names) => names.slice(0, 2).join(' or '))
          .join(', ')}`,
        messageFr: `la colonne «\u202f${name}\u202f» est inconnue`,
        expectedFr: `l’une des colonnes du modèle\u202f: ${FRENCH_NAMES}`,
      });
    } else if (earlier) {
      issues.push({
        ...at,
        message: `same column as "${earlier.name}"`,
        messageFr: `cette colonne répète la colonne «\u202f${earlier.name}\u202f»`,
        expectedFr: 'une seule colonne de chaque sorte',
      });
    } else {
      all.add(i + 1);
      if (field) found[field] = { name, index: i + 1 };
      else informative[extra as InformativeField] = { name, index: i + 1 };
    }
  });
  for (const field of REQUIRED) {
    if (!found[field])
      issues.push({
        line: header.line,
        column: 1,
        path: ALIASES[field][0],
        message: `the column is missing (also accepted: ${ALIASES[field].slice(1).join(', ')})`,
        messageFr: `la colonne «\u202f${ALIASES[field][0]}\u202f» manque`,
        expectedFr: `une colonne «\u202f${ALIASES[field][0]}\u202f» dans l’en-tête (acceptés aussi\u202f: ${ALIASES[field].slice(1).join(', ')})`,
      });
  }
  if (issues.length > 0) return { issues };
  return { columns: found as ProgressColumns, title: informative.title, named: all };
};

const readRow = (
  record: CsvRecord,
  columns: ProgressColumns,
  named: ReadonlySet<number>,
  width: number,
  issues: CatalogueIssue[],
): ProgressRow | undefined => {
  const before = issues.length;
  const report = (column: ProgressColumn, message: string, fr: string, expected: string) =>
    issues.push({
      line: record.line,
      column: column.index,
      path: column.name,
      message,
      messageFr: fr,
      expectedFr: expected,
    });
  const text = (column: ProgressColumn | undefined) =>
    column ? (record.cells[column.index - 1] ?? '').trim() : '';
  record.cells.forEach((cell, i) => {
    if (!named.has(i + 1) && cell.trim() !== '')
      report(
        { name: `column ${i + 1}`, index: i + 1 },
        i < width
          ? `"${cell.trim()}" is in a column with no header`
          : `"${cell.trim()}" is beyond the last column of the header`,
        i < width
          ? `«\u202f${cell.trim()}\u202f» est dans une colonne sans en-tête`
          : `«\u202f${cell.trim()}\u202f» est au-delà de la dernière colonne de l’en-tête`,
        'des cellules remplies seulement sous les colonnes nommées dans l’en-tête',
      );
  });

  const valueCell = text(columns.value);
  const dateCell = text(columns.on);
  const note = text(columns.note);
  if (valueCell === '' && dateCell === '') {
    // A template line left as it came is skipped; a comment alone would be lost: say so.
    if (note !== '' && columns.note)
      report(
        columns.value,
        'a note without a value nor a date: write the value and its date, or clear the note',
        'un commentaire sans valeur ni date',
        'la valeur et sa date, ou aucun commentaire',
      );
    return undefined;
  }
  const required = (column: ProgressColumn, fr: string, expected: string): string | undefined => {
    const value = text(column);
    if (value === '') report(column, 'is empty', fr, expected);
    return value === '' ? undefined : value;
  };
  const externalId = required(
    columns.externalId,
    'l’identifiant de l’engagement manque',
    'l’identifiant de l’engagement, tel que le modèle l’écrit',
  );
  const ministryCell = required(
    columns.ministry,
    'le code du ministère manque',
    'le code du ministère, par exemple MI',
  );
  const ministry = ministryCell?.toUpperCase();
  if (ministry !== undefined && !isKnownOrganisation(ministry)) {
    report(
      columns.ministry,
      `unknown ministry code "${ministryCell}" (see \`cosinum ministries\`)`,
      `le code de ministère «\u202f${ministryCell}\u202f» est inconnu`,
      'le code d’un ministère, par exemple MI ou MEFR',
    );
  }
  let value: number | undefined;
  let valueWord: string | undefined;
  if (valueCell === '')
    report(
      columns.value,
      'is empty while the date is given: write the value reached on that date',
      'la date est donnée sans valeur',
      'la valeur atteinte à cette date, ou aucune date',
    );
  else {
    value = parseFrenchNumber(valueCell);
    if (value === undefined) {
      value = WORDS.get(normalise(valueCell));
      if (value !== undefined) valueWord = valueCell;
    }
    if (value === undefined)
      report(
        columns.value,
        `"${valueCell}" is not a number (write 85,5 or 85.5)`,
        `«\u202f${valueCell}\u202f» n’est pas un nombre`,
        'un nombre, par exemple 85,5, ou «\u202foui\u202f» / «\u202fnon\u202f» pour une action à réaliser',
      );
  }
  let on: CalendarDate | undefined;
  if (dateCell === '')
    report(
      columns.on,
      'is empty while the value is given: write the date the value was reached',
      'la valeur est donnée sans date',
      `la date à laquelle la valeur a été atteinte\u202f: ${DATE_EXPECTED}`,
    );
  else {
    const parsed = parseFrenchDate(dateCell);
    if (typeof parsed === 'object') report(columns.on, parsed.error, parsed.fr, DATE_EXPECTED);
    else on = parsed;
  }
  if (columns.note && note.length > NOTE_MAX)
    report(
      columns.note,
      `is ${note.length} characters long; at most ${NOTE_MAX}`,
      `le commentaire compte ${note.length} caractères`,
      `au plus ${NOTE_MAX.toLocaleString('fr-FR')} caractères`,
    );
  const noteProblem = columns.note && note ? textProblem(note) : undefined;
  if (columns.note && noteProblem)
    report(
      columns.note,
      noteProblem,
      'le commentaire contient un caractère invisible ou de contrôle',
      'du texte seulement',
    );

  if (issues.length > before) return undefined;
  return {
    line: record.line,
    externalId: externalId as string,
    ministry: ministry as string,
    value: value as number,
    ...(valueWord !== undefined && { valueWord }),
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
export const parseFrenchNumber = (cell: string): number | undefined => {
  let s = cell.replace(/\s*%$/, '');
  if (/^[+-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?$/.test(s))
    s = s.replace(/[ \u00a0\u202f]/g, '');
  if (!/^[+-]?\d+(?:[.,]\d+)?$/.test(s)) return undefined;
  return Number(s.replace(',', '.'));
};

/** `JJ/MM/AAAA` (Excel's French short date, day and month possibly on one digit) or ISO. */
export const parseFrenchDate = (cell: string): CalendarDate | { error: string; fr: string } => {
  const french = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(cell);
  const iso = french
    ? `${french[3]}-${french[2].padStart(2, '0')}-${french[1].padStart(2, '0')}`
    : /^\d{4}-\d{2}-\d{2}$/.test(cell)
      ? cell
      : undefined;
  if (iso === undefined)
    return {
      error: `"${cell}" is not a date: write JJ/MM/AAAA or YYYY-MM-DD`,
      fr: `«\u202f${cell}\u202f» n’est pas une date`,
    };
  if (!isCalendarDate(iso))
    return {
      error: `${cell} is not a real calendar date`,
      fr: `le ${french ? cell : frenchDate(iso as CalendarDate)} n’existe pas dans le calendrier`,
    };
  return iso;
};
