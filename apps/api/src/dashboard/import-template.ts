import type { Worksheet } from 'exceljs';
import { csvDocument } from '@cosinum/audit';
import { TEMPLATE_COLUMNS } from '@cosinum/catalogue';
import { frenchDate, type CalendarDate, type StatusItem } from '@cosinum/domain';
import { newWorkbook } from './export-xlsx';

/** The board's states that still await a value: the template lists these items. */
const CLOSED = new Set(['met', 'exempt', 'withdrawn']);

/** One line of the template: an open item of the ministry, with what it last declared. */
export interface TemplateItem {
  readonly externalId: string;
  readonly title: string;
  readonly ministry: string;
  readonly kind: StatusItem['kind'];
  readonly unit?: string;
  readonly target: number;
  readonly latestValue: number | null;
  readonly latestOn: CalendarDate | null;
}

/**
 * The items of a board a ministry still has to report on (not met, exempt or withdrawn). One line
 * per commitment: an item taken over from a predecessor is listed only when the ministry holds no
 * item of its own there (its line then reaches the item it took over, as on the API).
 */
export const templateItems = (items: readonly StatusItem[]): TemplateItem[] => {
  const own = new Set(items.filter((i) => !i.takenOverFrom).map((i) => i.commitmentId));
  return items
    .filter((i) => !CLOSED.has(i.state) && i.externalId !== undefined)
    .filter((i) => !i.takenOverFrom || !own.has(i.commitmentId))
    .map((i) => ({
      externalId: i.externalId as string,
      title: i.title,
      ministry: i.ministry,
      kind: i.kind,
      ...(i.unit !== undefined && { unit: i.unit }),
      target: i.target,
      latestValue: i.latestValue,
      latestOn: i.latestOn,
    }))
    .sort((a, b) => a.externalId.localeCompare(b.externalId));
};

const NUMBER = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 6, useGrouping: false });

/** What to write in `valeur` for this item, in French: the line tells it, not a manual. */
export const instructionFor = (item: Pick<TemplateItem, 'kind' | 'unit' | 'target'>): string => {
  switch (item.kind) {
    case 'boolean':
      return '«\u202foui\u202f» (ou 1) une fois l’action réalisée, «\u202fnon\u202f» (ou 0) sinon';
    case 'percentage':
      return `un pourcentage de 0 à 100 (objectif\u202f: ${NUMBER.format(item.target)})`;
    case 'score':
      return `une note sur 10 (objectif\u202f: ${NUMBER.format(item.target)})`;
    case 'count':
      return `un nombre${item.unit ? ` (${item.unit})` : ''} (objectif\u202f: ${NUMBER.format(item.target)})`;
  }
};

/** The last value as the template shows it: a yes/no action's as « oui »/« non ». */
const lastValueText = (item: TemplateItem): string | number | null =>
  item.latestValue === null
    ? null
    : item.kind === 'boolean'
      ? item.latestValue >= 1
        ? 'oui'
        : 'non'
      : item.latestValue;

export const templateFileName = (code: string, today: CalendarDate, ext: 'csv' | 'xlsx') =>
  `modele-avancement-${code}-${today}.${ext}`;

const HEADER = TEMPLATE_COLUMNS.map((c) => c.name);

/** The template as French Excel reads a CSV: `;`, BOM, CRLF, decimal comma, JJ/MM/AAAA. */
export const templateCsv = (items: readonly TemplateItem[]): string =>
  csvDocument(
    HEADER,
    items.map((item) => [
      item.externalId,
      item.title,
      item.ministry,
      lastValueText(item) ?? '',
      item.latestOn ? frenchDate(item.latestOn) : '',
      instructionFor(item),
      '',
      '',
      '',
    ]),
  );

