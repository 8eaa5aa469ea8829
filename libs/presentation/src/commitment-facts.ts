import { parisDateOf, recordedBy, type CalendarDate, type Moment } from '@cosinum/domain';

/** What the charts need of a history entry (the application's `HistoryEntry` fits). */
export interface HistoryEntry {
  readonly type: string;
  readonly data: unknown;
  readonly recordedAt: string;
  /** The business date the event refers to, when it has one. */
  readonly on: string | null;
}

export interface ReportFact {
  readonly ministry: string;
  readonly value: number;
  readonly on: CalendarDate;
  readonly note?: string;
}

export interface ExtensionFact {
  /** Absent: for every assigned ministry. */
  readonly ministry?: string;
  readonly previousDeadline: CalendarDate;
  readonly deadline: CalendarDate;
  readonly on: CalendarDate;
  readonly reason: string;
  readonly decisionRef?: string;
}

export interface CommitmentFacts {
  readonly reports: readonly ReportFact[];
  readonly extensions: readonly ExtensionFact[];
}

/**
 * The reports and extensions a chart draws, as the board sees them at `moment`: recorded by
 * `knownAt` (compared as instants, by the domain's `recordedBy`), dated up to `asOf` (the same
 * rule as the status evaluation).
 */
export const visibleFacts = (entries: readonly HistoryEntry[], moment: Moment): CommitmentFacts => {
  const asOfDate = parisDateOf(moment.asOf);
  const visible = entries.filter(
    (e) => recordedBy(e.recordedAt, moment.knownAt) && e.on !== null && e.on <= asOfDate,
  );
  return {
    reports: visible
      .filter((e) => e.type === 'ProgressReported')
      .map((e) => e.data as ReportFact)
      .sort((a, b) => a.on.localeCompare(b.on)),
    extensions: visible
      .filter((e) => e.type === 'DeadlineExtended')
      .map((e) => e.data as ExtensionFact),
  };
};

/** A ministry's points: the baseline first, then one value per day (the latest report wins). */
export const ministryPoints = (
  facts: CommitmentFacts,
  ministry: string,
  baseline: { value: number; on: CalendarDate } | undefined,
  asOfDate: CalendarDate,
): { on: CalendarDate; value: number; baseline?: boolean; note?: string }[] => {
  const byDay = new Map<CalendarDate, { on: CalendarDate; value: number; note?: string }>();
  for (const r of facts.reports)
    if (r.ministry === ministry) byDay.set(r.on, { on: r.on, value: r.value, note: r.note });
  const reports = [...byDay.values()].sort((a, b) => a.on.localeCompare(b.on));
  return baseline && baseline.on <= asOfDate && !byDay.has(baseline.on)
    ? [{ ...baseline, baseline: true }, ...reports]
    : reports;
};
