import { defineReactor } from '@shopstream/kernel';
import type { Reactor, TimeoutEvent } from '@shopstream/kernel';
import { isPlaced, orderStream } from '../ordering/index.js';
import type { OrderingEvent } from '../ordering/index.js';
import { DAY_MS } from './config.js';
import { autoConfirmTimeoutId } from './ids.js';
import { settle } from './outcome.js';
import type { ProcessPorts } from './ports.js';
import { causedBy } from './ports.js';

export const RECEIPT_CONFIRMATION = 'receipt-confirmation';
export const AUTO_CONFIRM = 'auto-confirm';

export type ReceiptConfirmationEvent = OrderingEvent | TimeoutEvent;

/**
 * Confirms receipt for the customer the order's `autoConfirmReceiptAfterDays` after everything was delivered,
 * unless they confirm first. The order decider counts the window from the last shipment; counting from
 * delivery is never earlier, so the decider always agrees the confirmation is due.
 */
export const receiptConfirmationProcess = ({ handlers, read, scheduler }: ProcessPorts): Reactor<ReceiptConfirmationEvent> =>
  defineReactor<ReceiptConfirmationEvent>({
    name: RECEIPT_CONFIRMATION,
    handlers: {
      OrderLinesDelivered: async (event) => {
        if (!event.data.allDelivered) return;
        const order = await read.order(event.data.orderId);
        if (!isPlaced(order) || order.status !== 'delivered') return;
        const due = new Date(Date.parse(event.data.deliveredAt) + order.autoConfirmReceiptAfterDays * DAY_MS);
        const scheduled = await scheduler.schedule(
          { timeoutId: autoConfirmTimeoutId(order.orderId), kind: AUTO_CONFIRM, due, payload: { orderId: order.orderId } },
          causedBy(event, RECEIPT_CONFIRMATION),
        );
        settle(RECEIPT_CONFIRMATION, 'ScheduleTimeout', scheduled, []);
      },

      OrderReceiptConfirmed: async (event) => {
        if (event.data.confirmedBy.kind === 'automatic') return;
        const cancelled = await scheduler.cancel(autoConfirmTimeoutId(event.data.orderId), 'confirmed by the customer', causedBy(event, RECEIPT_CONFIRMATION));
        // Confirmed before delivery was reported (nothing scheduled), or just as the timeout fired.
        settle(RECEIPT_CONFIRMATION, 'CancelTimeout', cancelled, ['TimeoutNotScheduled', 'TimeoutAlreadyFired']);
      },

      TimeoutFired: async (event) => {
        if (event.data.kind !== AUTO_CONFIRM) return;
        const orderId = event.data.payload['orderId'];
        if (typeof orderId !== 'string') throw new Error(`${RECEIPT_CONFIRMATION}: timeout ${event.data.timeoutId} names no order`);
        const result = await handlers.orders(
          orderStream(orderId),
          { type: 'ConfirmOrderReceipt', data: { orderId, confirmedBy: { kind: 'automatic' } } },
          causedBy(event, RECEIPT_CONFIRMATION),
        );
        // Completed already decides nothing; an order that cannot complete any more (cancelled) is left alone.
        settle(RECEIPT_CONFIRMATION, 'ConfirmOrderReceipt', result, ['InvalidOrderTransition']);
      },
    },
  });
