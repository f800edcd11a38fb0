import * as E from 'fp-ts/lib/Either.js';
import type { CallOptions, Shop } from '@shopstream/sdk';

/**
 * A 10%-off code, created unless the shop has it already (a simulation continued on the same shop).
 * The simulation opens one per day rather than one for the whole run: a coupon's stream holds every redemption
 * and its fold copies the redemptions at each one, so with one code for a million-event history every
 * redemption cost time quadratic in the redemptions before it.
 */
export const couponOfTheDay = async (shop: Shop, code: string, validFrom: number, validUntil: number, options: CallOptions): Promise<string> => {
  if ((await shop.promotion.coupon(code)) !== null) return code;
  const created = await shop.promotion.createCoupon(
    {
      code,
      terms: {
        currency: 'CNY',
        discount: { kind: 'percent', basisPoints: 1000, cap: { amount: 20_000, currency: 'CNY' } },
        minimumSpend: { amount: 10_000, currency: 'CNY' },
        validFrom: new Date(validFrom).toISOString(),
        validUntil: new Date(validUntil).toISOString(),
        totalLimit: null,
        perUserLimit: 3,
      },
    },
    options,
  );
  if (E.isLeft(created)) throw new Error(`the simulation's coupon ${code} was refused: ${JSON.stringify(created.left)}`);
  return code;
};
