import { streamName } from '@shopstream/kernel';
import type { Decider, DecisionContext } from '@shopstream/kernel';
import { match } from 'ts-pattern';
import type { Decision } from './checks.js';
import type { OrderingCommand } from './commands.js';
import type { OrderingError } from './errors.js';
import type { OrderingEvent } from './events.js';
import { bookShipment, releaseShipmentBooking } from './booking.js';
import { confirmReceipt, recordDelivery, recordShipment } from './fulfilment.js';
import { recordRefund } from './ledger.js';
import { cancelOrder, placeOrder, recordPayment } from './placing.js';
import { putOnRiskHold, rejectForRisk, releaseRiskHold } from './risk.js';
import { evolveOrder, initialOrderState } from './state.js';
import type { OrderState } from './state.js';

const decideOrder = (command: OrderingCommand, state: OrderState, context: DecisionContext): Decision =>
  match(command)
    .with({ type: 'PlaceOrder' }, ({ data }) => placeOrder(data, state, context))
    .with({ type: 'RecordOrderPayment' }, ({ data }) => recordPayment(data, state, context))
    .with({ type: 'PutOrderOnRiskHold' }, ({ data }) => putOnRiskHold(data, state, context))
    .with({ type: 'ReleaseOrderRiskHold' }, ({ data }) => releaseRiskHold(data, state, context))
    .with({ type: 'RejectOrderForRisk' }, ({ data }) => rejectForRisk(data, state, context))
    .with({ type: 'CancelOrder' }, ({ data }) => cancelOrder(data, state, context))
    .with({ type: 'BookOrderShipment' }, ({ data }) => bookShipment(data, state, context))
    .with({ type: 'ReleaseOrderShipmentBooking' }, ({ data }) => releaseShipmentBooking(data, state, context))
    .with({ type: 'RecordOrderShipment' }, ({ data }) => recordShipment(data, state, context))
    .with({ type: 'RecordOrderDelivery' }, ({ data }) => recordDelivery(data, state, context))
    .with({ type: 'ConfirmOrderReceipt' }, ({ data }) => confirmReceipt(data, state, context))
    .with({ type: 'RecordOrderRefund' }, ({ data }) => recordRefund(data, state, context))
    .exhaustive();

/** The order aggregate, one stream per order: `order-<orderId>`. */
export const orderDecider: Decider<OrderState, OrderingCommand, OrderingEvent, OrderingError> = {
  initialState: initialOrderState,
  evolve: evolveOrder,
  decide: decideOrder,
};

/** The stream an order lives in. */
export const orderStream = (orderId: string): string => streamName('order', orderId);
