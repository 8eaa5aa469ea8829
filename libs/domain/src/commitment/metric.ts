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

/**
 * The French writing of a number, remembered: a board writes the same few values (percentages,
 * targets) thousands of times, and Intl formatting is most of a sentence's cost. Bounded: cleared
 * when full. -0 is written « -0 », so it is not remembered under 0.
 */
const FORMATTED = new Map<number, string>();
const frenchNumber = (value: number): string => {
  if (Object.is(value, -0)) return FRENCH_NUMBER.format(value);
  let text = FORMATTED.get(value);
  if (text === undefined) {
    text = FRENCH_NUMBER.format(value);
    if (FORMATTED.size >= 20_000) FORMATTED.clear();
    FORMATTED.set(value, text);
  }
  return text;
};

export const formatValue = (metric: Pick<Metric, 'kind' | 'unit'>, value: number): string => {
  const n = frenchNumber(value);
  switch (metric.kind) {
    case 'percentage':
      // U+202F: French typography's narrow no-break space before « % ».
      return `${n}\u202f%`;
    case 'boolean':
      return value >= 1 ? 'réalisé' : 'non réalisé';
    case 'score':
      return `${n}/10`;
    case 'count':
      return metric.unit ? `${n} ${unitFor(metric.unit, value)}` : n;
  }
};

/**
 * A target as a goal reads: « 100 % », « 5 étapes », and for a yes/no action « action réalisée »
 * (its value, « réalisé », would read as if it were done).
 */
export const formatTarget = (metric: Pick<Metric, 'kind' | 'unit'>, target: number): string =>
  metric.kind === 'boolean' ? 'action réalisée' : formatValue(metric, target);

/** Words that end a unit's noun group: what follows them keeps its number (« dans l'année »). */
const UNIT_BREAKS = new Set([
  'de',
  'du',
  'des',
  'dans',
  'en',
  'à',
  'au',
  'aux',
  'pour',
  'par',
  'sur',
]);

/**
 * A count's unit with the number of its value: French takes the singular below 2 (« 1 étape »,
 * « 1,5 étape », « 0 startup lancée dans l'année », « 1 mise en relation »). The catalogue writes
 * units in the plural; its noun group (up to a preposition) loses its plural `s`, a name
 * (« Tchap ») and what follows the preposition are kept.
 */
export const unitFor = (unit: string, value: number): string => {
  if (Math.abs(value) >= 2) return unit;
  const words = unit.split(' ');
  const out: string[] = [];
  let inGroup = true;
  for (const word of words) {
    if (UNIT_BREAKS.has(word.toLowerCase()) || /^[dl]['’]/i.test(word)) inGroup = false;
    const singular = inGroup && /^\p{Ll}[\p{L}-]*[^s]s$/u.test(word) ? word.slice(0, -1) : word;
    out.push(singular);
  }
  return out.join(' ');
};
