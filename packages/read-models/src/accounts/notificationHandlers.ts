import type { ProjectionHandlers, RecordedEvent } from '@shopstream/kernel';
import type { AfterSalesEvent } from '@shopstream/commerce/afterSales';
import type { UserEvent } from '@shopstream/commerce/identity';
import type { OrderingEvent } from '@shopstream/commerce/ordering';
import type { PaymentEvent } from '@shopstream/commerce/payment';
import type { ShippingEvent } from '@shopstream/commerce/shipping';
import type { NotificationDocument, NotificationKind, OrderOwnerDocument } from './documents.js';
import type { AccountsCollection, AccountsContext } from './profileHandlers.js';
import { userIdOf } from './profileHandlers.js';

interface About {
  readonly orderId?: string;
  readonly caseId?: string;
  /** When the event names the customer itself; otherwise the order's owner. */
  readonly customerId?: string;
}

/**
 * Adds one notification, identified by its event, for the customer the event concerns. Details hold only
 * what the customer may see: amounts, statuses, reasons meant for them; never a risk score or a staff note.
 */
const notify = async (ctx: AccountsContext, event: RecordedEvent, kind: NotificationKind, about: About, details: NotificationDocument['details'] = {}): Promise<void> => {
  const owner = about.customerId ?? (about.orderId === undefined ? null : ((await ctx.collection<OrderOwnerDocument>('orderOwners').get(about.orderId))?.customerId ?? null));
  await ctx.collection<NotificationDocument>('notifications').replaceOne({
    _id: event.id,
    customerId: owner,
    kind,
    orderId: about.orderId ?? null,
    caseId: about.caseId ?? null,
    at: event.occurredAt,
    position: event.position,
    details,
    readAt: null,
  });
};

type Handlers = ProjectionHandlers<UserEvent | OrderingEvent | PaymentEvent | ShippingEvent | AfterSalesEvent, AccountsCollection>;

/** The events that matter to a customer, each as one inbox entry. */
export const notificationHandlers: Handlers = {
  OrderPlaced: async (event, ctx) => {
    const { orderId, customerId } = event.data;
    const owners = ctx.collection<OrderOwnerDocument>('orderOwners');
    // The first placement wins, as in the order aggregate.
    const owner = await owners.get(orderId);
    if (owner === null) {
      await owners.replaceOne({ _id: orderId, customerId });
      // Notifications about the order projected before it learn whose they are.
      await ctx.collection('notifications').updateMany({ orderId, customerId: null }, { $set: { customerId } });
    }
    // The owner just read or written, so `notify` need not read it again.
    await notify(ctx, event, 'order_placed', { orderId, customerId: owner?.customerId ?? customerId }, { total: event.data.total });
  },
  OrderPaid: (event, ctx) => notify(ctx, event, 'order_paid', event.data, { amount: event.data.amount }),
  // The customer learns that the order is being reviewed, never why or with what score.
  OrderPutOnRiskHold: (event, ctx) => notify(ctx, event, 'order_under_review', event.data),
  OrderRejectedForRisk: (event, ctx) => notify(ctx, event, 'order_cancelled', event.data, { reason: 'risk_rejected', refundDue: event.data.refundDue }),
  OrderCancelled: (event, ctx) => notify(ctx, event, 'order_cancelled', event.data, { reason: event.data.reason, refundDue: event.data.refundDue }),
  OrderLinesShipped: (event, ctx) =>
    notify(ctx, event, 'order_shipped', event.data, { shipmentId: event.data.shipmentId, allShipped: event.data.allShipped }),
  OrderLinesDelivered: (event, ctx) =>
    notify(ctx, event, 'order_delivered', event.data, { shipmentId: event.data.shipmentId, allDelivered: event.data.allDelivered }),
  ShipmentStatusAdvanced: async (event, ctx) => {
    if (event.data.to === 'out_for_delivery') await notify(ctx, event, 'order_out_for_delivery', event.data, { shipmentId: event.data.shipmentId });
  },
  DeliveryExceptionRaised: (event, ctx) =>
    notify(ctx, event, 'delivery_problem', event.data, { shipmentId: event.data.shipmentId, problem: event.data.kind }),
  PaymentDeclined: (event, ctx) => notify(ctx, event, 'payment_failed', event.data, { attemptId: event.data.attemptId, code: event.data.code }),
  PaymentInitiationFailed: (event, ctx) =>
    notify(ctx, event, 'payment_failed', event.data, { attemptId: event.data.attemptId, code: 'initiation_failed' }),
  PaymentAttemptExpired: (event, ctx) => notify(ctx, event, 'payment_failed', event.data, { attemptId: event.data.attemptId, code: 'expired' }),
  PaymentRefunded: (event, ctx) => notify(ctx, event, 'refund_issued', event.data, { refundId: event.data.refundId, amount: event.data.amount }),
  CaseApproved: (event, ctx) => notify(ctx, event, 'case_decided', event.data, { outcome: 'approved', kind: event.data.kind }),
  CaseRejected: (event, ctx) => notify(ctx, event, 'case_decided', event.data, { outcome: 'rejected', reason: event.data.reason }),
  RefundIssued: (event, ctx) => notify(ctx, event, 'case_refund_issued', event.data, { refundId: event.data.refundId, amount: event.data.amount }),
  ReplacementShipped: (event, ctx) => notify(ctx, event, 'replacement_shipped', event.data, { shipmentId: event.data.shipmentId }),
  RepairedItemReturned: (event, ctx) => notify(ctx, event, 'repaired_item_returned', event.data, { shipmentId: event.data.shipmentId }),
  ComplaintResolved: (event, ctx) =>
    notify(ctx, event, 'complaint_resolved', event.data, { resolution: event.data.resolution, compensation: event.data.compensation }),
  PasswordChanged: (event, ctx) => notify(ctx, event, 'password_changed', { customerId: userIdOf(event) }),
  PasswordReset: (event, ctx) => notify(ctx, event, 'password_changed', { customerId: userIdOf(event) }),
  LoginLockedOut: (event, ctx) => notify(ctx, event, 'account_locked', { customerId: userIdOf(event) }, { until: event.data.until }),
};
