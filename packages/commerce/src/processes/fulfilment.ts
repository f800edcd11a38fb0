import { defineReactor } from '@shopstream/kernel';
import type { HandleOptions, Reactor } from '@shopstream/kernel';
import { orderStream } from '../ordering/index.js';
import type { OrderingEvent } from '../ordering/index.js';
import type { ShipmentLine, ShippingEvent } from '../shipping/index.js';
import { settle } from './outcome.js';
import type { ProcessPorts } from './ports.js';
import { causedBy } from './ports.js';

export const FULFILMENT = 'fulfilment';

/**
 * Moves the order along as its shipments move: the carrier's first scan (any step past `created`) ships the
 * shipment's lines, delivery delivers them. Shipments that are not the order's own goods (a replacement sent
 * by after-sales for an order already completed) are refused by the order and left alone.
 *
 * An order on risk hold refuses to ship, so a parcel the carrier scans meanwhile is not recorded; when the hold
 * is released, the order catches up with whatever its shipments did while it waited.
 */
export const fulfilmentProcess = ({ handlers, read }: ProcessPorts): Reactor<ShippingEvent | OrderingEvent> => {
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

  /** Whether the order has this shipment's lines on record as shipped (now, or by an earlier reaction). */
  const shippedNowOrBefore = async (orderId: string, shipmentId: string, lines: readonly ShipmentLine[], options: HandleOptions): Promise<boolean> => {
    if (await ship(orderId, shipmentId, lines, options)) return true;
    const order = await read.order(orderId);
    return order.status !== 'initial' && order.shipments.some((s) => s.shipmentId === shipmentId);
  };

  const deliver = async (orderId: string, shipmentId: string, lines: readonly ShipmentLine[], deliveredAt: string, options: HandleOptions): Promise<void> => {
    const result = await handlers.orders(
      orderStream(orderId),
      { type: 'RecordOrderDelivery', data: { orderId, shipmentId, lines: lines.map(({ lineId, quantity }) => ({ lineId, quantity })), deliveredAt } },
      options,
    );
    settle(FULFILMENT, 'RecordOrderDelivery', result, ['DeliveryAlreadyRecorded', 'InvalidOrderTransition']);
  };

  return defineReactor<ShippingEvent | OrderingEvent>({
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
        const { orderId, shipmentId, lines, deliveredAt } = event.data;
        // A carrier may report delivery with no scan before it: the shipment is shipped first (a no-op when it was).
        if (!(await shippedNowOrBefore(orderId, shipmentId, lines, options))) return;
        await deliver(orderId, shipmentId, lines, deliveredAt, options);
      },

      // A parcel called off before pickup gives its lines back to the order (to ship again, or to cancel).
      ShipmentCancelled: async (event) => {
        const { orderId, shipmentId, reason } = event.data;
        const result = await handlers.orders(
          orderStream(orderId),
          { type: 'ReleaseOrderShipmentBooking', data: { orderId, shipmentId, reason: `shipment cancelled: ${reason}` } },
          causedBy(event, FULFILMENT),
        );
        settle(FULFILMENT, 'ReleaseOrderShipmentBooking', result, ['OrderNotFound']);
      },

      OrderRiskHoldReleased: async (event) => {
        const options = causedBy(event, FULFILMENT);
        const { orderId } = event.data;
        for (const shipmentId of await read.shipmentsOfOrder(orderId)) {
          const shipment = await read.shipment(shipmentId);
          // Still in the warehouse, or called off: nothing happened to it while the order was held.
          if (shipment.status === 'none' || shipment.status === 'created' || shipment.status === 'cancelled') continue;
          if (!(await shippedNowOrBefore(orderId, shipmentId, shipment.lines, options))) continue;
          // Delivered while the order was held: the windows count from the carrier's delivery, not from the release.
          if (shipment.status === 'delivered' && shipment.deliveredAt !== null) await deliver(orderId, shipmentId, shipment.lines, shipment.deliveredAt, options);
        }
      },
    },
  });
};
