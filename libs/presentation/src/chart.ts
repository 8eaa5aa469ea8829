import {
  trendRate,
  addDays,
  daysBetween,
  formatTarget,
  formatValue,
  frenchDate,
  type CalendarDate,
  type Metric,
  type MetricKind,
  type MilestoneStatus,
} from '@cosinum/domain';
import { NNBSP, milestoneName, milestoneStateText } from './progress';

/**
 * The geometry of one ministry's chart, apart from any markup so that it can be tested: scales,
 * the reported values, the target up to the deadline, the forecast from the last value, and the
 * deadline markers. All coordinates are in the SVG's viewBox units.
 */
export interface ChartInput {
  readonly kind: MetricKind;
  /** Reported values (the baseline first, when there is one), in date order. */
  readonly points: readonly { readonly on: CalendarDate; readonly value: number }[];
  readonly target: number;
  /** Where the time axis starts at the latest (the decision date). */
  readonly start: CalendarDate;
  readonly asOf: CalendarDate;
  readonly originalDeadline: CalendarDate;
  readonly deadline: CalendarDate;
  /** Every extension that applies to this ministry: the deadline it set. */
  readonly extensions: readonly { readonly deadline: CalendarDate }[];
  readonly forecast?: { readonly reachOn: CalendarDate | null; readonly ratePerMonth: number };
  /** The dated intermediate targets of this ministry, with their state. */
  readonly milestones?: readonly MilestoneStatus[];
}

