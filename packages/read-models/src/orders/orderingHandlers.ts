import type { ProjectionHandlers } from '@shopstream/kernel';
import type { LineQuantity, OrderingEvent, OrderStatus, RiskDecisionMaker } from '@shopstream/commerce/ordering';
import type { MoneyView, OrderDetails, OrderDocument, OrderLineView, RiskState } from './documents.js';
import type { OrdersCollection } from './record.js';
import { recordOnOrder, withId } from './record.js';

const plus = (a: MoneyView, b: MoneyView): MoneyView => ({ amount: a.amount + b.amount, currency: a.currency });

/** Changes a placed order's details; an order not placed yet has none to change, as the domain's fold ignores it. */
const placed =
  (change: (details: OrderDetails, order: OrderDocument) => Partial<OrderDocument> & { readonly details?: OrderDetails }) =>
  (order: OrderDocument): OrderDocument =>
    order.details === null ? order : { ...order, ...change(order.details, order) };

const moved = (lines: readonly OrderLineView[], quantities: readonly LineQuantity[], apply: (line: OrderLineView, quantity: number) => OrderLineView) =>
  lines.map((line) => {
    const quantity = quantities.filter((q) => q.lineId === line.lineId).reduce((sum, q) => sum + q.quantity, 0);
    return quantity === 0 ? line : apply(line, quantity);
  });

const scoreOf = (decidedBy: RiskDecisionMaker, previous: number | null): number | null =>
  decidedBy.kind === 'policy' && decidedBy.score !== undefined ? decidedBy.score : previous;

/** A risk decision about a placed order; like the order's fold, one about an order not placed changes nothing. */
const risk = (order: OrderDocument, riskState: RiskState, decidedBy: RiskDecisionMaker, reason: string | null, status: OrderStatus): OrderDocument =>
  order.details === null
    ? order
    : { ...order, status, riskState, riskScore: scoreOf(decidedBy, order.riskScore), riskReason: reason ?? order.riskReason };

/**
 * The ordering events, folded as the order aggregate folds them (`evolveOrder`): the statuses follow the
 * same table, so the read model never shows a status the domain would not.
 */
export const orderingHandlers: ProjectionHandlers<OrderingEvent, OrdersCollection> = {
  OrderPlaced: async (event, ctx) => {
    const d = event.data;
    const none = { amount: 0, currency: d.currency };
    const details: OrderDetails = {
      currency: d.currency,
      lines: d.lines.map((line) => ({
        lineId: line.lineId,
        productId: line.productId,
        sku: line.sku,
        title: line.title,
        unitPrice: line.unitPrice,
        quantity: line.quantity,
        net: line.net,
        quantityShipped: 0,
        quantityDelivered: 0,
        delivered: false,
        refunded: none,
      })),
      itemsSubtotal: d.itemsSubtotal,
      discountTotal: d.discountTotal,
      shippingFee: d.shippingFee,
      total: d.total,
      paid: none,
      refunded: none,
      deliveryRegion: { province: d.address.province, city: d.address.city, district: d.address.district },
      channel: d.client?.channel ?? null,
      paymentDueAt: d.paymentDueAt,
      paidAt: null,
      cancellation: null,
      closedAt: null,
    };
    await recordOnOrder(
      ctx,
      event,
      d.orderId,
      // A second OrderPlaced for the same order changes nothing, as in the aggregate.
      (order) => (order.details !== null ? order : { ...order, customerId: d.customerId, status: 'awaiting_payment', placedAt: d.placedAt, details }),
      { total: d.total, lineCount: d.lines.length, placedAt: d.placedAt },
    );
    // Payments recorded before the order was projected learn whose they are.
    await ctx.collection('payments').updateMany({ orderId: d.orderId, customerId: null }, { $set: { customerId: d.customerId } });
  },
  OrderPaid: (event, ctx) =>
    recordOnOrder(
      ctx,
      event,
      event.data.orderId,
      placed((details) => ({ status: 'paid', details: { ...details, paid: plus(details.paid, event.data.amount), paidAt: event.data.paidAt } })),
    ),
  OrderPutOnRiskHold: (event, ctx) =>
    recordOnOrder(ctx, event, event.data.orderId, (order) => risk(order, 'held', event.data.decidedBy, event.data.reason, 'on_risk_hold')),
  OrderRiskHoldReleased: (event, ctx) =>
    recordOnOrder(ctx, event, event.data.orderId, (order) => risk(order, 'released', event.data.decidedBy, null, 'paid')),
  OrderRejectedForRisk: (event, ctx) =>
    recordOnOrder(ctx, event, event.data.orderId, (order) =>
      placed((details) => ({
        details: { ...details, cancellation: { reason: 'risk_rejected', at: event.data.rejectedAt, note: event.data.reason }, closedAt: event.data.rejectedAt },
      }))(risk(order, 'rejected', event.data.decidedBy, event.data.reason, 'cancelled')),
    ),
  OrderCancelled: (event, ctx) =>
    recordOnOrder(
      ctx,
      event,
      event.data.orderId,
      placed((details, order) => ({
        status: 'cancelled',
        // A cancellation ends a hold (the aggregate clears it too), so "held" lists only orders still waiting.
        riskState: order.riskState === 'held' ? 'none' : order.riskState,
        details: {
          ...details,
          cancellation: { reason: event.data.reason, at: event.data.cancelledAt, note: event.data.note ?? null },
          closedAt: event.data.cancelledAt,
        },
      })),
    ),
  OrderLinesShipped: (event, ctx) =>
    recordOnOrder(ctx, event, event.data.orderId, (order) => {
      const shipped = placed((details) => {
        const lines = moved(details.lines, event.data.lines, (line, q) => ({ ...line, quantityShipped: line.quantityShipped + q }));
        const complete = lines.every((line) => line.quantityShipped >= line.quantity);
        return { status: complete ? 'shipped' : 'partially_shipped', details: { ...details, lines } };
      })(order);
      return { ...shipped, shipmentIds: withId(order.shipmentIds, event.data.shipmentId) };
    }),
  OrderLinesDelivered: (event, ctx) =>
    recordOnOrder(
      ctx,
      event,
      event.data.orderId,
      placed((details, order) => {
        const lines = moved(details.lines, event.data.lines, (line, q) => {
          const quantityDelivered = line.quantityDelivered + q;
          return { ...line, quantityDelivered, delivered: quantityDelivered >= line.quantity };
        });
        const all = lines.every((line) => line.delivered);
        return { status: order.status === 'shipped' && all ? 'delivered' : order.status, details: { ...details, lines } };
      }),
    ),
  OrderReceiptConfirmed: (event, ctx) =>
    recordOnOrder(
      ctx,
      event,
      event.data.orderId,
      placed((details) => ({
        status: 'completed',
        // The customer has the goods in hand, whatever the carrier has or has not reported yet.
        details: { ...details, lines: details.lines.map((line) => ({ ...line, quantityDelivered: line.quantityShipped, delivered: true })), closedAt: event.data.confirmedAt },
      })),
    ),
  OrderRefundRecorded: (event, ctx) =>
    recordOnOrder(
      ctx,
      event,
      event.data.orderId,
      placed((details) => ({
        details: {
          ...details,
          refunded: plus(details.refunded, event.data.amount),
          lines: details.lines.map((line) => (line.lineId === event.data.lineId ? { ...line, refunded: plus(line.refunded, event.data.amount) } : line)),
        },
      })),
    ),
};
