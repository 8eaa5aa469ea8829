import type { Direction, Metric, MetricKind } from './commitment.events';

interface Range {
  min: number;
  max: number;
  integer: boolean;
}

const RANGES: Record<MetricKind, Range> = {
  percentage: { min: 0, max: 100, integer: false },
  count: { min: 0, max: Number.MAX_SAFE_INTEGER, integer: false },
  boolean: { min: 0, max: 1, integer: true },
  // Scores are ratings out of 10, as in the State's satisfaction surveys ("au moins 7/10").
  score: { min: 0, max: 10, integer: false },
};

export const metricRange = (kind: MetricKind): Range => RANGES[kind];

export const describeRange = (kind: MetricKind): string => {
  const r = RANGES[kind];
  if (kind === 'boolean') return '{0, 1}';
  return r.max === Number.MAX_SAFE_INTEGER ? `[${r.min}, ∞)` : `[${r.min}, ${r.max}]`;
};

export const isInRange = (kind: MetricKind, value: number): boolean => {
  const r = RANGES[kind];
  return (
    Number.isFinite(value) &&
    value >= r.min &&
    value <= r.max &&
    (!r.integer || Number.isInteger(value))
  );
};

/** Direction-aware: an `increase` metric reaches its target from below, a `decrease` one from above. */
export const reaches = (direction: Direction, value: number, target: number): boolean =>
  direction === 'increase' ? value >= target : value <= target;

/** Built once: constructing an Intl.NumberFormat costs more than formatting with it. */
const FRENCH_NUMBER = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

export const formatValue = (metric: Pick<Metric, 'kind' | 'unit'>, value: number): string => {
  const n = FRENCH_NUMBER.format(value);
  switch (metric.kind) {
    case 'percentage':
      // U+202F: French typography's narrow no-break space before « % ».
      return `${n}\u202f%`;
    case 'boolean':
      return value >= 1 ? 'réalisé' : 'non réalisé';
    case 'score':
      return `${n}/10`;
    case 'count':
      return metric.unit ? `${n} ${metric.unit}` : n;
  }
};