export interface Segment {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

export interface Marker {
  readonly kind: 'original' | 'current' | 'extension' | 'asOf';
  readonly on: CalendarDate;
  readonly x: number;
}

export interface Tick {
  readonly at: number;
  readonly label: string;
}

export interface ChartGeometry {
  readonly width: number;
  readonly height: number;
  readonly plot: {
    readonly left: number;
    readonly right: number;
    readonly top: number;
    readonly bottom: number;
  };
  readonly domain: {
    readonly from: CalendarDate;
    readonly to: CalendarDate;
    readonly min: number;
    readonly max: number;
  };
  readonly points: readonly {
    readonly x: number;
    readonly y: number;
    readonly on: CalendarDate;
    readonly value: number;
  }[];
  readonly target: Segment;
  /** From the last value towards the target at `reachOn`, cut at the end of the time axis. */
  readonly forecast: Segment | null;
  readonly markers: readonly Marker[];
  /** One point per milestone, at its day and target. */
  readonly milestones: readonly {
    readonly x: number;
    readonly y: number;
    readonly state: MilestoneStatus['state'];
  }[];
  readonly xTicks: readonly Tick[];
  readonly yTicks: readonly Tick[];
}

export const WIDTH = 640;
export const HEIGHT = 260;
const PLOT = { left: 56, right: WIDTH - 16, top: 16, bottom: HEIGHT - 36 };
/** A forecast further away than this after the last date of interest is cut at the axis end. */
const MAX_TAIL_DAYS = 365;
const DAYS_PER_MONTH = 30;

const MONTHS = [
  'janv.',
  'févr.',
  'mars',
  'avr.',
  'mai',
  'juin',
  'juil.',
  'août',
  'sept.',
  'oct.',
  'nov.',
  'déc.',
];

const minDate = (dates: CalendarDate[]) => dates.reduce((a, b) => (b < a ? b : a));
const maxDate = (dates: CalendarDate[]) => dates.reduce((a, b) => (b > a ? b : a));

/** 1, 2 or 5 times a power of ten: axis steps people read easily. */
export const niceStep = (span: number, count: number): number => {
  const raw = span / Math.max(1, count);
  if (raw <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) * power;
};

const valueRange = (input: ChartInput): { min: number; max: number } => {
  switch (input.kind) {
    case 'percentage':
      return { min: 0, max: 100 };
    case 'score':
      return { min: 0, max: 10 };
    case 'boolean':
      return { min: 0, max: 1 };
    case 'count': {
      const top = Math.max(
        input.target,
        ...input.points.map((p) => p.value),
        ...(input.milestones ?? []).map((m) => m.target),
        1,
      );
      const step = niceStep(top, 4);
      return { min: 0, max: Math.ceil((top * 1.05) / step) * step };
    }
  }
};

const number = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
/** « 100 M », « 250 k »: an axis of large counts must fit beside the plot. */
const compact = new Intl.NumberFormat('fr-FR', {
  notation: 'compact',
  maximumFractionDigits: 1,
});
const tickLabel = (max: number, v: number): string =>
  max >= 100_000 ? compact.format(v) : number.format(v);

export const chartGeometry = (input: ChartInput): ChartGeometry => {
  const lastPoint = input.points[input.points.length - 1];
  const interesting = [
    input.asOf,
    input.originalDeadline,
    input.deadline,
    ...input.extensions.map((e) => e.deadline),
    ...input.points.map((p) => p.on),
    ...(input.milestones ?? []).map((m) => m.on),
  ];
  const from = minDate([input.start, ...input.points.map((p) => p.on)]);
  const reachOn = input.forecast?.reachOn ?? null;
  const horizon = addDays(maxDate(interesting), MAX_TAIL_DAYS);
  let to = maxDate(
    reachOn && lastPoint && reachOn <= horizon ? [...interesting, reachOn] : interesting,
  );
  // A little room after the last date, so that its marker is not drawn on the frame.
  to = addDays(to, Math.max(7, Math.round(daysBetween(from, to) * 0.04)));
  if (to <= from) to = addDays(from, 30);
  const span = daysBetween(from, to);
  const { min, max } = valueRange(input);
  const x = (d: CalendarDate) =>
    PLOT.left + ((PLOT.right - PLOT.left) * daysBetween(from, d)) / span;
  const clampValue = (v: number) => Math.min(max, Math.max(min, v));
  const y = (v: number) =>
    PLOT.bottom - ((PLOT.bottom - PLOT.top) * (clampValue(v) - min)) / (max - min);
  const round = (n: number) => Math.round(n * 10) / 10;

  const points = input.points.map((p) => ({
    x: round(x(p.on)),
    y: round(y(p.value)),
    on: p.on,
    value: p.value,
  }));
  const target: Segment = {
    x1: round(x(from)),
    y1: round(y(input.target)),
    x2: round(x(input.deadline)),
    y2: round(y(input.target)),
  };

  let forecast: Segment | null = null;
  if (input.forecast && lastPoint && lastPoint.on < to) {
    const start = { x: x(lastPoint.on), y: y(lastPoint.value) };
    if (reachOn && reachOn > lastPoint.on) {
      // Straight towards (reachOn, target); cut where the axis ends.
      const end = reachOn <= to ? reachOn : to;
      const share = daysBetween(lastPoint.on, end) / daysBetween(lastPoint.on, reachOn);
      const value = lastPoint.value + (input.target - lastPoint.value) * share;
      forecast = { x1: round(start.x), y1: round(start.y), x2: round(x(end)), y2: round(y(value)) };
    } else if (!reachOn) {
      // Never reached at this rate: the trend as it goes, up to the end of the axis.
      const value =
        lastPoint.value +
        (input.forecast.ratePerMonth * daysBetween(lastPoint.on, to)) / DAYS_PER_MONTH;
      forecast = { x1: round(start.x), y1: round(start.y), x2: round(x(to)), y2: round(y(value)) };
    }
  }

  const markers: Marker[] = [
    { kind: 'asOf', on: input.asOf, x: round(x(input.asOf)) },
    { kind: 'original', on: input.originalDeadline, x: round(x(input.originalDeadline)) },
    ...input.extensions.map((e) => ({
      kind: 'extension' as const,
      on: e.deadline,
      x: round(x(e.deadline)),
    })),
    { kind: 'current', on: input.deadline, x: round(x(input.deadline)) },
  ];

  const milestones = (input.milestones ?? []).map((m) => ({
    x: round(x(m.on)),
    y: round(y(m.target)),
    state: m.state,
  }));

  const xTicks: Tick[] = [];
  const [fy, fm] = from.split('-').map(Number);
  const monthsSpan = span / DAYS_PER_MONTH;
  // Quarters over a short span, years over a long one, at most about eight labels.
  const stepMonths = monthsSpan <= 30 ? 3 : monthsSpan <= 96 ? 12 : 24;
  for (let y0 = fy, m0 = fm; ; m0++) {
    if (m0 > 12) {
      m0 = 1;
      y0++;
    }
    const d = `${y0}-${String(m0).padStart(2, '0')}-01`;
    if (d > to) break;
    if (d < from || (m0 - 1) % stepMonths !== 0) continue;
    xTicks.push({
      at: round(x(d)),
      label: stepMonths >= 12 ? String(y0) : `${MONTHS[m0 - 1]} ${y0}`,
    });
  }
  const yTicks: Tick[] =
    input.kind === 'boolean'
      ? [
          { at: round(y(0)), label: 'non' },
          { at: round(y(1)), label: 'oui' },
        ]
      : (() => {
          const step = niceStep(max - min, 4);
          const ticks: Tick[] = [];
          for (let v = min; v <= max + step / 1000; v += step)
            ticks.push({ at: round(y(v)), label: tickLabel(max, v) });
          return ticks;
        })();

  return {
    width: WIDTH,
    height: HEIGHT,
    plot: PLOT,
    domain: { from, to, min, max },
    points,
    target,
    forecast,
    markers,
    milestones,
    xTicks,
    yTicks,
  };
};

export interface ChartPoint {
  readonly on: CalendarDate;
  readonly value: number;
  readonly baseline?: boolean;
  readonly note?: string;
}

export interface ChartOptions extends Omit<ChartInput, 'points'> {
  /** Unique within the page: ids of the title, description and table derive from it. */
  readonly id: string;
  readonly title: string;
  readonly metric: Pick<Metric, 'kind' | 'unit'>;
  readonly points: readonly ChartPoint[];
}

/** A trend as the status reasons word it (« +4,9 points par mois »): the domain's own wording. */
const rate = trendRate;

/** The chart said in words: what a screen reader reads instead of the drawing. */
export const chartDescription = (o: ChartOptions): string => {
  const value = (v: number) => formatValue(o.metric, v);
  const parts: string[] = [];
  parts.push(
    o.points.length === 0
      ? o.metric.kind === 'boolean'
        ? 'Aucune déclaration.'
        : 'Aucune valeur déclarée.'
      : `Valeurs${NNBSP}: ${o.points
          .map((p) => `${value(p.value)} le ${frenchDate(p.on)}${p.baseline ? ' (référence)' : ''}`)
          .join(', ')}.`,
  );
  parts.push(
    `Objectif${NNBSP}: ${formatTarget(o.metric, o.target)} à l’échéance du ${frenchDate(o.deadline)}.`,
  );
  if (o.extensions.length > 0 || o.originalDeadline !== o.deadline) {
    parts.push(
      `Échéance initiale${NNBSP}: ${frenchDate(o.originalDeadline)}${o.extensions.length > 0 ? `${NNBSP}; reportée au ${o.extensions.map((e) => frenchDate(e.deadline)).join(', puis au ')}` : ''}.`,
    );
  }
  if (o.milestones && o.milestones.length > 0) {
    parts.push(
      `Jalon${o.milestones.length > 1 ? 's' : ''}${NNBSP}: ${o.milestones
        .map((m) => `${milestoneName(o.metric, m)}, ${milestoneStateText(m)}`)
        .join(`${NNBSP}; `)}.`,
    );
  }
  if (o.forecast) {
    parts.push(
      o.forecast.reachOn
        ? `Prévision${NNBSP}: au rythme de ${rate(o.metric, o.forecast.ratePerMonth)}, objectif atteint vers le ${frenchDate(o.forecast.reachOn)}${o.forecast.reachOn > o.deadline ? ', après l’échéance' : ''}.`
        : `Prévision${NNBSP}: au rythme de ${rate(o.metric, o.forecast.ratePerMonth)}, l’objectif ne serait jamais atteint.`,
    );
  }
  return parts.join(' ');
};
