import { frenchDate, parisDateOf, type StatusItem } from '@cosinum/domain';
import { DATE_COLUMNS, ITEM_COLUMNS, PROGRESS_COLUMNS, type ExportCell } from './export-columns';
import { deadlineWindow, type DashboardQuery } from './dashboard-query';
import { STATE_LABELS, documentTitle, ministryName } from './labels';
import type { CommitmentSummary, Overview } from './overview.model';

/** The dashboard's export: the item columns, with the view's number, document and mission. */
const DASHBOARD_COLUMNS: readonly ({ header: string } & (
  | { cell: (i: StatusItem) => ExportCell }
  | { ofCommitment: (c?: { commitment: CommitmentSummary; number: number }) => ExportCell }
))[] = [
  ITEM_COLUMNS.ministryCode,
  ITEM_COLUMNS.ministry,
  { header: 'N°', ofCommitment: (c) => c?.number ?? null },
  ITEM_COLUMNS.title,
  ITEM_COLUMNS.id,
  ITEM_COLUMNS.externalId,
  {
    header: 'Document source',
    ofCommitment: (c) => (c ? documentTitle(c.commitment.document) : ''),
  },
  { header: 'Mission', ofCommitment: (c) => c?.commitment.mission ?? '' },
  ITEM_COLUMNS.state,
  ITEM_COLUMNS.deadline,
  ITEM_COLUMNS.originalDeadline,
  ITEM_COLUMNS.deadlineWording,
  ITEM_COLUMNS.extensions,
  ITEM_COLUMNS.target,
  ITEM_COLUMNS.latestValue,
  ITEM_COLUMNS.latestOn,
  ...PROGRESS_COLUMNS,
  ITEM_COLUMNS.metOn,
  ITEM_COLUMNS.daysLate,
  ITEM_COLUMNS.forecast,
  ITEM_COLUMNS.reasons,
];

export const EXPORT_HEADER: readonly string[] = DASHBOARD_COLUMNS.map((c) => c.header);

/** Which columns of {@link EXPORT_HEADER} hold dates: Excel gets them as dates, to sort and filter. */
export const EXPORT_DATE_COLUMNS: ReadonlySet<number> = new Set(
  DASHBOARD_COLUMNS.flatMap((c, i) => (DATE_COLUMNS.has(c) ? [i] : [])),
);

/** The rows of the current view: one per shown (commitment, ministry), in board order. */
export const exportRows = (o: Overview): ExportCell[][] => {
  const columns = new Map<string, { commitment: CommitmentSummary; number: number }>();
  for (const g of o.groups) for (const c of g.columns) columns.set(c.commitment.id, c);
  return o.items.map((i) => {
    const c = columns.get(i.commitmentId);
    return DASHBOARD_COLUMNS.map((column) =>
      'cell' in column ? column.cell(i) : column.ofCommitment(c),
    );
  });
};

/**
 * « R2 (en vigueur depuis le 01/04/2021) »: how a page or a file names its rule set, after
 * « selon les règles ». The store's first rule set applies from the start (`ruleSetInForce`),
 * whatever the day it was recorded: it is named as such.
 */
export const rulesText = (rules: Overview['rules']): string =>
  rules.id === 'configuration'
    ? 'de la configuration (aucune règle adoptée)'
    : rules.initial
      ? `${rules.id} (jeu initial)`
      : `${rules.id} (en vigueur depuis le ${frenchDate(rules.effectiveFrom)})`;

/**
 * What the view was: written beside the data, so that a file says where it came from, and under
 * which rule set its states were evaluated (`GET /api/status-rules` lists them).
 */
export const exportParameters = (
  q: DashboardQuery,
  rules: Overview['rules'],
): [string, string][] => {
  const f = q.filters;
  const window = deadlineWindow(f, q.moment);
  return [
    ['Situation au', `${frenchDate(parisDateOf(q.moment.asOf))} (${q.moment.asOf})`],
    [
      'Selon les informations connues au',
      `${frenchDate(parisDateOf(q.moment.knownAt))} (${q.moment.knownAt})`,
    ],
    ['Document source', f.document ? documentTitle(f.document) : 'tous'],
    ['Mission', f.mission ?? 'toutes'],
    ['Ministère', f.ministry ? ministryName(f.ministry) : 'tous'],
    ['États', f.states.length > 0 ? f.states.map((s) => STATE_LABELS[s]).join(', ') : 'tous'],
    ['Échéance à partir du', window.from ? frenchDate(window.from) : '—'],
    ['Échéance jusqu’au', window.to ? frenchDate(window.to) : '—'],
    ['Règles d’évaluation des états', rulesText(rules)],
  ];
};

export const exportFileName = (q: DashboardQuery, extension: string): string =>
  `tableau-de-bord-cosinum-${parisDateOf(q.moment.asOf)}.${extension}`;
