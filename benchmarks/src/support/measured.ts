/** One timed phase of a scenario: how much it did, wall and CPU time, and the resident set's peak. */
export interface Sample {
  /** What the phase counts per second (log events, requests...). */
  readonly events: number;
  /** A second count where the phase does more than one unit per event (events applied, summed over projections). */
  readonly deliveries: number;
  readonly seconds: number;
  /** User + system CPU of this process: inflated less than wall time by other processes' load. */
  readonly cpuSeconds: number;
  readonly peakRssMiB: number;
}

/** Samples the resident set every 20 ms while `body` runs: the peak of this phase, not of the whole process. */
export const measured = async (body: () => Promise<{ readonly events: number; readonly deliveries: number }>): Promise<Sample> => {
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  try {
    const { events, deliveries } = await body();
    peak = Math.max(peak, process.memoryUsage.rss());
    const used = process.cpuUsage(cpu);
    return {
      events,
      deliveries,
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
      cpuSeconds: (used.user + used.system) / 1e6,
      peakRssMiB: Math.round(peak / 2 ** 20),
    };
  } finally {
    clearInterval(sampler);
  }
};
