import { frenchDate, parisDateOf } from '@cosinum/domain';
import { deadlineWindow, type DashboardQuery } from './dashboard-query';
import { STATE_LABELS, documentTitle, ministryName } from './labels';
import type { CommitmentSummary, Overview } from './overview.model';

export const EXPORT_HEADER = [
  'Ministère (code)',
  'Ministère',
  'N°',
  'Engagement',
  'Identifiant',
  'Identifiant externe',
  'Document source',
  'Mission',
  'État',
  'Échéance',
  'Échéance initiale',
  'Échéance (libellé)',
  'Reports',
  'Cible',
  'Dernière valeur',
  'Date de la dernière valeur',
  'Atteint le',
  'Jours de retard',
  'Prévision : objectif atteint vers le',
  'Raisons',
] as const;

export type ExportCell = string | number | null;

/** The rows of the current view: one per shown (commitment, ministry), in board order. */
export const exportRows = (o: Overview): ExportCell[][] => {
  const columns = new Map<string, { commitment: CommitmentSummary; number: number }>();
  for (const g of o.groups) for (const c of g.columns) columns.set(c.commitment.id, c);
  return o.items.map((i) => {
    const c = columns.get(i.commitmentId);
    return [
      i.ministry,
      ministryName(i.ministry),
      c?.number ?? null,
      i.title,
      i.commitmentId,
      i.externalId ?? '',
      c ? documentTitle(c.commitment.document) : '',
      c?.commitment.mission ?? '',
      STATE_LABELS[i.state],
      frenchDate(i.deadline),
      frenchDate(i.originalDeadline),
      i.deadlineWording ?? '',
      i.extensions,
      i.target,
      i.latestValue,
      i.latestOn ? frenchDate(i.latestOn) : '',
      i.metOn ? frenchDate(i.metOn) : '',
      i.daysLate ?? null,
      i.forecast?.reachOn ? frenchDate(i.forecast.reachOn) : '',
      i.reasons.map((r) => r.message).join(' | '),
    ];
  });
};

/** What the view was: written beside the data, so that a file says where it came from. */
export const exportParameters = (q: DashboardQuery): [string, string][] => {
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
  ];
};

export const exportFileName = (q: DashboardQuery, extension: string): string =>
  `tableau-de-bord-cosinum-${parisDateOf(q.moment.asOf)}.${extension}`;
