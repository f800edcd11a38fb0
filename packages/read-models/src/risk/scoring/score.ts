import type { RiskReason } from '@shopstream/commerce/risk';
import type { CountRule, RiskPolicy } from './policy.js';
import type { OrderSignals } from './signals.js';

export interface RiskScore {
  /** `min(100, sum of the reasons' points)`. */
  readonly score: number;
  /** Every rule that fired, in the policy's order; together they explain every point. */
  readonly reasons: readonly RiskReason[];
}

/** Points for a count under a rule: none up to the limit, then `pointsEach` per extra, capped. */
export const countPoints = (count: number, rule: CountRule): number =>
  count <= rule.limit ? 0 : Math.min(rule.maxPoints, Math.ceil(count - rule.limit) * rule.pointsEach);

/**
 * Scores an order from its signals under a policy: a pure function, so a score can be explained and replayed.
 * Every rule is monotone (a worse signal never gives fewer points), so adding a bad signal never lowers the score.
 */
export const scoreOrder = (signals: OrderSignals, policy: RiskPolicy): RiskScore => {
  const reasons: RiskReason[] = [];
  const add = (code: string, points: number, detail: string): void => {
    const whole = Math.min(100, Math.round(points));
    if (whole > 0) reasons.push({ code, points: whole, detail });
  };
  const counted = (code: string, count: number | null, rule: CountRule, what: (count: number) => string): void => {
    if (count !== null) add(code, countPoints(count, rule), `${what(count)} (limit ${rule.limit})`);
  };
  const hours = (h: number): string => `${h} h`;
  const v = policy.velocity;
  const window = hours(policy.velocityWindowHours);

  counted('account_velocity', signals.accountOrders, v.account, (n) => `${n} orders from this account in ${window}`);
  counted('device_velocity', signals.deviceOrders, v.device, (n) => `${n} orders from this device in ${window}`);
  counted('ip_velocity', signals.ipOrders, v.ip, (n) => `${n} orders from this IP in ${window}`);
  counted('address_velocity', signals.addressOrders, v.address, (n) => `${n} orders to this address in ${window}`);
  counted('card_velocity', signals.cardOrders, v.card, (n) => `${n} orders with this card in ${window}`);

  const fresh = policy.newAccountHighValue;
  if (signals.accountAgeHours !== null && signals.accountAgeHours < fresh.maxAgeHours && signals.orderTotal >= fresh.minTotal) {
    add('new_account_high_value', fresh.points, `account ${Math.floor(signals.accountAgeHours)} h old orders ${signals.orderTotal} (from ${fresh.minTotal} within ${fresh.maxAgeHours} h)`);
  }

  const failures = hours(policy.failureWindowHours);
  counted('payment_failures', signals.accountPaymentFailures, policy.paymentFailures.account, (n) => `${n} failed payments on this account in ${failures}`);
  counted('card_payment_failures', signals.cardPaymentFailures, policy.paymentFailures.card, (n) => `${n} failed payments with this card in ${failures}`);

  counted('shared_card', signals.accountsSharingCard, policy.sharedBy.card, (n) => `card used by ${n} other accounts`);
  counted('shared_address', signals.accountsSharingAddress, policy.sharedBy.address, (n) => `address used by ${n} other accounts`);
  counted('shared_device', signals.accountsSharingDevice, policy.sharedBy.device, (n) => `device used by ${n} other accounts`);

  const region = policy.unusualRegion;
  if (signals.ordersToProvince === 0 && signals.ordersElsewhere >= region.minEarlierOrders) {
    add('unusual_region', region.points, `first order to this province after ${signals.ordersElsewhere} orders elsewhere`);
  }

  const allowance = (rule: CountRule & { readonly allowancePerCompletedOrder: number }): CountRule => ({
    ...rule,
    limit: rule.limit + Math.floor(Math.max(0, signals.completedOrders) * rule.allowancePerCompletedOrder),
  });
  counted('returns_abuse', signals.returnRequests, allowance(policy.returns), (n) => `${n} return requests after ${signals.completedOrders} completed orders`);
  counted('refunds_abuse', signals.refundsIssued, allowance(policy.refunds), (n) => `${n} after-sales refunds after ${signals.completedOrders} completed orders`);
  counted('coupon_abuse', signals.couponRedemptions, policy.coupons, (n) => `${n} coupons redeemed in ${hours(policy.couponWindowHours)}`);

  return { score: Math.min(100, reasons.reduce((total, r) => total + r.points, 0)), reasons };
};
