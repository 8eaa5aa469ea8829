import {
  daysBetween,
  frenchDate,
  type CalendarDate,
  type ItemState,
  type StatusItem,
} from '@cosinum/domain';

/** How far ahead a deadline puts an item on a ministry's to-do list. */
export const DUE_SOON_DAYS = 30;

/** Why an item awaits a declaration, most pressing first. */
export type AwaitingReason = 'overdue' | 'stale' | 'no_report' | 'due_soon';

export interface AwaitingItem {
  readonly item: StatusItem;
  /** Every reason that applies, most pressing first (never empty). */
  readonly reasons: readonly AwaitingReason[];
  /** The reasons in French, one sentence each, without a final full stop. */
  readonly why: readonly string[];
}

const CLOSED: ReadonlySet<ItemState> = new Set(['met', 'exempt', 'withdrawn']);
const RANK: Record<AwaitingReason, number> = { overdue: 0, stale: 1, no_report: 2, due_soon: 3 };

const days = (n: number) => `${n.toLocaleString('fr-FR')}\u00a0jour${n > 1 ? 's' : ''}`;

const sentence = (reason: AwaitingReason, item: StatusItem, today: CalendarDate): string => {
  switch (reason) {
    case 'overdue':
      return `Échéance du ${frenchDate(item.deadline)} dépassée${item.daysLate ? ` de ${days(item.daysLate)}` : ''}`;
    case 'stale':
      return item.nextReportDue
        ? `${item.kind === 'boolean' ? 'Déclaration attendue' : 'Valeur attendue'} au plus tard le ${frenchDate(item.nextReportDue)}`
        : 'La dernière déclaration n’est plus à jour';
    case 'no_report':
      return item.kind === 'boolean'
        ? 'Aucune déclaration à ce jour'
        : 'Aucune valeur déclarée à ce jour';
    case 'due_soon': {
      const left = daysBetween(today, item.deadline);
      return left === 0
        ? 'Échéance aujourd’hui'
        : `Échéance le ${frenchDate(item.deadline)}, dans ${days(left)}`;
    }
  }
};

/**
 * A ministry's to-do list: its open items (not met, exempt or withdrawn) that await a declaration —
 * never reported, stale for their cadence, due within {@link DUE_SOON_DAYS} days, or overdue — most
 * pressing first (overdue, then stale, then silent, then due soon; earliest deadline first within
 * each), each with the reasons worded in French.
 */
export const awaitingReport = (items: readonly StatusItem[], today: CalendarDate): AwaitingItem[] =>
  items
    .filter((item) => !CLOSED.has(item.state))
    .flatMap((item) => {
      const reasons: AwaitingReason[] = [];
      if (item.state === 'overdue') reasons.push('overdue');
      if (item.latestValue === null) reasons.push('no_report');
      else if (!item.upToDate) reasons.push('stale');
      const left = daysBetween(today, item.deadline);
      if (item.state !== 'overdue' && left >= 0 && left <= DUE_SOON_DAYS) reasons.push('due_soon');
      reasons.sort((a, b) => RANK[a] - RANK[b]);
      return reasons.length === 0
        ? []
        : [{ item, reasons, why: reasons.map((r) => sentence(r, item, today)) }];
    })
    .sort(
      (a, b) =>
        RANK[a.reasons[0]] - RANK[b.reasons[0]] ||
        a.item.deadline.localeCompare(b.item.deadline) ||
        a.item.title.localeCompare(b.item.title, 'fr'),
    );
