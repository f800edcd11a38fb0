/** When a failed delivery is tried again, and when it is given up. */
export interface WebhookRetryPolicy {
  /** The wait after the first failure; doubled after each further one. */
  readonly initialDelayMs: number;
  /** The longest wait between two attempts. */
  readonly maxDelayMs: number;
  /** A delivery still failing this long after it was enqueued is given up and kept as dead. */
  readonly maxAgeMs: number;
  /** How long one POST may take before it counts as failed. */
  readonly timeoutMs: number;
}

/** Ten seconds doubling up to an hour, for three days: a receiver down over a weekend still gets everything. */
export const defaultWebhookRetryPolicy: WebhookRetryPolicy = {
  initialDelayMs: 10_000,
  maxDelayMs: 3_600_000,
  maxAgeMs: 3 * 24 * 3_600_000,
  timeoutMs: 10_000,
};

/**
 * The wait after the `failures`-th failure: exponential, capped, with "equal jitter" (half fixed, half random)
 * so that deliveries failing together do not all come back at the same moment, yet never come back at once.
 */
export const retryDelay = (policy: WebhookRetryPolicy, failures: number, random: () => number): number => {
  const exponent = Math.min(Math.max(failures - 1, 0), 52);
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** exponent);
  const unit = Math.min(Math.max(random(), 0), 1);
  return Math.round(base / 2 + (base / 2) * unit);
};

export const checkRetryPolicy = (policy: WebhookRetryPolicy): void => {
  for (const [name, value] of Object.entries(policy)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new TypeError(`webhook retry policy: ${name} must be a positive number`);
  }
  if (policy.maxDelayMs < policy.initialDelayMs) throw new TypeError('webhook retry policy: maxDelayMs must be at least initialDelayMs');
};
