import { frenchDate, type CalendarDate } from '../calendar';
import { formatValue, type Metric } from '../commitment';
import type { Forecast } from './forecast';
import type { Reason } from './status.types';

/** The French sentences of the status board: one place, so that wording stays consistent. */
const plural = (n: number, word: string): string => `${n} ${word}${n > 1 ? 's' : ''}`;

/** Built once: constructing an Intl.NumberFormat costs more than formatting with it. */
const RATE_1 = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1, signDisplay: 'always' });
const RATE_2 = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2, signDisplay: 'always' });

const rate = (metric: Pick<Metric, 'kind' | 'unit'>, perMonth: number): string => {
  // A slow trend keeps its sign and a digit that says it is not zero (+0,04 pts/mois).
  const n = (Math.abs(perMonth) < 0.1 ? RATE_2 : RATE_1).format(perMonth);
  const unit =
    metric.kind === 'percentage'
      ? ' pts'
      : metric.kind === 'score'
        ? ' pt'
        : metric.unit
          ? ` ${metric.unit}`
          : '';
  return `${n}${unit}/mois`;
};

type M = Pick<Metric, 'kind' | 'unit'>;

export const messages = {
  withdrawn: (on: CalendarDate, reason: string): Reason => ({
    code: 'WITHDRAWN',
    message: `Engagement retiré le ${frenchDate(on)} : ${reason}`,
  }),
  exempted: (on: CalendarDate, reason: string): Reason => ({
    code: 'EXEMPTED',
    message: `Exempté le ${frenchDate(on)} : ${reason}`,
  }),
  extended: (count: number, original: CalendarDate, current: CalendarDate): Reason => ({
    code: 'DEADLINE_EXTENDED',
    message: `Échéance reportée ${count} fois (initialement le ${frenchDate(original)}, désormais le ${frenchDate(current)}).`,
  }),
  met: (
    metric: M,
    metOn: CalendarDate,
    value: number,
    target: number,
    deadline: CalendarDate,
    daysLate: number,
  ): Reason =>
    metric.kind === 'boolean'
      ? daysLate === 0
        ? {
            code: 'TARGET_MET',
            message: `Réalisé le ${frenchDate(metOn)}, dans les délais de l'échéance du ${frenchDate(deadline)}.`,
          }
        : {
            code: 'TARGET_MET_LATE',
            message: `Réalisé le ${frenchDate(metOn)}, avec ${plural(daysLate, 'jour')} de retard sur l'échéance du ${frenchDate(deadline)}.`,
          }
      : daysLate === 0
        ? {
            code: 'TARGET_MET',
            message: `Objectif atteint le ${frenchDate(metOn)} (${formatValue(metric, value)} pour un objectif de ${formatValue(metric, target)}), dans les délais de l'échéance du ${frenchDate(deadline)}.`,
          }
        : {
            code: 'TARGET_MET_LATE',
            message: `Objectif atteint le ${frenchDate(metOn)} (${formatValue(metric, value)} pour un objectif de ${formatValue(metric, target)}), avec ${plural(daysLate, 'jour')} de retard sur l'échéance du ${frenchDate(deadline)}.`,
          },
  progress: (
    metric: M,
    latest: { value: number; on: CalendarDate } | undefined,
    target: number,
  ): Reason => {
    if (!latest) {
      return {
        code: 'NO_REPORT',
        message:
          metric.kind === 'boolean'
            ? 'Aucune déclaration de réalisation.'
            : `Aucune valeur déclarée ; objectif : ${formatValue(metric, target)}.`,
      };
    }
    return {
      code: 'TARGET_NOT_REACHED',
      message:
        metric.kind === 'boolean'
          ? `Déclaré non réalisé au ${frenchDate(latest.on)}.`
          : `Dernière valeur déclarée : ${formatValue(metric, latest.value)} au ${frenchDate(latest.on)}, pour un objectif de ${formatValue(metric, target)}.`,
    };
  },
  deadlinePassed: (deadline: CalendarDate, days: number): Reason => ({
    code: 'DEADLINE_PASSED',
    message: `Échéance du ${frenchDate(deadline)} dépassée de ${plural(days, 'jour')} sans que l'objectif soit atteint.`,
  }),
  deadlineClose: (deadline: CalendarDate, days: number): Reason => ({
    code: 'DEADLINE_CLOSE',
    message:
      days === 0
        ? `Échéance aujourd'hui (${frenchDate(deadline)}) et objectif non atteint.`
        : `Échéance dans ${plural(days, 'jour')} (${frenchDate(deadline)}) et objectif non atteint.`,
  }),
  trajectoryLate: (metric: M, f: Forecast, target: number, deadline: CalendarDate): Reason => ({
    code: 'TRAJECTORY_LATE',
    message: `Au rythme actuel (${rate(metric, f.ratePerMonth)}), ${formatValue(metric, target)} serait atteint vers le ${frenchDate(f.reachOn as string)}, après l'échéance du ${frenchDate(deadline)}.`,
  }),
  trajectoryStalled: (metric: M, f: Forecast, target: number): Reason => ({
    code: 'TRAJECTORY_STALLED',
    message: `Au rythme actuel (${rate(metric, f.ratePerMonth)}), l'objectif de ${formatValue(metric, target)} ne serait pas atteint.`,
  }),
  trajectoryOnTime: (metric: M, f: Forecast, target: number, deadline: CalendarDate): Reason => ({
    code: 'FORECAST',
    message: `Au rythme actuel (${rate(metric, f.ratePerMonth)}), ${formatValue(metric, target)} serait atteint vers le ${frenchDate(f.reachOn as string)}, avant l'échéance du ${frenchDate(deadline)}.`,
  }),
  stale: (since: CalendarDate, days: number, cadence: number, hasReport: boolean): Reason => ({
    code: 'STALE',
    message: hasReport
      ? `Aucune nouvelle valeur depuis ${plural(days, 'jour')} (dernière au ${frenchDate(since)}) ; une déclaration est attendue au moins tous les ${cadence} jours.`
      : `Aucune valeur déclarée depuis la décision du ${frenchDate(since)} (${plural(days, 'jour')}) ; une déclaration est attendue au moins tous les ${cadence} jours.`,
  }),
  onTrack: (deadline: CalendarDate, days: number): Reason => ({
    code: 'ON_TRACK',
    message: `Échéance le ${frenchDate(deadline)}, dans ${plural(days, 'jour')}.`,
  }),
};
