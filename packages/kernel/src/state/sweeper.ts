import { DEFAULT_SWEEP_INTERVAL_MS } from './stateStore.js';

/** A state store's sweep of expired entries, run by itself now and then and by `ShopStateStore.sweep()`. */
export interface Sweeper {
  /** Sweeps now, once a sweep already under way has ended (two never overlap); how many entries it deleted. */
  sweep(): Promise<number>;
  /** Stops the background sweeps and waits for one under way, so that the store may release its storage after. */
  stop(): Promise<void>;
}

/**
 * Runs `sweep` every `intervalMs` (0: never) on a timer that keeps no process alive. A background sweep that fails
 * is tried again at the next interval: reads never see expired entries anyway, so a late sweep costs only space.
 */
export const sweeper = (sweep: () => number | Promise<number>, intervalMs: number = DEFAULT_SWEEP_INTERVAL_MS): Sweeper => {
  let last: Promise<unknown> = Promise.resolve();
  const run = (): Promise<number> => {
    const next = last.then(sweep);
    last = next.catch(() => undefined);
    return next;
  };
  const timer =
    intervalMs > 0
      ? setInterval(() => {
          run().catch(() => undefined);
        }, intervalMs)
      : undefined;
  timer?.unref();
  return {
    sweep: run,
    stop: async () => {
      if (timer) clearInterval(timer);
      await last;
    },
  };
};
