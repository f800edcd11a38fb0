import type { ShopHealth } from '@shopstream/sdk';

/** When an instance stops taking traffic although its shop runs. */
export interface ReadinessPolicy {
  /**
   * The longest, in seconds, that an event may wait for a read model to apply it. Past it a command's
   * read-your-writes wait (the shop's `readYourWritesTimeoutMs`, 5 s by default) would give up before its own write
   * is readable, so keep this at most that long. Default 5.
   */
  readonly maxLagSeconds: number;
}

export const defaultReadinessPolicy: ReadinessPolicy = { maxLagSeconds: 5 };

/**
 * Whether an instance should be sent traffic: `ready`, or why not. `starting`, `stopping` and `stopped` follow the
 * shop; `failing` when a projection or a reactor (process, hook, webhook) has stopped on a failure; `lagging` when a
 * read model is further behind than the policy allows.
 */
export type Readiness = 'ready' | 'starting' | 'failing' | 'lagging' | 'stopping' | 'stopped';

/** The readiness rule, over the shop's health: the first reason in the order of the type's cases wins. */
export const readinessOf = (health: ShopHealth, policy: ReadinessPolicy): Readiness => {
  switch (health.shop) {
    case 'created':
    case 'starting':
      return 'starting';
    case 'stopping':
      return 'stopping';
    case 'stopped':
      return 'stopped';
    case 'running':
      break;
  }
  if (health.projections.some((p) => p.state === 'failed') || health.reactors.some((r) => r.state === 'failed')) return 'failing';
  if (health.projections.some((p) => p.lag.seconds > policy.maxLagSeconds)) return 'lagging';
  return 'ready';
};
