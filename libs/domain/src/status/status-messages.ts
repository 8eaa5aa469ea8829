// From the modules themselves, not the folders' index: through `export *` every call is a getter.
import { frenchDate, type CalendarDate } from '../calendar/calendar-date';
import type { Metric } from '../commitment/commitment.events';
import { formatValue } from '../commitment/metric';
import type { Forecast } from './forecast';
import { frenchCadence, frenchPeriod, type Cadence } from '../commitment/reporting';
import type { MilestoneStatus, Reason } from './status.types';

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** The French sentences of the status board: one place, so that wording stays consistent. */
/** « 1 jour », « 21 jours », « 2 361 jours » (thousands grouped by a narrow no-break space). */
const plural = (n: number, word: string): string =>
  `${INTEGER.format(n)} ${word}${Math.abs(n) >= 2 ? 's' : ''}`;

const INTEGER = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });

/** Built once: constructing an Intl.NumberFormat costs more than formatting with it. */
const RATE_1 = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1, signDisplay: 'always' });
const RATE_SMALL = new Intl.NumberFormat('fr-FR', {
  maximumSignificantDigits: 2,
  signDisplay: 'always',
});

/** U+202F, the narrow no-break space French typography puts before « : ; ! ? % » and inside « ». */
const NNBSP = '\u202f';

/**
 * A trend as prose: « +2,5 points par mois », « +1,7 million d'identifications » is beyond us, so
 * « +1 666 667 identifications par mois », « +0,004 point par mois ». A slow trend keeps two
 * significant digits (never « +0 »); a unit in parentheses (« (rang européen) ») qualifies a
 * value, it does not count anything, so the rate goes without it.
 */
export const trendRate = (metric: Pick<Metric, 'kind' | 'unit'>, perMonth: number): string => {
  const n = (Math.abs(perMonth) < 1 ? RATE_SMALL : RATE_1).format(perMonth);
  const several = Math.abs(perMonth) >= 2;
  const unit =
    metric.kind === 'percentage' || metric.kind === 'score'
      ? several
        ? ' points'
        : ' point'
      : metric.unit && !metric.unit.startsWith('(')
        ? ` ${metric.unit}`
        : '';
  return `${n}${unit} par mois`;
};

const rate = trendRate;

/** « l'objectif de 200 applications », « l'objectif de 100 % », « l'objectif » for a yes/no one. */
const objective = (metric: Pick<Metric, 'kind' | 'unit'>, target: number): string =>
  metric.kind === 'boolean' ? "l'objectif" : `l'objectif de ${formatValue(metric, target)}`;

type M = Pick<Metric, 'kind' | 'unit'>;

export const messages = {
  withdrawn: (on: CalendarDate, reason: string): Reason => ({
    code: 'WITHDRAWN',
    message: `Engagement retiré le ${frenchDate(on)}${NNBSP}: ${reason}`,
  }),
  exempted: (on: CalendarDate, reason: string): Reason => ({
    code: 'EXEMPTED',
    message: `Exempté le ${frenchDate(on)}${NNBSP}: ${reason}`,
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
            : `Aucune valeur déclarée${NNBSP}; objectif${NNBSP}: ${formatValue(metric, target)}.`,
      };
    }
    return {
      code: 'TARGET_NOT_REACHED',
      message:
        metric.kind === 'boolean'
          ? `Déclaré non réalisé au ${frenchDate(latest.on)}.`
          : `Dernière valeur déclarée${NNBSP}: ${formatValue(metric, latest.value)} au ${frenchDate(latest.on)}, pour un objectif de ${formatValue(metric, target)}.`,
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
    message: `Au rythme actuel (${rate(metric, f.ratePerMonth)}), ${objective(metric, target)} serait atteint vers le ${frenchDate(f.reachOn as string)}, après l'échéance du ${frenchDate(deadline)}.`,
  }),
  trajectoryStalled: (metric: M, f: Forecast, target: number): Reason => ({
    code: 'TRAJECTORY_STALLED',
    message: `Au rythme actuel (${rate(metric, f.ratePerMonth)}), ${objective(metric, target)} ne serait pas atteint.`,
  }),
  trajectoryOnTime: (metric: M, f: Forecast, target: number, deadline: CalendarDate): Reason => ({
    code: 'FORECAST',
    message: `Au rythme actuel (${rate(metric, f.ratePerMonth)}), ${objective(metric, target)} serait atteint vers le ${frenchDate(f.reachOn as string)}, avant l'échéance du ${frenchDate(deadline)}.`,
  }),
  stale: (
    metric: M,
    every: Exclude<Cadence, 'none'>,
    expected: { start: CalendarDate; due: CalendarDate },
    latestOn: CalendarDate | null,
    decidedOn: CalendarDate,
  ): Reason => {
    const what = metric.kind === 'boolean' ? 'déclaration' : 'valeur';
    const period = frenchPeriod(every, expected.start);
    const since =
      latestOn === null
        ? `aucune n'a été déclarée depuis la décision du ${frenchDate(decidedOn)}`
        : `la dernière date du ${frenchDate(latestOn)}`;
    return {
      code: 'STALE',
      message: `${capitalise(`${what === 'valeur' ? 'la valeur' : 'la déclaration'} pour ${period}`)} était attendue au plus tard le ${frenchDate(expected.due)}${NNBSP}: une ${what} est attendue ${frenchCadence(every)}, ${since}.`,
    };
  },
  milestoneMissed: (
    metric: M,
    milestone: MilestoneStatus,
    latest: { value: number; on: CalendarDate } | undefined,
  ): Reason => ({
    code: 'MILESTONE_MISSED',
    message: `Jalon du ${frenchDate(milestone.on)}${milestone.label ? ` («${NNBSP}${milestone.label}${NNBSP}»)` : ''} manqué${NNBSP}: ${formatValue(metric, milestone.target)} attendu${latest ? `, ${formatValue(metric, latest.value)} déclaré au ${frenchDate(latest.on)}` : ', aucune valeur déclarée'}.`,
  }),
  milestoneForecast: (metric: M, milestone: MilestoneStatus, f: Forecast | undefined): Reason => {
    const name = `le jalon du ${frenchDate(milestone.on)} (${formatValue(metric, milestone.target)})`;
    return f && f.reachOn !== null && f.reachOn <= milestone.on
      ? {
          code: 'MILESTONE_FORECAST',
          message: `Au rythme actuel (${rate(metric, f.ratePerMonth)}), ${name} serait atteint vers le ${frenchDate(f.reachOn)}, à temps.`,
        }
      : {
          code: 'MILESTONE_FORECAST_LATE',
          message: f?.reachOn
            ? `Au rythme actuel (${rate(metric, f.ratePerMonth)}), ${name} ne serait atteint que vers le ${frenchDate(f.reachOn)}.`
            : f
              ? `Au rythme actuel (${rate(metric, f.ratePerMonth)}), ${name} ne serait pas atteint.`
              : `Au rythme actuel, ${name} ne serait pas atteint.`,
        };
  },
  takenOver: (fromOf: string, on: CalendarDate): Reason => ({
    code: 'TAKEN_OVER',
    message: `Repris ${fromOf} le ${frenchDate(on)}.`,
  }),
  onTrack: (deadline: CalendarDate, days: number): Reason => ({
    code: 'ON_TRACK',
    message: `Échéance le ${frenchDate(deadline)}, dans ${plural(days, 'jour')}.`,
  }),
};
