/** Bounded retries with full-jitter exponential backoff, for optimistic-concurrency conflicts. */
export interface RetryPolicy {
  /** Attempts in all, the first included. 1 means never retry. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 6, baseDelayMs: 2, maxDelayMs: 100 };

/** The pause before retry number `attempt` (1-based): uniformly random below the capped exponential. */
export const backoffDelay = (policy: RetryPolicy, attempt: number, random: () => number): number =>
  Math.floor(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)));

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
