import * as E from 'fp-ts/lib/Either.js';
import { isPlaced, orderStream, quantityBooked, sameLines } from '@shopstream/commerce/ordering';
import { commerceReader } from '@shopstream/commerce/processes';
import { isFinal } from '@shopstream/commerce/shipping';
import type { Shipment } from '@shopstream/commerce/shipping';
import type { ShopContext } from '../../shop/context.js';
import type { ShippingFacade, TrackingFacade } from './api.js';

/** Orders whose units may go out: paid and not all of it shipped yet. */
const SHIPPABLE = new Set(['paid', 'partially_shipped']);

type Lines = readonly { readonly lineId: string; readonly quantity: number }[];

export const shippingFacade = (context: ShopContext): ShippingFacade => {
  const { shipping, gate, storage, ids, vault, settings, handlers } = context;
  const read = commerceReader(storage.eventStore, context.handlers);

  /** The first booking whose shipment holds no waybill yet and is still open. */
  const unfinishedBooking = async (bookings: readonly { readonly shipmentId: string; readonly lines: Lines }[]) => {
    for (const booking of bookings) {
      const shipment = await shipping.load(booking.shipmentId);
      if (shipment.status === 'none' || (shipment.waybillNumber === null && !isFinal(shipment.status))) return booking;
    }
    return null;
  };

  return {
    shipOrder: (orderId, input = {}, options) =>
      gate.run(options, async (h) => {
        const [order, placed] = await Promise.all([read.order(orderId), read.orderPlaced(orderId)]);
        if (!isPlaced(order) || placed === null) return E.left({ _tag: 'NotFound', entity: 'order', id: orderId } as const);
        const nothingLeft = { _tag: 'InvalidOrderTransition', orderId, from: order.status, to: 'shipped' } as const;
        if (!SHIPPABLE.has(order.status)) return E.left(nothingLeft);
        // A retry finishes the booking it retries: the one named, or else the first whose waybill never reached its
        // shipment (a fault, a lost race, an outage), so the caller need not know its id. The carrier answers the same
        // waybill for the same shipment, so the parcel is booked once.
        const retried = input.shipmentId === undefined ? await unfinishedBooking(order.bookings) : (order.bookings.find((b) => b.shipmentId === input.shipmentId) ?? null);
        const resumed = retried !== null && (input.lines === undefined || sameLines(retried.lines, input.lines)) ? retried : null;
        const lines =
          resumed?.lines ??
          input.lines ??
          order.lines
            .map((l) => ({ lineId: l.lineId, quantity: l.quantity - l.quantityShipped - quantityBooked(order, l.lineId) }))
            .filter((l) => l.quantity > 0);
        // Every unit is shipped or in a parcel booked before: a second parcel would carry nothing the order has left.
        if (lines.length === 0) return E.left(nothingLeft);
        const shipmentId = resumed?.shipmentId ?? input.shipmentId ?? ids.next();
        const stream = orderStream(orderId);
        // The order takes the lines first: of two bookings racing for the same units, the order refuses one.
        const booked = await handlers.orders(stream, { type: 'BookOrderShipment', data: { orderId, shipmentId, lines: [...lines] } }, h);
        if (E.isLeft(booked)) return booked;
        const skuOf = new Map(order.lines.map((l) => [l.lineId, l.sku]));
        const { address } = placed;
        // The label's recipient in one sealed value, still under the customer's key, so erasing them erases it too.
        const [name, phone, street] = await Promise.all([vault.open(address.recipientName), vault.open(address.phone), vault.open(address.addressLines)]);
        const recipient = await vault.seal(order.customerId, [name ?? '', phone ?? '', address.province, address.city, address.district, street ?? ''].join('\n'));
        // The caller's expected revision was for the order, which the booking used; the shipment's stream is new.
        const dispatchOptions = h.metadata === undefined ? {} : { metadata: h.metadata };
        const dispatched = await shipping.dispatch(
          {
            shipmentId,
            orderId,
            lines: lines.map((l) => ({ lineId: l.lineId, sku: skuOf.get(l.lineId) ?? l.lineId, quantity: l.quantity })),
            origin: input.origin ?? settings.warehouse,
            destination: { city: address.city, province: address.province },
            recipient,
            ...(input.weightGrams === undefined ? {} : { weightGrams: input.weightGrams }),
          },
          dispatchOptions,
        );
        // The lines go back to the order (to ship again, or to cancel) only once the carrier is known to hold no
        // waybill for the parcel. Else the booking stands, so the order cannot be cancelled under a live waybill,
        // until shipOrder again records the waybill or cancelShipment withdraws it. A fault thrown leaves it too.
        if (E.isLeft(dispatched) && !(await shipping.carrierMayHoldWaybill(shipmentId))) {
          const released = await handlers.orders(
            stream,
            { type: 'ReleaseOrderShipmentBooking', data: { orderId, shipmentId, reason: `no waybill: ${dispatched.left._tag}` } },
            dispatchOptions,
          );
          if (E.isLeft(released)) return released;
        }
        return dispatched;
      }),
    handleNotification: (notification, options) => gate.run(options, (h) => shipping.handleNotification(notification, h)),
    cancelShipment: (shipmentId, reason, options) => gate.run(options, (h) => shipping.cancel(shipmentId, reason, h)),
    shipment: async (shipmentId) => {
      const state = await shipping.load(shipmentId);
      return state.status === 'none' ? null : state;
    },
  };
};

export const trackingFacade = (context: ShopContext): TrackingFacade => {
  const read = commerceReader(context.storage.eventStore, context.handlers);
  return {
    forOrder: async (orderId, viewer = {}) => {
      const order = await read.order(orderId);
      if (!isPlaced(order) || (viewer.customerId !== undefined && viewer.customerId !== order.customerId)) return null;
      const shipments: Shipment[] = [];
      // Booked parcels too: the customer sees a waybill as soon as there is one, before the carrier's first scan.
      for (const { shipmentId } of [...order.shipments, ...order.bookings]) {
        const state = await context.shipping.load(shipmentId);
        if (state.status !== 'none') shipments.push(state);
      }
      return shipments;
    },
  };
};
