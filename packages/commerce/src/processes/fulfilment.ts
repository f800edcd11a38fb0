import { defineReactor } from '@shopstream/kernel';
import type { HandleOptions, Reactor } from '@shopstream/kernel';
import { orderStream } from '../ordering/index.js';
import type { OrderingEvent } from '../ordering/index.js';
import { firstScanAt } from '../shipping/index.js';
import type { Shipment, ShipmentLine, ShippingEvent } from '../shipping/index.js';
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

  /**
   * Records the shipment's lines as shipped at the carrier's first scan, read from the shipment's timeline when the
   * reaction runs: a push the shop hears of late, or an order released from a risk hold, keeps the carrier's time.
   */
  const ship = async (shipment: Shipment, options: HandleOptions): Promise<boolean> => {
    const { orderId, shipmentId, lines } = shipment;
    const shippedAt = firstScanAt(shipment);
    const result = await handlers.orders(
      orderStream(orderId),
      {
        type: 'RecordOrderShipment',
        data: { orderId, shipmentId, lines: lines.map(({ lineId, quantity }) => ({ lineId, quantity })), ...(shippedAt === null ? {} : { shippedAt }) },
      },
      options,
    );
    return settle(FULFILMENT, 'RecordOrderShipment', result, NOT_FOR_THE_ORDER).done;
  };

  /** Whether the order has this shipment's lines on record as shipped (now, or by an earlier reaction). */
  const shippedNowOrBefore = async (shipment: Shipment, options: HandleOptions): Promise<boolean> => {
    if (await ship(shipment, options)) return true;
    const order = await read.order(shipment.orderId);
    return order.status !== 'initial' && order.shipments.some((s) => s.shipmentId === shipment.shipmentId);
  };

  /** The shipment an event of its stream names, as it stands now. */
  const shipmentOf = async (shipmentId: string): Promise<Shipment> => {
    const shipment = await read.shipment(shipmentId);
    if (shipment.status === 'none') throw new Error(`${FULFILMENT}: shipment ${shipmentId} has no history`);
    return shipment;
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
        await ship(await shipmentOf(event.data.shipmentId), causedBy(event, FULFILMENT));
      },

      // A scan earlier than the ship time the order recorded (the carrier pushed it after a later one): the order
      // takes the shipment's first scan again, which corrects it. Any other checkpoint changes nothing here.
      TrackingCheckpointRecorded: async (event) => {
        const { shipmentId, checkpoint } = event.data;
        const shipment = await shipmentOf(shipmentId);
        const order = await read.order(shipment.orderId);
        const recorded = order.status === 'initial' ? undefined : order.shipments.find((s) => s.shipmentId === shipmentId);
        if (recorded === undefined || Date.parse(checkpoint.occurredAt) >= Date.parse(recorded.shippedAt)) return;
        await ship(shipment, causedBy(event, FULFILMENT));
      },

      ShipmentDelivered: async (event) => {
        const options = causedBy(event, FULFILMENT);
        const { orderId, shipmentId, lines, deliveredAt } = event.data;
        // A carrier may report delivery with no scan before it: the shipment is shipped first (a no-op when it was).
        if (!(await shippedNowOrBefore(await shipmentOf(shipmentId), options))) return;
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
          if (!(await shippedNowOrBefore(shipment, options))) continue;
          // Delivered while the order was held: the windows count from the carrier's delivery, not from the release.
          if (shipment.status === 'delivered' && shipment.deliveredAt !== null) await deliver(orderId, shipmentId, shipment.lines, shipment.deliveredAt, options);
        }
      },
    },
  });
};
