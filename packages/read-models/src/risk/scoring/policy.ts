import type { RiskDecision } from '@shopstream/commerce/risk';

/** A count that is fine up to `limit`; each one past it adds `pointsEach`, up to `maxPoints`. */
export interface CountRule {
  readonly limit: number;
  readonly pointsEach: number;
  readonly maxPoints: number;
}

/**
 * The rules' parameters and the thresholds that turn a score into a decision. Change anything and change
 * `policyId` too: every assessment records the policy that made it, so an auditor can tell which rules applied.
 */
export interface RiskPolicy {
  readonly policyId: string;
  /** The window orders are counted in for velocity, and payment failures and coupon redemptions in theirs. */
  readonly velocityWindowHours: number;
  readonly failureWindowHours: number;
  readonly couponWindowHours: number;
  readonly velocity: {
    readonly account: CountRule;
    readonly device: CountRule;
    readonly ip: CountRule;
    readonly address: CountRule;
    readonly card: CountRule;
  };
  /** An account younger than `maxAgeHours` placing an order of at least `minTotal` (minor units). */
  readonly newAccountHighValue: { readonly maxAgeHours: number; readonly minTotal: number; readonly points: number };
  readonly paymentFailures: { readonly account: CountRule; readonly card: CountRule };
  /** Other accounts behind the same card, address key or device. */
  readonly sharedBy: { readonly card: CountRule; readonly address: CountRule; readonly device: CountRule };
  /** An order to a province the account never ordered to, after at least `minEarlierOrders` elsewhere. */
  readonly unusualRegion: { readonly minEarlierOrders: number; readonly points: number };
  /**
   * Return requests and refunds past `limit` plus `allowancePerCompletedOrder` for each completed order (a
   * customer who buys a lot may return more); coupons redeemed in the coupon window.
   */
  readonly returns: CountRule & { readonly allowancePerCompletedOrder: number };
  readonly refunds: CountRule & { readonly allowancePerCompletedOrder: number };
  readonly coupons: CountRule;
  /** A score at or above `hold` holds the order for a person; at or above `reject`, the order is refused. */
  readonly thresholds: { readonly hold: number; readonly reject: number };
}

export const defaultRiskPolicy: RiskPolicy = {
  policyId: 'default-v1',
  velocityWindowHours: 24,
  failureWindowHours: 72,
  couponWindowHours: 24 * 30,
  velocity: {
    account: { limit: 5, pointsEach: 10, maxPoints: 30 },
    device: { limit: 3, pointsEach: 10, maxPoints: 30 },
    ip: { limit: 5, pointsEach: 5, maxPoints: 20 },
    address: { limit: 4, pointsEach: 5, maxPoints: 20 },
    card: { limit: 3, pointsEach: 10, maxPoints: 30 },
  },
  newAccountHighValue: { maxAgeHours: 72, minTotal: 200_000, points: 25 },
  paymentFailures: { account: { limit: 2, pointsEach: 10, maxPoints: 30 }, card: { limit: 2, pointsEach: 10, maxPoints: 30 } },
  sharedBy: {
    card: { limit: 1, pointsEach: 15, maxPoints: 45 },
    address: { limit: 3, pointsEach: 5, maxPoints: 20 },
    device: { limit: 2, pointsEach: 10, maxPoints: 30 },
  },
  unusualRegion: { minEarlierOrders: 3, points: 15 },
  returns: { limit: 3, allowancePerCompletedOrder: 0.2, pointsEach: 10, maxPoints: 30 },
  refunds: { limit: 3, allowancePerCompletedOrder: 0.2, pointsEach: 10, maxPoints: 30 },
  coupons: { limit: 5, pointsEach: 5, maxPoints: 20 },
  thresholds: { hold: 40, reject: 80 },
};

/** What a score means under a policy. */
export const decisionFor = (score: number, policy: RiskPolicy): RiskDecision =>
  score >= policy.thresholds.reject ? 'reject' : score >= policy.thresholds.hold ? 'hold' : 'approve';
