import { defineEvent } from '@shopstream/kernel';
import type { EventOf } from '@shopstream/kernel';
import { z } from 'zod';

const Instant = z.iso.datetime();
const Id = z.string().min(1);

/** What the policy decided about an order: let it ship, hold it for a person, or refuse it. */
export const RiskDecision = z.enum(['approve', 'hold', 'reject']);
export type RiskDecision = z.infer<typeof RiskDecision>;

/** One rule that fired, and the points it added: the reasons of an assessment explain every point of its score. */
export const RiskReason = z.strictObject({
  /** The rule, e.g. `account_velocity`, `shared_card`. */
  code: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/),
  points: z.number().int().min(1).max(100),
  /** What was observed, for the reviewer: "5 orders from this device in 24 h (limit 3)". No personal data. */
  detail: z.string().min(1).max(500),
});
export type RiskReason = z.infer<typeof RiskReason>;

// The risk stream: `risk-<orderId>`, one per assessed order.
export const RiskAssessed = defineEvent(
  'RiskAssessed',
  z.strictObject({
    orderId: Id,
    customerId: Id,
    /** `min(100, sum of the reasons' points)`; the decider refuses any other. */
    score: z.number().int().min(0).max(100),
    reasons: z.array(RiskReason),
    /** The counts the rules read (orders per device in the window, accounts per card, ...), so the decision can be replayed. */
    signals: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,62}$/), z.number().finite()),
    /** Which policy, at which version of its rules and thresholds, scored and decided. */
    policyId: Id,
    decision: RiskDecision,
    assessedAt: Instant,
  }),
);

export const riskEvents = [RiskAssessed] as const;

export type RiskEvent = EventOf<(typeof riskEvents)[number]>;
export type RiskEventType = RiskEvent['type'];
