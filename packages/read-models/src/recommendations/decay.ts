/**
 * Time-decayed scores without a clock. A signal of weight `w` at time `t` is worth `w * 2^((t - EPOCH) / halfLife)`
 * relative to a fixed epoch: scaling every score by the same `2^(-(now - EPOCH) / halfLife)` gives the score
 * decayed to `now`, so comparing the stored sums ranks exactly as decaying them at query time would, and old
 * documents never need rewriting. The sums are kept as base-2 logarithms, because the raw values grow by a
 * factor of two each half-life and would overflow a double within decades.
 */
export const DECAY_EPOCH = '2026-01-01T00:00:00.000Z';
const EPOCH_MS = Date.parse(DECAY_EPOCH);
const DAY_MS = 86_400_000;

/** A log2-scaled decayed sum; `null` when nothing has been added. */
export type DecayedScore = number | null;

/** log2 of one signal's weight relative to the epoch. */
export const signalLog = (weight: number, occurredAt: string, halfLifeDays: number): number =>
  Math.log2(weight) + (Date.parse(occurredAt) - EPOCH_MS) / (halfLifeDays * DAY_MS);

/** log2(2^a + 2^b), computed without overflow. */
export const logAdd = (a: DecayedScore, b: number): number => {
  if (a === null) return b;
  const high = Math.max(a, b);
  const low = Math.min(a, b);
  return high + Math.log2(1 + 2 ** (low - high));
};

/** Adds one signal to a decayed sum. */
export const addSignal = (score: DecayedScore, weight: number, occurredAt: string, halfLifeDays: number): number =>
  logAdd(score, signalLog(weight, occurredAt, halfLifeDays));

/** A score as a share of the strongest one of its list, in (0, 1]: what two logs say on a linear scale. */
export const shareOf = (score: number, strongest: number): number => 2 ** (score - strongest);
