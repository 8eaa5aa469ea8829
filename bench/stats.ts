/** Small statistics and formatting helpers for the benchmarks. */

export const median = (values: readonly number[]): number => quantile(values, 0.5);

/** Nearest-rank quantile (p in [0, 1]). */
export const quantile = (values: readonly number[], p: number): number => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1];
};

export const now = (): number => performance.now();

/** Runs `fn`, returning its result and its duration in milliseconds. */
export const timed = async <T>(fn: () => T | Promise<T>): Promise<{ value: T; ms: number }> => {
  const started = now();
  const value = await fn();
  return { value, ms: now() - started };
};

export const fmt = (n: number, digits = 0): string =>
  Number.isFinite(n)
    ? n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : 'n/a';

export const pct = (ratio: number): string => `${fmt(ratio * 100, 1)} %`;

export const mib = (bytes: number): string => `${fmt(bytes / 1024 / 1024)} MiB`;
