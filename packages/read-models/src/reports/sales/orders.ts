import { allocate, money } from '@shopstream/commerce';
import type { OrderingEvent } from '@shopstream/commerce/ordering';
import type { PaymentEvent } from '@shopstream/commerce/payment';
import type { ProjectionHandlers } from '@shopstream/kernel';
import { periodsOf } from '../calendar.js';
import { CHANNELS } from '../documents.js';
import type { AttemptDocument, Channel, CustomerDocument, OrderDocument, ProductDocument, SalesCollection, SalesFact } from '../documents.js';

export const factId = (orderId: string, lineId: string): string => `${orderId}/${lineId}`;

/**
 * The channel of an order, from the optional `client.channel` of `OrderPlaced`. Read as unknown data so that
 * orders from before the field existed (and any value this version does not know) count as 'web'.
 */
export const channelOf = (data: unknown): Channel => {
  const client: unknown = typeof data === 'object' && data !== null ? (data as { readonly client?: unknown }).client : undefined;
  const channel: unknown = typeof client === 'object' && client !== null ? (client as { readonly channel?: unknown }).channel : undefined;
  return CHANNELS.find((known) => known === channel) ?? 'web';
};

/** Splits a whole-order refund over the lines by their net amounts (by units when every net is 0). */
const refundShares = (amount: number, currency: string, facts: readonly SalesFact[]): readonly number[] => {
  const byNet = facts.map((fact) => fact.net);
  const weights = byNet.some((net) => net > 0) ? byNet : facts.map((fact) => fact.quantity);
  return allocate(money(amount, currency), weights).map((share) => share.amount);
};

/** Orders, their payments and refunds: what fills the sales facts and the orders customers are segmented by. */
export const orderHandlers = (timeZone: string): ProjectionHandlers<OrderingEvent | PaymentEvent, SalesCollection> => ({
  OrderPlaced: async (event, ctx) => {
    const data = event.data;
    const customers = ctx.collection<CustomerDocument>('customers');
    const firstOrder = (await customers.get(data.customerId)) === null;
    if (firstOrder) await customers.replaceOne({ _id: data.customerId, firstOrderId: data.orderId, firstOrderAt: event.occurredAt }, { upsert: true });

    const productIds = [...new Set(data.lines.map((line) => line.productId))];
    const products = new Map((await ctx.collection<ProductDocument>('products').find({ _id: { $in: productIds } })).map((p) => [p._id, p]));
    const periods = periodsOf(event.occurredAt, timeZone);
    const channel = channelOf(data);
    const facts = data.lines.map(
      (line, lineIndex): SalesFact => ({
        _id: factId(data.orderId, line.lineId),
        orderId: data.orderId,
        lineId: line.lineId,
        lineIndex,
        productId: line.productId,
        sku: line.sku,
        title: line.title,
        customerId: data.customerId,
        currency: data.currency,
        at: event.occurredAt,
        ...periods,
        categoryId: products.get(line.productId)?.categoryId ?? null,
        brandId: products.get(line.productId)?.brandId ?? null,
        province: data.address.province,
        city: data.address.city,
        channel,
        firstOrder,
        newCustomer: firstOrder ? data.customerId : null,
        quantity: line.quantity,
        net: line.net.amount,
        paid: false,
        paidAt: null,
        paymentId: null,
        paymentMethod: null,
        refunded: 0,
      }),
    );
    await ctx.collection<SalesFact>('facts').bulkWrite(facts.map((document) => ({ replaceOne: { document, upsert: true } })));
    const order: OrderDocument = {
      _id: data.orderId,
      customerId: data.customerId,
      currency: data.currency,
      at: event.occurredAt,
      paidAt: null,
      paymentId: null,
      paidAmount: 0,
      refunds: [],
    };
    await ctx.collection<OrderDocument>('orders').replaceOne(order, { upsert: true });
  },

  OrderPaid: async (event, ctx) => {
    const { orderId, paymentId, amount } = event.data;
    const attempt = await ctx.collection<AttemptDocument>('attempts').get(paymentId);
    const paidAt = event.occurredAt;
    await ctx
      .collection('facts')
      .updateMany({ orderId }, { $set: { paid: true, paidAt, paymentId, paymentMethod: attempt?.method ?? null } });
    await ctx.collection('orders').updateOne({ _id: orderId }, { $set: { paidAt, paymentId, paidAmount: amount.amount } });
  },

  // The payment id an order is paid with is the attempt's id; the attempt knows the method.
  PaymentAttemptStarted: async (event, ctx) => {
    const { orderId, attemptId, method } = event.data;
    await ctx.collection<AttemptDocument>('attempts').replaceOne({ _id: attemptId, orderId, method }, { upsert: true });
    await ctx.collection('facts').updateMany({ orderId, paymentId: attemptId }, { $set: { paymentMethod: method } });
  },

  OrderRefundRecorded: async (event, ctx) => {
    const { orderId, refundId, amount, lineId } = event.data;
    const facts = ctx.collection<SalesFact>('facts');
    const lines = await facts.find({ orderId }, { sort: { lineIndex: 1 } });
    if (lines.length === 0) return;
    const line = lineId === undefined ? undefined : lines.find((fact) => fact.lineId === lineId);
    const shares = line === undefined ? refundShares(amount.amount, amount.currency, lines).map((share, i) => [lines[i], share] as const) : [[line, amount.amount] as const];
    await facts.bulkWrite(
      shares.flatMap(([fact, share]) => (fact === undefined || share === 0 ? [] : [{ updateOne: { filter: { _id: fact._id }, update: { $inc: { refunded: share } } } }])),
    );
    await ctx.collection('orders').updateOne({ _id: orderId }, { $push: { refunds: { refundId, amount: amount.amount, at: event.occurredAt } } });
  },
});
