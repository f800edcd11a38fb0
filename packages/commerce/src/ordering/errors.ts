import type { Money } from '../shared/money.js';
import type { OrderStatus, OrderStatusOrInitial } from './status.js';

/** Every way the ordering decider refuses a command, as data the API maps to problem+json. */
export type OrderingError =
  | { readonly _tag: 'OrderAlreadyPlaced'; readonly orderId: string }
  | { readonly _tag: 'OrderNotFound'; readonly orderId: string }
  /** The command names another order than the stream holds: a routing fault upstream. */
  | { readonly _tag: 'OrderIdMismatch'; readonly orderId: string; readonly commandOrderId: string }
  /** The command's status change is not in `ORDER_TRANSITIONS`. */
  | { readonly _tag: 'InvalidOrderTransition'; readonly orderId: string; readonly from: OrderStatusOrInitial; readonly to: OrderStatus }
  | { readonly _tag: 'CurrencyMismatch'; readonly expected: string; readonly received: string }
  | { readonly _tag: 'RepeatedOrderLine'; readonly lineId: string }
  | { readonly _tag: 'LineDiscountExceedsSubtotal'; readonly lineId: string; readonly subtotal: Money; readonly discount: Money }
  | { readonly _tag: 'OrderDiscountExceedsItems'; readonly items: Money; readonly discount: Money }
  | { readonly _tag: 'PaymentDueDateNotInFuture'; readonly paymentDueAt: string; readonly now: string }
  | { readonly _tag: 'PaymentAmountMismatch'; readonly orderId: string; readonly expected: Money; readonly received: Money }
  /** A second, different payment for an order already paid: the payment context refunds it. */
  | { readonly _tag: 'OrderAlreadyPaid'; readonly orderId: string; readonly paymentId: string; readonly attemptedPaymentId: string }
  | { readonly _tag: 'PaymentNotOverdue'; readonly orderId: string; readonly paymentDueAt: string }
  /** The reason does not fit who cancels or the order's status (a customer citing a payment timeout, say). */
  | { readonly _tag: 'CancellationReasonNotApplicable'; readonly orderId: string; readonly reason: string; readonly status: OrderStatus }
  /** Release and rejection are answers to a hold; they need an order on hold. */
  | { readonly _tag: 'OrderNotOnRiskHold'; readonly orderId: string; readonly status: OrderStatus }
  | { readonly _tag: 'NotOrderCustomer'; readonly orderId: string; readonly customerId: string }
  | { readonly _tag: 'UnknownOrderLine'; readonly orderId: string; readonly lineId: string }
  | {
      readonly _tag: 'ShipmentExceedsOrdered';
      readonly lineId: string;
      readonly ordered: number;
      readonly alreadyShipped: number;
      /** Units in other parcels booked with a carrier and not scanned yet. */
      readonly booked: number;
      readonly requested: number;
    }
  | { readonly _tag: 'ShipmentAlreadyRecorded'; readonly shipmentId: string }
  | { readonly _tag: 'UnknownShipment'; readonly orderId: string; readonly shipmentId: string }
  | {
      readonly _tag: 'DeliveryExceedsShipment';
      readonly shipmentId: string;
      readonly lineId: string;
      readonly inShipment: number;
      readonly requested: number;
    }
  | { readonly _tag: 'DeliveryAlreadyRecorded'; readonly shipmentId: string }
  | { readonly _tag: 'ReceiptAutoConfirmationNotDue'; readonly orderId: string; readonly dueAt: string | null }
  | { readonly _tag: 'RefundAmountNotPositive'; readonly requested: Money }
  | { readonly _tag: 'RefundExceedsBalance'; readonly orderId: string; readonly requested: Money; readonly refundable: Money }
  | { readonly _tag: 'LineRefundExceedsNet'; readonly lineId: string; readonly requested: Money; readonly refundable: Money }
  | { readonly _tag: 'RefundAlreadyRecorded'; readonly refundId: string };

export type OrderingErrorTag = OrderingError['_tag'];
