import type { Clock } from '@shopstream/kernel';
import type { Shop } from '@shopstream/sdk';
import type { Sessions } from '../auth/sessions.js';
import type { IdempotencyRecords } from '../idempotency/idempotency.js';
import type { Logger } from '../http/logging.js';
import type { ReadinessPolicy } from '../operations/readiness.js';
import type { RateLimiter } from '../limits/rateLimiter.js';
import type { StatePort } from '../state/statePort.js';

/** What the routes are built over: the shop, and the HTTP layer's own state. */
export interface RouteContext {
  readonly shop: Shop;
  readonly clock: Clock;
  readonly state: StatePort;
  readonly sessions: Sessions;
  readonly idempotency: IdempotencyRecords;
  readonly limiters: Readonly<Record<'login' | 'registration' | 'verification', RateLimiter>>;
  readonly logger: Logger;
  /** How often an idle event stream sends a comment. */
  readonly heartbeatMs: number;
  /** When the readiness probe turns traffic away from a running shop. */
  readonly readiness: ReadinessPolicy;
}
