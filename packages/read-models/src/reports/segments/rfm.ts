/**
 * Recency, frequency and monetary scores (1 = worst, 5 = best) and the segments and purchasing-power bands
 * they put a customer in. Pure, so every rule is tested without a store.
 */

/** Four ascending cut points give five scores. */
export type CutPoints = readonly [number, number, number, number];

export type RfmScoring =
  /** Scores by rank among the customers scored: the best fifth gets 5. Equal values get equal scores. */
  | { readonly kind: 'quintiles' }
  /**
   * Fixed cut points. Recency in days: at most the first point scores 5, beyond the last scores 1. Frequency
   * (orders) and monetary (minor units): below the first point scores 1, at or above the last scores 5.
   */
  | { readonly kind: 'thresholds'; readonly recencyDays: CutPoints; readonly frequency: CutPoints; readonly monetary: CutPoints };

export const CUSTOMER_SEGMENTS = ['champions', 'loyal', 'new', 'at_risk', 'hibernating', 'potential'] as const;
export type CustomerSegment = (typeof CUSTOMER_SEGMENTS)[number];

export interface RfmScores {
  readonly r: number;
  readonly f: number;
  readonly m: number;
}

/**
 * The segment of a score, first rule that holds: champions (R, F and M all 4+), loyal (F 4+), new (R 4+ and
 * F 2 or less), at risk (R 2 or less, F 3+), hibernating (R and F 2 or less), potential (the rest).
 */
export const segmentOf = ({ r, f, m }: RfmScores): CustomerSegment => {
  if (r >= 4 && f >= 4 && m >= 4) return 'champions';
  if (f >= 4) return 'loyal';
  if (r >= 4 && f <= 2) return 'new';
  if (r <= 2 && f >= 3) return 'at_risk';
  if (r <= 2 && f <= 2) return 'hibernating';
  return 'potential';
};

/** Quintile scores of values where more is better: 1 + the fifth of the others that are strictly worse. */
export const quintileScores = (values: readonly number[]): number[] => {
  const sorted = [...values].sort((a, b) => a - b);
  const below = (value: number): number => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sorted[mid] ?? 0) < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return values.map((value) => 1 + Math.floor((5 * below(value)) / values.length));
};

export const thresholdScore = (value: number, cuts: CutPoints): number => 1 + cuts.filter((cut) => value >= cut).length;

export const recencyThresholdScore = (days: number, cuts: CutPoints): number => 5 - cuts.filter((cut) => days > cut).length;

export interface CustomerValues {
  readonly recencyDays: number;
  readonly frequency: number;
  readonly monetary: number;
}

/** Scores every customer, relative to each other for quintiles. */
export const scoreCustomers = (customers: readonly CustomerValues[], scoring: RfmScoring): RfmScores[] => {
  if (scoring.kind === 'thresholds') {
    return customers.map((c) => ({
      r: recencyThresholdScore(c.recencyDays, scoring.recencyDays),
      f: thresholdScore(c.frequency, scoring.frequency),
      m: thresholdScore(c.monetary, scoring.monetary),
    }));
  }
  // Fewer days since the last order is better, so recency ranks by its negation.
  const r = quintileScores(customers.map((c) => -c.recencyDays));
  const f = quintileScores(customers.map((c) => c.frequency));
  const m = quintileScores(customers.map((c) => c.monetary));
  return customers.map((_, i) => ({ r: r[i] ?? 1, f: f[i] ?? 1, m: m[i] ?? 1 }));
};

/** A purchasing-power band: customers who spent at least `from` minor units, up to the next band. */
export interface PowerBand {
  readonly name: string;
  readonly from: number;
}

/** In CNY fen: under 200 yuan, under 1,000, under 5,000, and above. */
export const DEFAULT_POWER_BANDS: readonly PowerBand[] = [
  { name: 'low', from: Number.MIN_SAFE_INTEGER },
  { name: 'medium', from: 20_000 },
  { name: 'high', from: 100_000 },
  { name: 'premium', from: 500_000 },
];

export const powerBandOf = (monetary: number, bands: readonly PowerBand[]): string | null =>
  [...bands].sort((a, b) => a.from - b.from).reduce<string | null>((band, candidate) => (monetary >= candidate.from ? candidate.name : band), null);
