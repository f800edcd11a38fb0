import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { HandleOptions } from '@shopstream/kernel';
import { AdjustStock, inventoryStream, ReceiveStock, stockLevels } from '@shopstream/commerce/inventory';
import type { InventoryCommand } from '@shopstream/commerce/inventory';
import { couponDecider, couponStream, CreateCoupon, DisableCoupon, EnableCoupon } from '@shopstream/commerce/promotion';
import type { Coupon, PromotionCommand } from '@shopstream/commerce/promotion';
import { commerceReader } from '@shopstream/commerce/processes';
import type { StockLevels } from '@shopstream/commerce/inventory';
import type { z } from 'zod';
import type { ShopContext } from '../../shop/context.js';
import { loadAggregate } from '../../shop/handlers.js';
import type { ShopError } from '../errors.js';
import { parse } from '../support.js';
import type { InventoryFacade, PromotionFacade } from './api.js';

export const inventoryFacade = (context: ShopContext): InventoryFacade => {
  const { handlers, gate } = context;
  const read = commerceReader(context.storage.eventStore, context.handlers);

  const send = async (schema: z.ZodType<InventoryCommand>, command: unknown, h: HandleOptions): Promise<Either<ShopError, StockLevels>> => {
    const parsed = parse(schema, command);
    if (E.isLeft(parsed)) return parsed;
    const result = await handlers.inventory(inventoryStream(parsed.right.sku), parsed.right, h);
    return E.isLeft(result) ? result : E.right(stockLevels(result.right.state));
  };

  return {
    receiveStock: (input, options) =>
      gate.run(options, async (h) => {
        const reference = input.reference ?? null;
        // A delivery note handed in twice (a retried request, a double click) is received once.
        if (reference !== null && (await read.stockReferences(input.sku)).references.includes(reference)) return E.right(stockLevels(await read.stock(input.sku)));
        return send(ReceiveStock, { type: 'ReceiveStock', sku: input.sku, quantity: input.quantity, reference }, h);
      }),
    adjustStock: (input, options) => gate.run(options, (h) => send(AdjustStock, { type: 'AdjustStock', sku: input.sku, counted: input.counted, reason: input.reason }, h)),
    stock: async (sku) => stockLevels(await read.stock(sku)),
  };
};

export const promotionFacade = (context: ShopContext): PromotionFacade => {
  const { handlers, gate } = context;

  const send = async (schema: z.ZodType<PromotionCommand>, command: unknown, h: HandleOptions): Promise<Either<ShopError, Coupon>> => {
    const parsed = parse(schema, command);
    if (E.isLeft(parsed)) return parsed;
    const result = await handlers.coupons(couponStream(parsed.right.code), parsed.right, h);
    if (E.isLeft(result)) return result;
    const state = result.right.state;
    return state.status === 'none' ? E.left({ _tag: 'CouponNotFound', code: parsed.right.code }) : E.right(state);
  };

  return {
    createCoupon: (input, options) => gate.run(options, (h) => send(CreateCoupon, { type: 'CreateCoupon', code: input.code, terms: input.terms }, h)),
    disableCoupon: (code, reason, options) => gate.run(options, (h) => send(DisableCoupon, { type: 'DisableCoupon', code, reason }, h)),
    enableCoupon: (code, options) => gate.run(options, (h) => send(EnableCoupon, { type: 'EnableCoupon', code }, h)),
    coupon: async (code) => {
      const { state } = await loadAggregate(context.storage.eventStore, couponDecider, couponStream(code));
      return state.status === 'none' ? null : state;
    },
  };
};
