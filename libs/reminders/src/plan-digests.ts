import type { LogHead } from './reminder.events';
import {
  addDays,
  formatTarget,
  formatValue,
  parisDateOf,
  type CalendarDate,
  type Instant,
  type StatusItem,
} from '@cosinum/domain';
import type { Board } from '@cosinum/projections';
import {
  ministryName,
  organisationInText,
  reportingText,
  type NamesOn,
} from '@cosinum/presentation';
import type { IsoWeek } from './iso-week';

/** "Due soon": an item on track whose deadline falls within this many days. */
export const DUE_WITHIN_DAYS = 30;

export interface DigestItem {
  readonly commitmentId: string;
  readonly title: string;
  readonly deadline: CalendarDate;
  readonly originalDeadline: CalendarDate;
  /** The deadline as the source worded it (`1er trimestre 2021`), when it did. */
  readonly deadlineWording?: string;
  /** Formatted the French way: `100 %`, `réalisé`, `12 applications`. */
  readonly target: string;
  readonly latestValue: string | null;
  readonly latestOn: CalendarDate | null;
  /** A yes/no action: « déclaré non réalisé », « aucune déclaration de réalisation ». */
  readonly yesNo: boolean;
  /** Which side of the target a value short of it lies on: `increase` → below it. */
  readonly direction: 'increase' | 'decrease';
  /** The cadence in words: « une valeur par mois, due 15 jours après la fin du mois ». */
  readonly reporting: string;
  /** The day the next expected value falls due, when one is expected. */
  readonly nextReportDue?: CalendarDate;
  /** False when the value the cadence expects is past due. */
  readonly upToDate: boolean;
  /** The board's French reason messages, in order. */
  readonly reasons: readonly string[];
  /** Its declaration form on the dashboard (sign-in first, then back to the form). */
  readonly formUrl: string;
}

export interface Digest {
  /** `of`: the name after « de », with its article (« du ministère de l'Intérieur »). */
  readonly ministry: { readonly code: string; readonly name: string; readonly of?: string };
  readonly isoWeek: IsoWeek;
  /** The board's instant. */
  readonly asOf: Instant;
  readonly overdue: readonly DigestItem[];
  readonly atRisk: readonly DigestItem[];
  readonly dueSoon: readonly DigestItem[];
  readonly dueWithinDays: number;
  readonly dashboardUrl: string;
  /** The ministry's to-do page: every item awaiting a report, each with its « Déclarer » button. */
  readonly todoUrl: string;
  /** The signed log head to print, when there is one. */
  readonly logHead?: LogHead;
}

export interface PlanOptions {
  readonly isoWeek: IsoWeek;
  /** Base of the dashboard's address, without a trailing slash. */
  readonly publicUrl: string;
  readonly dueWithinDays?: number;
  /** The organisation chart and the run's moment: the ministry is named as it is then. */
  readonly names?: NamesOn;
}

const toDigestItem =
  (publicUrl: string) =>
  (item: StatusItem): DigestItem => ({
    commitmentId: item.commitmentId,
    title: item.title,
    deadline: item.deadline,
    originalDeadline: item.originalDeadline,
    ...(item.deadlineWording ? { deadlineWording: item.deadlineWording } : {}),
    target: formatTarget(item, item.target),
    latestValue: item.latestValue === null ? null : formatValue(item, item.latestValue),
    latestOn: item.latestOn,
    yesNo: item.kind === 'boolean',
    direction: item.direction,
    reporting: reportingText(item.reporting, item.kind),
    ...(item.nextReportDue ? { nextReportDue: item.nextReportDue } : {}),
    upToDate: item.upToDate,
    reasons: item.reasons.map((r) => r.message),
    formUrl: declarationUrlOf(publicUrl, item.commitmentId),
  });

export const dashboardUrlOf = (publicUrl: string, ministry: string): string =>
  `${publicUrl}/tableau-de-bord/ministeres/${encodeURIComponent(ministry)}`;

/** A commitment's declaration form, where the ministry reports its progress. */
export const declarationUrlOf = (publicUrl: string, commitmentId: string): string =>
  `${publicUrl}/tableau-de-bord/engagements/${encodeURIComponent(commitmentId)}/avancement`;

/** The signed-in ministry's to-do page: what awaits a report. */
export const todoUrlOf = (publicUrl: string): string => `${publicUrl}/tableau-de-bord/a-renseigner`;

/** One organisation's digest, from a board that may hold every organisation's items. */
export const planDigest = (board: Board, ministry: string, options: PlanOptions): Digest => {
  const dueWithinDays = options.dueWithinDays ?? DUE_WITHIN_DAYS;
  const today = parisDateOf(board.asOf);
  const horizon = addDays(today, dueWithinDays);
  // The board is already sorted worst first, then by deadline: each section keeps that order.
  const own = board.items.filter((i) => i.ministry === ministry);
  const toItem = toDigestItem(options.publicUrl);
  return {
    ministry: {
      code: ministry,
      name: ministryName(ministry, options.names),
      of: organisationInText(ministry, 'de', options.names),
    },
    isoWeek: options.isoWeek,
    asOf: board.asOf,
    overdue: own.filter((i) => i.state === 'overdue').map(toItem),
    atRisk: own.filter((i) => i.state === 'at_risk').map(toItem),
    dueSoon: own
      .filter((i) => i.state === 'on_track' && i.deadline >= today && i.deadline <= horizon)
      .map(toItem),
    dueWithinDays,
    dashboardUrl: dashboardUrlOf(options.publicUrl, ministry),
    todoUrl: todoUrlOf(options.publicUrl),
  };
};

export const isEmptyDigest = (digest: Digest): boolean =>
  digest.overdue.length + digest.atRisk.length + digest.dueSoon.length === 0;

export const digestCommitmentIds = (digest: Digest): string[] => [
  ...new Set([...digest.overdue, ...digest.atRisk, ...digest.dueSoon].map((i) => i.commitmentId)),
];

/**
 * The digests of a week: one per organisation asked for, in the order asked, leaving out those
 * with nothing to report unless `sendEmpty`.
 */
export const planDigests = (
  board: Board,
  ministries: readonly string[],
  options: PlanOptions & { readonly sendEmpty: boolean },
): Digest[] =>
  ministries
    .map((code) => planDigest(board, code, options))
    .filter((d) => options.sendEmpty || !isEmptyDigest(d));
