import type { OrderingEvent } from '@shopstream/commerce/ordering';
import type { ProjectionContext, ProjectionHandlers } from '@shopstream/kernel';
import type { SearchCollection } from '../collections.js';
import type { OrderDocument } from '../documents.js';
import { changeProduct } from '../product.js';

type Context = ProjectionContext<SearchCollection>;

const addSales = async (context: Context, order: OrderDocument, sign: 1 | -1): Promise<void> => {
  for (const line of order.lines) await changeProduct(context, line.productId, (product) => ({ ...product, sales: product.sales + sign * line.quantity }));
};

/** An order stops counting (or never starts) when it is cancelled or rejected for risk. */
const voidOrder = async (context: Context, orderId: string): Promise<void> => {
  const orders = context.collection<OrderDocument>('orders');
  const order = await orders.get(orderId);
  if (!order || order.state === 'voided') return;
  await orders.replaceOne({ ...order, state: 'voided' });
  if (order.state === 'counted') await addSales(context, order, -1);
};

/**
 * Sales: a sale counts when the order is paid, the moment the shop has the money and the stock leaves the
 * shelf for good. Placing alone is no sale (many placed orders are never paid), and a paid order that is
 * cancelled or rejected afterwards is refunded in full, so its units stop counting.
 */
export const salesHandlers: ProjectionHandlers<OrderingEvent, SearchCollection> = {
  OrderPlaced: async ({ data }, context) => {
    const orders = context.collection<OrderDocument>('orders');
    if (await orders.get(data.orderId)) return;
    await orders.replaceOne({ _id: data.orderId, lines: data.lines.map(({ productId, quantity }) => ({ productId, quantity })), state: 'placed' });
  },
  OrderPaid: async ({ data }, context) => {
    const orders = context.collection<OrderDocument>('orders');
    const order = await orders.get(data.orderId);
    if (order?.state !== 'placed') return;
    await orders.replaceOne({ ...order, state: 'counted' });
    await addSales(context, order, 1);
  },
  OrderCancelled: async ({ data }, context) => voidOrder(context, data.orderId),
  OrderRejectedForRisk: async ({ data }, context) => voidOrder(context, data.orderId),
};
