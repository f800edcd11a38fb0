import { readFileSync, writeFileSync } from 'node:fs';

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

/**
 * The resident set's peak as the kernel tracks it (VmHWM), after resetting it when `reset` is set; null where there
 * is no /proc (not Linux). A timer sampling RSS misses the peaks of work that does not yield to timers: a rebuild's
 * catch-up runs on promises that settle at once over synchronous better-sqlite3 calls, so a 20 ms sampler fired
 * only once it had ended and reported its last RSS as its peak (7 Dec 2026: 1,853 MiB for a peak of 1,973).
 */
export const kernelPeakRssMiB = (reset = false): number | null => {
  try {
    if (reset) writeFileSync('/proc/self/clear_refs', '5');
    const kib = /VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kib === undefined ? null : Math.round(Number(kib) / 1024);
  } catch {
    return null;
  }
};

/**
 * Runs `body` as one phase: wall and CPU time, and the peak of the resident set during this phase alone (the
 * kernel's high-water mark, reset at the start; off Linux, RSS sampled every 20 ms, which can miss a peak).
 */
export const measured = async (body: () => Promise<{ readonly events: number; readonly deliveries: number }>): Promise<Sample> => {
  const kernel = kernelPeakRssMiB(true) !== null;
  let peak = process.memoryUsage.rss();
  const sampler = kernel
    ? undefined
    : setInterval(() => {
        peak = Math.max(peak, process.memoryUsage.rss());
      }, 20);
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  try {
    const { events, deliveries } = await body();
    const used = process.cpuUsage(cpu);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const peakRssMiB = kernelPeakRssMiB() ?? Math.round(Math.max(peak, process.memoryUsage.rss()) / 2 ** 20);
    return { events, deliveries, seconds, cpuSeconds: (used.user + used.system) / 1e6, peakRssMiB };
  } finally {
    clearInterval(sampler);
  }
};
