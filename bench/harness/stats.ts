/** Nearest-rank percentile of unsorted values; null for none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export interface Distribution {
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  min: number | null;
}

export function distribution(values: readonly number[]): Distribution {
  let min: number | null = null;
  let max: number | null = null;
  for (const value of values) {
    if (min === null || value < min) min = value;
    if (max === null || value > max) max = value;
  }
  return { count: values.length, p50: percentile(values, 50), p95: percentile(values, 95), p99: percentile(values, 99), max, min };
}

export function round(value: number | null, digits = 1): number | null {
  return value === null || !Number.isFinite(value) ? null : Number(value.toFixed(digits));
}

export function ratio(part: number, whole: number, digits = 3): number | null {
  return whole === 0 ? null : round(part / whole, digits);
}
