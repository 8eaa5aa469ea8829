import { daysBetween, frenchDate, parisDateOf, type CalendarDate } from '../calendar';
import {
  formatValue,
  reaches,
  type DecidedCommitment,
  type Fact,
  type Report,
} from '../commitment';
import type { ItemState, Moment, Reason, StatusItem, StatusRules } from './status.types';

/** A fact counts when it had been recorded by `knownAt` and refers to a day up to `asOf`. */
const visible =
  (asOfDate: CalendarDate, knownAt: string) =>
  (fact: Fact): boolean =>
    (fact.recordedAt === null || fact.recordedAt <= knownAt) && fact.on <= asOfDate;

const byBusinessDate = (a: Fact, b: Fact): number =>
  a.on < b.on ? -1 : a.on > b.on ? 1 : a.seq - b.seq;

/** True when the commitment existed, as far as was known, at that moment. */
export const isDecidedAt = (state: DecidedCommitment, moment: Moment): boolean => {
  const { definition } = state;
  return (
    (definition.recordedAt === null || definition.recordedAt <= moment.knownAt) &&
    definition.source.decidedOn <= parisDateOf(moment.asOf)
  );
};

/**
 * The status of one ministry on one commitment, at `asOf`, from what was known at `knownAt`.
 * Pure: the same state and moment always give the same item. Returns null when the commitment
 * was not yet decided (or not yet known) at that moment, or the ministry is not assigned.
 */
export const evaluateItem = (
  state: DecidedCommitment,
  ministry: string,
  moment: Moment,
  rules: StatusRules,
): StatusItem | null => {
  const track = state.ministries[ministry];
  if (!track || !isDecidedAt(state, moment)) return null;
  const asOfDate = parisDateOf(moment.asOf);
  const counts = visible(asOfDate, moment.knownAt);
  const { definition } = state;
  const { metric } = definition;

  const revisions = state.targetRevisions.filter(counts).sort(byBusinessDate);
  const target = revisions.length > 0 ? revisions[revisions.length - 1].target : metric.target;
  const extensions = state.extensions
    .filter((e) => e.ministry === undefined || e.ministry === ministry)
    .filter(counts)
    .sort(byBusinessDate);
  const deadline = extensions.reduce(
    (d, e) => (e.deadline > d ? e.deadline : d),
    definition.deadline,
  );
  const reports = track.reports.filter(counts).sort(byBusinessDate);
  const latest: Report | undefined = reports[reports.length - 1];
  const metOn =
    latest && reaches(metric.direction, latest.value, target)
      ? startOfLatestRun(reports, metric.direction, target)
      : undefined;

  const base = {
    commitmentId: definition.commitmentId,
    externalId: definition.externalId,
    title: definition.title,
    ministry,
    deadline,
    originalDeadline: definition.deadline,
    deadlineWording: definition.deadlineWording,
    extensions: extensions.length,
    target,
    direction: metric.direction,
    kind: metric.kind,
    unit: metric.unit,
    latestValue: latest?.value ?? null,
    latestOn: latest?.on ?? null,
  };
  const show = (value: number) => formatValue(metric, value);
  const extensionReasons: Reason[] =
    extensions.length > 0
      ? [
          {
            code: 'DEADLINE_EXTENDED',
            message: `Échéance reportée ${extensions.length} fois (initialement le ${frenchDate(definition.deadline)}, désormais le ${frenchDate(deadline)}).`,
          },
        ]
      : [];
  const item = (
    state: ItemState,
    reasons: Reason[],
    extra: Partial<StatusItem> = {},
  ): StatusItem => ({
    ...base,
    ...extra,
    state,
    reasons: [...reasons, ...extensionReasons],
  });

  const withdrawal = state.withdrawal && counts(state.withdrawal) ? state.withdrawal : undefined;
  if (withdrawal) {
    return item('withdrawn', [
      {
        code: 'WITHDRAWN',
        message: `Engagement retiré le ${frenchDate(withdrawal.on)} : ${withdrawal.reason}`,
      },
    ]);
  }
  const exemption = track.exemption && counts(track.exemption) ? track.exemption : undefined;
  if (exemption) {
    return item('exempt', [
      { code: 'EXEMPTED', message: `Exempté le ${frenchDate(exemption.on)} : ${exemption.reason}` },
    ]);
  }
  if (metOn !== undefined && latest) {
    const daysLate = Math.max(0, daysBetween(deadline, metOn));
    return item(
      'met',
      [
        daysLate === 0
          ? {
              code: 'TARGET_MET',
              message: `Objectif atteint le ${frenchDate(metOn)} (${show(latest.value)} pour un objectif de ${show(target)}), dans les délais de l'échéance du ${frenchDate(deadline)}.`,
            }
          : {
              code: 'TARGET_MET_LATE',
              message: `Objectif atteint le ${frenchDate(metOn)} (${show(latest.value)} pour un objectif de ${show(target)}), avec ${plural(daysLate, 'jour')} de retard sur l'échéance du ${frenchDate(deadline)}.`,
            },
      ],
      { metOn, daysLate },
    );
  }
  const progress: Reason = latest
    ? {
        code: 'TARGET_NOT_REACHED',
        message: `Dernière valeur déclarée : ${show(latest.value)} au ${frenchDate(latest.on)}, pour un objectif de ${show(target)}.`,
      }
    : { code: 'NO_REPORT', message: `Aucune valeur déclarée ; objectif : ${show(target)}.` };
  const daysLeft = daysBetween(asOfDate, deadline);
  if (daysLeft < 0) {
    return item(
      'overdue',
      [
        {
          code: 'DEADLINE_PASSED',
          message: `Échéance du ${frenchDate(deadline)} dépassée de ${plural(-daysLeft, 'jour')} sans que l'objectif soit atteint.`,
        },
        progress,
      ],
      { daysLate: -daysLeft },
    );
  }
  if (daysLeft <= rules.warningDays) {
    return item('at_risk', [
      {
        code: 'DEADLINE_CLOSE',
        message:
          daysLeft === 0
            ? `Échéance aujourd'hui (${frenchDate(deadline)}) et objectif non atteint.`
            : `Échéance dans ${plural(daysLeft, 'jour')} (${frenchDate(deadline)}) et objectif non atteint.`,
      },
      progress,
    ]);
  }
  return item('on_track', [
    {
      code: 'ON_TRACK',
      message: `Échéance le ${frenchDate(deadline)}, dans ${plural(daysLeft, 'jour')}.`,
    },
    progress,
  ]);
};

/** The first day of the latest unbroken run of reports that reach the target. */
const startOfLatestRun = (
  reports: readonly Report[],
  direction: 'increase' | 'decrease',
  target: number,
): CalendarDate => {
  let i = reports.length - 1;
  while (i > 0 && reaches(direction, reports[i - 1].value, target)) i--;
  return reports[i].on;
};

const plural = (n: number, word: string): string => `${n} ${word}${n > 1 ? 's' : ''}`;
