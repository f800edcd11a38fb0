import { problem } from '../problem/problem.js';
import { refused } from '../routing/route.js';
import type { Reply } from '../routing/route.js';
import type { LimitDecision } from './rateLimiter.js';

/** The 429 a refused attempt answers; it does not say which limit, so it reveals nothing about the account. */
export const tooManyAttempts = (decision: Extract<LimitDecision, { allowed: false }>): Reply =>
  refused(problem(429, 'TooManyAttempts', 'too many attempts; try again later', { code: 'TooManyAttempts', retryAfterSeconds: decision.retryAfterSeconds }), {
    'retry-after': String(decision.retryAfterSeconds),
  });
