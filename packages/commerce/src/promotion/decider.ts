import type { Decider, DecisionContext } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { match } from 'ts-pattern';
import type { PromotionCommand } from './commands.js';
import type { PromotionError, TermsProblem } from './errors.js';
import { evaluate } from './evaluate.js';
import type { Coupon } from './evaluate.js';
import type { PromotionEvent } from './events.js';
import type { CouponTerms } from './values.js';

export type CouponState = { readonly status: 'none' } | Coupon;

const exists = (state: CouponState): state is Coupon => state.status !== 'none';

const onCoupon = (state: CouponState, code: string, change: (coupon: Coupon) => Coupon): CouponState =>
  exists(state) && state.code === code ? change(state) : state;

const evolve = (state: CouponState, event: PromotionEvent): CouponState =>
  match(event)
    .returnType<CouponState>()
    .with({ type: 'CouponCreated' }, ({ data }) => ({ status: 'enabled', code: data.code, terms: data.terms, redemptions: {} }))
    .with({ type: 'CouponDisabled' }, ({ data }) => onCoupon(state, data.code, (c) => ({ ...c, status: 'disabled' })))
    .with({ type: 'CouponEnabled' }, ({ data }) => onCoupon(state, data.code, (c) => ({ ...c, status: 'enabled' })))
    .with({ type: 'CouponRedeemed' }, ({ data }) =>
      onCoupon(state, data.code, (c) => ({
        ...c,
        redemptions: { ...c.redemptions, [data.orderId]: { userId: data.userId, discount: data.discount, released: false } },
      })),
    )
    .with({ type: 'CouponRedemptionReleased' }, ({ data }) =>
      onCoupon(state, data.code, (c) => {
        const redemption = c.redemptions[data.orderId];
        return redemption ? { ...c, redemptions: { ...c.redemptions, [data.orderId]: { ...redemption, released: true } } } : c;
      }),
    )
    .exhaustive();

const termsProblems = (terms: CouponTerms): TermsProblem[] => {
  const amounts = [terms.minimumSpend, ...(terms.discount.kind === 'fixed' ? [terms.discount.amount] : terms.discount.cap ? [terms.discount.cap] : [])];
  return [
    ...(Date.parse(terms.validFrom) < Date.parse(terms.validUntil) ? [] : (['EmptyValidityWindow'] as const)),
    ...(amounts.every((m) => m.currency === terms.currency) ? [] : (['CurrencyMismatch'] as const)),
  ];
};

type Decision = Either<PromotionError, readonly PromotionEvent[]>;
const accept = (...events: PromotionEvent[]): Decision => E.right(events);
const reject = (error: PromotionError): Decision => E.left(error);

const decideOn = (command: Exclude<PromotionCommand, { type: 'CreateCoupon' }>, coupon: Coupon, { now }: DecisionContext): Decision => {
  const { code } = coupon;
  return match(command)
    .returnType<Decision>()
    .with({ type: 'DisableCoupon' }, ({ reason }) => (coupon.status === 'disabled' ? accept() : accept({ type: 'CouponDisabled', data: { code, reason } })))
    .with({ type: 'EnableCoupon' }, () => (coupon.status === 'enabled' ? accept() : accept({ type: 'CouponEnabled', data: { code } })))
    .with({ type: 'RedeemCoupon' }, ({ orderId, userId, subtotal }) => {
      const earlier = coupon.redemptions[orderId];
      // A retry for an order already redeemed changes nothing, even if the coupon has since run out.
      if (earlier) return earlier.released ? reject({ _tag: 'CouponRedemptionAlreadyReleased', code, orderId }) : accept();
      const discount = evaluate(coupon, { subtotal, userId, now });
      return E.isLeft(discount) ? discount : accept({ type: 'CouponRedeemed', data: { code, orderId, userId, subtotal, discount: discount.right } });
    })
    .with({ type: 'ReleaseCouponRedemption' }, ({ orderId, reason }) => {
      const redemption = coupon.redemptions[orderId];
      if (!redemption) return reject({ _tag: 'CouponRedemptionNotFound', code, orderId });
      return redemption.released ? accept() : accept({ type: 'CouponRedemptionReleased', data: { code, orderId, userId: redemption.userId, reason } });
    })
    .exhaustive();
};

const decide = (command: PromotionCommand, state: CouponState, context: DecisionContext): Decision => {
  if (command.type === 'CreateCoupon') {
    if (exists(state)) return reject({ _tag: 'CouponAlreadyExists', code: command.code });
    const problems = termsProblems(command.terms);
    if (problems.length > 0) return reject({ _tag: 'InvalidCouponTerms', code: command.code, problems });
    return accept({ type: 'CouponCreated', data: { code: command.code, terms: command.terms } });
  }
  if (!exists(state) || state.code !== command.code) return reject({ _tag: 'CouponNotFound', code: command.code });
  return decideOn(command, state, context);
};

/** A coupon, its terms and its redemptions. Stream: `coupon-<code>`. */
export const couponDecider: Decider<CouponState, PromotionCommand, PromotionEvent, PromotionError> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide,
};
