import {
  frenchDate,
  parisDateOf,
  recordedBy,
  type CalendarDate,
  type Moment,
} from '@cosinum/domain';

/** What a commitment summary tells about when it began: decided on, recorded at. */
export interface Beginning {
  readonly decidedOn: CalendarDate;
  readonly recordedAt: string | null;
}

/** Why a view is empty at its moment, and the moment that first shows something. */
export interface EmptyViewReason {
  /** A French sentence, ending with a full stop. */
  readonly text: string;
  /** The dates (`YYYY-MM-DD`) to show instead: the first day something was recorded, or decided. */
  readonly asOf: CalendarDate;
  readonly knownAt: CalendarDate;
  /** The link's words. */
  readonly label: string;
}

/**
 * An empty board is not the same as nothing matching the filters: when nothing was yet recorded
 * at `knownAt`, or nothing decided by `asOf`, the view says so, and which day first shows
 * something. Undefined when some commitment existed at that moment (the filters emptied it).
 */
export const emptyViewReason = (
  beginnings: readonly Beginning[],
  moment: Moment,
  /** `commitment`: the view of one commitment, worded for it. */
  of: 'board' | 'commitment' = 'board',
): EmptyViewReason | undefined => {
  if (beginnings.length === 0) return undefined;
  const asOf = parisDateOf(moment.asOf);
  const knownAt = parisDateOf(moment.knownAt);
  const recorded = beginnings
    .map((b) => b.recordedAt)
    .filter((r): r is string => r !== null)
    .sort()[0];
  if (
    recorded !== undefined &&
    !beginnings.some((b) => b.recordedAt === null || recordedBy(b.recordedAt, moment.knownAt))
  ) {
    const day = parisDateOf(recorded);
    return {
      text:
        of === 'commitment'
          ? `Cet engagement n’était pas encore enregistré à cette date\u202f; il l’a été le ${frenchDate(day)}.`
          : `Rien n’était encore enregistré à cette date\u202f; premier enregistrement le ${frenchDate(day)}.`,
      knownAt: day,
      asOf,
      label: `Afficher selon les informations connues au ${frenchDate(day)}`,
    };
  }
  const known = beginnings.filter(
    (b) => b.recordedAt === null || recordedBy(b.recordedAt, moment.knownAt),
  );
  const first = known.map((b) => b.decidedOn).sort()[0];
  if (first !== undefined && !known.some((b) => b.decidedOn <= asOf))
    return {
      text:
        of === 'commitment'
          ? `Cet engagement n’était pas encore décidé à cette date\u202f; il l’a été le ${frenchDate(first)}.`
          : `Aucun engagement n’était encore décidé à cette date\u202f; première décision le ${frenchDate(first)}.`,
      asOf: first,
      knownAt,
      label: `Afficher la situation au ${frenchDate(first)}`,
    };
  return undefined;
};
