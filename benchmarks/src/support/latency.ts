/** Latencies in milliseconds, summarised the way the HTTP targets are stated (a type, so it is `Json`). */
export type LatencySummary = {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
};

/** Nearest-rank percentile of sorted values. */
const rank = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;

const round2 = (n: number) => Math.round(n * 100) / 100;

export const summarise = (latencies: readonly number[]): LatencySummary => {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { count: sorted.length, p50: round2(rank(sorted, 50)), p99: round2(rank(sorted, 99)), max: round2(sorted[sorted.length - 1] ?? 0) };
};
