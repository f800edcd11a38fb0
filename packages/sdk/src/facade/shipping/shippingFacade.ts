import * as E from 'fp-ts/lib/Either.js';
import { isPlaced } from '@shopstream/commerce/ordering';
import { commerceReader } from '@shopstream/commerce/processes';
import type { Shipment } from '@shopstream/commerce/shipping';
import type { ShopContext } from '../../shop/context.js';
import type { ShippingFacade, TrackingFacade } from './api.js';

/** Orders whose units may go out: paid and not all of it shipped yet. */
const SHIPPABLE = new Set(['paid', 'partially_shipped']);

export const shippingFacade = (context: ShopContext): ShippingFacade => {
  const { shipping, gate, storage, ids, vault, settings } = context;
  const read = commerceReader(storage.eventStore, context.handlers);
  return {
    shipOrder: (orderId, input = {}, options) =>
      gate.run(options, async (h) => {
        const [order, placed] = await Promise.all([read.order(orderId), read.orderPlaced(orderId)]);
        if (!isPlaced(order) || placed === null) return E.left({ _tag: 'NotFound', entity: 'order', id: orderId } as const);
        if (!SHIPPABLE.has(order.status)) return E.left({ _tag: 'InvalidOrderTransition', orderId, from: order.status, to: 'shipped' } as const);
        const lines =
          input.lines ??
          order.lines.filter((l) => l.quantity > l.quantityShipped).map((l) => ({ lineId: l.lineId, quantity: l.quantity - l.quantityShipped }));
        const skuOf = new Map(order.lines.map((l) => [l.lineId, l.sku]));
        const { address } = placed;
        // The label's recipient in one sealed value, still under the customer's key, so erasing them erases it too.
        const [name, phone, street] = await Promise.all([vault.open(address.recipientName), vault.open(address.phone), vault.open(address.addressLines)]);
        const recipient = await vault.seal(order.customerId, [name ?? '', phone ?? '', address.province, address.city, address.district, street ?? ''].join('\n'));
        return shipping.dispatch(
          {
            shipmentId: input.shipmentId ?? ids.next(),
            orderId,
            lines: lines.map((l) => ({ lineId: l.lineId, sku: skuOf.get(l.lineId) ?? l.lineId, quantity: l.quantity })),
            origin: input.origin ?? settings.warehouse,
            destination: { city: address.city, province: address.province },
            recipient,
            ...(input.weightGrams === undefined ? {} : { weightGrams: input.weightGrams }),
          },
          h,
        );
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
      for (const { shipmentId } of order.shipments) {
        const state = await context.shipping.load(shipmentId);
        if (state.status !== 'none') shipments.push(state);
      }
      return shipments;
    },
  };
};
