import type { ProjectionHandlers, RecordedEvent } from '@shopstream/kernel';
import type { ShippingEvent } from '@shopstream/commerce/shipping';
import type { OrdersCollection, OrdersContext } from './record.js';
import { recordOnOrder, withId } from './record.js';

const onShipment = (ctx: OrdersContext, event: RecordedEvent, data: { readonly orderId: string; readonly shipmentId: string }) =>
  recordOnOrder(ctx, event, data.orderId, (order) => ({ ...order, shipmentIds: withId(order.shipmentIds, data.shipmentId) }));

/**
 * The shipment milestones an order's timeline shows. Single carrier checkpoints and revised estimates are
 * left to the tracking read model, which shows a parcel's journey in full.
 */
export const shippingHandlers: ProjectionHandlers<ShippingEvent, OrdersCollection> = {
  ShipmentCreated: (event, ctx) => onShipment(ctx, event, event.data),
  WaybillAssigned: (event, ctx) => onShipment(ctx, event, event.data),
  ShipmentStatusAdvanced: (event, ctx) => onShipment(ctx, event, event.data),
  ShipmentDelivered: (event, ctx) => onShipment(ctx, event, event.data),
  ShipmentReturnedToSender: (event, ctx) => onShipment(ctx, event, event.data),
  DeliveryExceptionRaised: (event, ctx) => onShipment(ctx, event, event.data),
  DeliveryExceptionResolved: (event, ctx) => onShipment(ctx, event, event.data),
  DeliveryAddressCorrected: (event, ctx) => onShipment(ctx, event, event.data),
  ShipmentDeclaredLost: (event, ctx) => onShipment(ctx, event, event.data),
  ShipmentCancelled: (event, ctx) => onShipment(ctx, event, event.data),
};
