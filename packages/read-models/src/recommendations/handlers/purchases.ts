import type { OrderingEvent } from '@shopstream/commerce/ordering';
import type { ProjectionHandlers } from '@shopstream/kernel';
import { addAffinity } from './affinity.js';
import { isPersonalised } from './consent.js';
import type { RecommendationsContext } from '../context.js';
import type { PendingOrderDoc, ProductDoc, PurchaseDoc, RecommendationsCollection, WindowDoc } from '../documents.js';
import { orderWindowId, purchaseId } from '../documents.js';
import { addNeighbours, linkAll, withinWindow } from './neighbours.js';
import type { RecommendationsPolicy } from '../policy.js';
import { addPopularity } from './products.js';

const DAY_MS = 86_400_000;

const forget = async (ctx: RecommendationsContext, orderId: string): Promise<void> => {
  await ctx.collection<PendingOrderDoc>('orders').deleteOne({ _id: orderId });
};

/**
 * A paid order is the strongest signal there is. For everyone it raises its products' popularity, records them
 * as bought (so lists can leave them out, for consenting customers) and pairs them as bought together. For a
 * consenting customer it also feeds their tastes and pairs the order with their orders of the last window.
 */
const countPaidOrder = async (ctx: RecommendationsContext, order: PendingOrderDoc, at: string, policy: RecommendationsPolicy): Promise<void> => {
  const products: ProductDoc[] = [];
  for (const productId of order.productIds) {
    products.push(await addPopularity(ctx, productId, policy.weights.purchase, at, policy.halfLifeDays.popularity));
    await ctx.collection<PurchaseDoc>('purchases').replaceOne({ _id: purchaseId(order.customerId, productId), customerId: order.customerId, productId, lastAt: at });
  }
  const pairs = { halfLifeDays: policy.halfLifeDays.pairs, max: policy.maxNeighbours };
  const basket = order.productIds.slice(0, policy.maxBasketItems);
  for (const productId of basket) await addNeighbours(ctx, 'bought', productId, basket, at, pairs);

  if (!(await isPersonalised(ctx, order.customerId))) return;
  await addAffinity(ctx, order.customerId, products, policy.weights.purchase, at, policy.halfLifeDays.affinity);
  const windows = ctx.collection<WindowDoc>('windows');
  const _id = orderWindowId(order.customerId);
  const recent = withinWindow((await windows.get(_id))?.items ?? [], at, policy.purchaseWindowDays * DAY_MS).filter((item) => !basket.includes(item.productId));
  await linkAll(
    ctx,
    'bought',
    basket,
    recent.map((item) => item.productId),
    at,
    pairs,
  );
  const items = [...basket.map((productId) => ({ productId, at })), ...recent].slice(0, policy.maxPurchasesInWindow);
  await windows.replaceOne({ _id, customerId: order.customerId, items });
};

export const orderingHandlers = (policy: RecommendationsPolicy): ProjectionHandlers<OrderingEvent, RecommendationsCollection> => ({
  OrderPlaced: async ({ data }, ctx) => {
    const productIds = [...new Set(data.lines.map((line) => line.productId))];
    await ctx.collection<PendingOrderDoc>('orders').replaceOne({ _id: data.orderId, customerId: data.customerId, productIds });
  },
  OrderPaid: async (event, ctx) => {
    const order = await ctx.collection<PendingOrderDoc>('orders').get(event.data.orderId);
    if (order === null) return;
    await forget(ctx, order._id);
    await countPaidOrder(ctx, order, event.occurredAt, policy);
  },
  // An order given up before payment counts for nothing; after payment it has already counted, as a sale did happen.
  OrderCancelled: async ({ data }, ctx) => forget(ctx, data.orderId),
  OrderRejectedForRisk: async ({ data }, ctx) => forget(ctx, data.orderId),
});
