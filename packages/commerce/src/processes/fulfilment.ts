import { defineReactor } from '@shopstream/kernel';
import type { HandleOptions, Reactor } from '@shopstream/kernel';
import { orderStream } from '../ordering/index.js';
import type { ShipmentLine, ShippingEvent } from '../shipping/index.js';
import { settle } from './outcome.js';
import type { ProcessPorts } from './ports.js';
import { causedBy } from './ports.js';

export const FULFILMENT = 'fulfilment';

/**
 * Moves the order along as its shipments move: the carrier's first scan (any step past `created`) ships the
 * shipment's lines, delivery delivers them. Shipments that are not the order's own goods (a replacement sent
 * by after-sales for an order already completed) are refused by the order and left alone.
 */
export const fulfilmentProcess = ({ handlers, read }: ProcessPorts): Reactor<ShippingEvent> => {
  // Refusals that mean "this shipment is not (or no longer) for the order's lines", not a fault.
  const NOT_FOR_THE_ORDER = ['InvalidOrderTransition', 'ShipmentExceedsOrdered', 'UnknownOrderLine', 'OrderNotFound', 'ShipmentAlreadyRecorded'] as const;

  const ship = async (orderId: string, shipmentId: string, lines: readonly ShipmentLine[], options: HandleOptions): Promise<boolean> => {
    const result = await handlers.orders(
      orderStream(orderId),
      { type: 'RecordOrderShipment', data: { orderId, shipmentId, lines: lines.map(({ lineId, quantity }) => ({ lineId, quantity })) } },
      options,
    );
    return settle(FULFILMENT, 'RecordOrderShipment', result, NOT_FOR_THE_ORDER).done;
  };

  return defineReactor<ShippingEvent>({
    name: FULFILMENT,
    handlers: {
      ShipmentStatusAdvanced: async (event) => {
        if (event.data.from !== 'created') return;
        const shipment = await read.shipment(event.data.shipmentId);
        if (shipment.status === 'none') throw new Error(`${FULFILMENT}: shipment ${event.data.shipmentId} has no history`);
        await ship(event.data.orderId, event.data.shipmentId, shipment.lines, causedBy(event, FULFILMENT));
      },

      ShipmentDelivered: async (event) => {
        const options = causedBy(event, FULFILMENT);
        const { orderId, shipmentId, lines } = event.data;
        // A carrier may report delivery with no scan before it: the shipment is shipped first (a no-op when it was).
        if (!(await ship(orderId, shipmentId, lines, options))) {
          const order = await read.order(orderId);
          const known = order.status !== 'initial' && order.shipments.some((s) => s.shipmentId === shipmentId);
          if (!known) return;
        }
        const result = await handlers.orders(
          orderStream(orderId),
          { type: 'RecordOrderDelivery', data: { orderId, shipmentId, lines: lines.map(({ lineId, quantity }) => ({ lineId, quantity })) } },
          options,
        );
        settle(FULFILMENT, 'RecordOrderDelivery', result, ['DeliveryAlreadyRecorded', 'InvalidOrderTransition']);
      },
    },
  });
};
