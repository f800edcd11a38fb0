/** A JSON value, so every result can be written to results/ as it is. */
export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

/** What one scenario reports. The runner adds the machine and the time and writes it to results/. */
export interface ScenarioResult {
  /** One line for the console: the headline figures. */
  readonly summary: string;
  /** The figure a scenario is held to, when it has one. */
  readonly target?: { readonly description: string; readonly met: boolean };
  /** How it was measured, in a sentence or two, so a reader of the JSON need not read the code. */
  readonly method: string;
  /** Every figure, for the JSON. */
  readonly figures: Json;
}

/**
 * A module in src/scenarios/: `export const name = 'append'` and `export const run = async () => result`.
 * The runner finds every such module by itself; a new scenario needs no registration.
 */
export interface Scenario {
  readonly name: string;
  readonly run: () => Promise<ScenarioResult>;
}

/** Median of a non-empty list: the figure benchmarks report, as it shrugs off a noisy round. */
export const median = (values: readonly number[]): number => {
  if (values.length === 0) throw new RangeError('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >>> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};
