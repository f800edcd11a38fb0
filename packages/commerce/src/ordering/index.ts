// The order aggregate
export { orderDecider, orderStream } from './decider.js';
export { evolveOrder, initialOrderState, isPlaced, quantityBooked } from './state.js';
export { sameLines } from './checks.js';
export type { OrderLedger, OrderLineState, OrderState, PlacedOrderState } from './state.js';

// The state machine as data
export { ORDER_STATUSES, ORDER_TRANSITIONS, canTransition, isBeforeShipment } from './status.js';
export type { OrderStatus, OrderStatusOrInitial } from './status.js';

// Pricing
export { priceOrder } from './pricing.js';
export type { PricedOrder } from './pricing.js';

// Events
export {
  AddressSnapshot,
  CancellationReason,
  LineQuantity,
  OrderActor,
  OrderCancelled,
  OrderClient,
  OrderDiscount,
  OrderLinesDelivered,
  OrderLinesShipped,
  OrderPaid,
  OrderPlaced,
  OrderPutOnRiskHold,
  OrderReceiptConfirmed,
  OrderRefundRecorded,
  OrderRejectedForRisk,
  OrderRiskHoldReleased,
  OrderShipmentBooked,
  OrderShipmentBookingReleased,
  PlacedOrderLine,
  RiskDecisionMaker,
  orderingEvents,
} from './events.js';
export type { OrderingEvent, OrderingEventType } from './events.js';

// Commands
export {
  BookOrderShipment,
  CancelOrder,
  ConfirmOrderReceipt,
  OrderLineInput,
  OrderingCommand,
  PlaceOrder,
  PutOrderOnRiskHold,
  RecordOrderDelivery,
  RecordOrderPayment,
  RecordOrderRefund,
  RecordOrderShipment,
  RejectOrderForRisk,
  ReleaseOrderRiskHold,
  ReleaseOrderShipmentBooking,
} from './commands.js';
export type { OrderingCommandInput } from './commands.js';

// Errors
export type { OrderingError, OrderingErrorTag } from './errors.js';