const GREY = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEEEEEE' } } as const;
const GREY_TEXT = { color: { argb: 'FF555555' } };
const WIDTHS: Record<string, number> = {
  externalId: 44,
  title: 60,
  ministry: 12,
  lastValue: 16,
  lastOn: 16,
  instruction: 44,
  value: 14,
  on: 14,
  note: 40,
};
const HEADER_NOTES: Partial<Record<string, string>> = {
  externalId: 'Identifiant de l’engagement : ne pas le modifier.',
  title: 'Pour information : cette colonne n’est pas lue à l’import.',
  ministry: 'Code de votre ministère : ne pas le modifier.',
  lastValue: 'Pour information : la dernière valeur enregistrée. Cette colonne n’est pas lue.',
  lastOn: 'Pour information : la date de la dernière valeur. Cette colonne n’est pas lue.',
  instruction: 'Pour information : ce qu’il faut écrire dans « valeur » pour cet engagement.',
  value:
    'À remplir : la valeur atteinte (nombre, ou « oui » / « non » pour une action). Laissez la ligne vide si vous n’avez rien à déclarer.',
  on: 'À remplir : la date à laquelle la valeur a été atteinte (JJ/MM/AAAA).',
  note: 'Facultatif : un commentaire.',
};

/**
 * The template as an Excel workbook: real date cells, a frozen header with a note on each
 * column, widths, the informative columns greyed (and said so), and each line's expected value
 * checked by Excel as it is typed (a list « oui »/« non » for an action, a range for a rate).
 */
export const templateXlsx = async (
  items: readonly TemplateItem[],
  createdAt: string,
): Promise<Buffer> => {
  const workbook = await newWorkbook(createdAt);
  const sheet: Worksheet = workbook.addWorksheet('Avancement', {
    views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }],
  });
  const header = sheet.addRow(HEADER);
  header.font = { bold: true };
  TEMPLATE_COLUMNS.forEach((c, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = WIDTHS[c.field];
    const cell = header.getCell(i + 1);
    cell.note = HEADER_NOTES[c.field] ?? '';
    if (c.informative) {
      cell.fill = GREY;
      cell.font = { bold: true, ...GREY_TEXT };
    }
  });
  const at = (field: string) => TEMPLATE_COLUMNS.findIndex((c) => c.field === field) + 1;
  for (const item of items) {
    const row = sheet.addRow([
      item.externalId,
      item.title,
      item.ministry,
      lastValueText(item),
      item.latestOn ? new Date(`${item.latestOn}T00:00:00Z`) : null,
      instructionFor(item),
      null,
      null,
      null,
    ]);
    TEMPLATE_COLUMNS.forEach((c, i) => {
      if (!c.informative) return;
      const cell = row.getCell(i + 1);
      cell.fill = GREY;
      cell.font = GREY_TEXT;
    });
    row.getCell(at('lastOn')).numFmt = 'dd/mm/yyyy';
    row.getCell(at('title')).alignment = { wrapText: true, vertical: 'top' };
    const date = row.getCell(at('on'));
    date.numFmt = 'dd/mm/yyyy';
    date.dataValidation = {
      type: 'date',
      operator: 'greaterThan',
      allowBlank: true,
      formulae: [new Date('2000-01-01T00:00:00Z')],
      showErrorMessage: true,
      errorTitle: 'Date',
      error: 'Écrivez une date JJ/MM/AAAA.',
    };
    const value = row.getCell(at('value'));
    value.dataValidation =
      item.kind === 'boolean'
        ? {
            type: 'list',
            allowBlank: true,
            formulae: ['"oui,non"'],
            showErrorMessage: true,
            errorTitle: 'Action à réaliser',
            error: 'Choisissez « oui » une fois l’action réalisée, ou « non ».',
          }
        : {
            type: 'decimal',
            operator: 'between',
            allowBlank: true,
            formulae: [0, item.kind === 'percentage' ? 100 : item.kind === 'score' ? 10 : 1e15],
            showErrorMessage: true,
            errorTitle: 'Valeur',
            error: instructionFor(item),
          };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
};
