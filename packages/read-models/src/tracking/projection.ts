import { defineProjection, toEvent } from '@shopstream/kernel';
import type { ProjectionContext, ProjectionHandlers, RecordedEvent } from '@shopstream/kernel';
import type { OrderingEvent } from '@shopstream/commerce/ordering';
import { shipmentDecider } from '@shopstream/commerce/shipping';
import type { Shipment, ShipmentState, ShippingEvent } from '@shopstream/commerce/shipping';
import type { ShipmentDocument, TrackingOrderDocument } from './documents.js';

export const TRACKING_PROJECTION = 'tracking';

type TrackingCollection = 'shipments' | 'orders';
type TrackingContext = ProjectionContext<TrackingCollection>;

const stateOf = (document: ShipmentDocument | null): ShipmentState => {
  if (document === null) return shipmentDecider.initialState();
  const { _id, customerId: _customer, createdAt: _created, updatedAt: _updated, ...shipment } = document;
  return shipment;
};

/** Folds the event into the shipment with the shipping aggregate's own `evolve`; a shipment never created stays absent. */
const onShipment = async (event: RecordedEvent, ctx: TrackingContext, shipmentId: string): Promise<void> => {
  const shipments = ctx.collection<ShipmentDocument>('shipments');
  const current = await shipments.get(shipmentId);
  const next = shipmentDecider.evolve(stateOf(current), toEvent<ShippingEvent>(event));
  if (next.status === 'none') return;
  const shipment: Shipment = next;
  const customerId =
    current?.customerId ?? (await ctx.collection<TrackingOrderDocument>('orders').get(shipment.orderId))?.customerId ?? null;
  await shipments.replaceOne({ ...shipment, _id: shipmentId, customerId, createdAt: current?.createdAt ?? event.occurredAt, updatedAt: event.occurredAt });
};

const shippingHandlers: ProjectionHandlers<ShippingEvent, TrackingCollection> = {
  ShipmentCreated: (event, ctx) => onShipment(event, ctx, event.data.shipmentId),
  WaybillAssigned: (event, ctx) => onShipment(event, ctx, event.data.shipmentId),
  TrackingCheckpointRecorded: (event, ctx) => onShipment(event, ctx, event.data.shipmentId),
  ShipmentStatusAdvanced: (event, ctx) => onShipment(event, ctx, event.data.shipmentId),
  ShipmentDelivered: (event, ctx) => onShipment(event, ctx, event.data.shipmentId),
  ShipmentReturnedToSender: (event, ctx) => onShipment(event, ctx, event.data.shipmentId),
  DeliveryExceptionRaised: (event, ctx) => onShipment(event, ctx, event.data.shipmentId),
  DeliveryExceptionResolved: (event, ctx) => onShipment(event, ctx, event.data.shipmentId),
  EstimatedDeliveryRevised: (event, ctx) => onShipment(event, ctx, event.data.shipmentId),
  DeliveryAddressCorrected: (event, ctx) => onShipment(event, ctx, event.data.shipmentId),
  ShipmentDeclaredLost: (event, ctx) => onShipment(event, ctx, event.data.shipmentId),
  ShipmentCancelled: (event, ctx) => onShipment(event, ctx, event.data.shipmentId),
};

const orderingHandlers: ProjectionHandlers<Extract<OrderingEvent, { type: 'OrderPlaced' }>, TrackingCollection> = {
  OrderPlaced: async (event, ctx) => {
    const { orderId, customerId } = event.data;
    const orders = ctx.collection<TrackingOrderDocument>('orders');
    // The first placement wins, as in the order aggregate.
    if ((await orders.get(orderId)) !== null) return;
    await orders.replaceOne({ _id: orderId, customerId });
    await ctx.collection('shipments').updateMany({ orderId, customerId: null }, { $set: { customerId } });
  },
};

/** Per order, its shipments with their tracking timelines, status and estimated delivery. */
export const trackingProjection = defineProjection<ShippingEvent | Extract<OrderingEvent, { type: 'OrderPlaced' }>, TrackingCollection>({
  name: TRACKING_PROJECTION,
  version: 1,
  collections: {
    shipments: {
      indexes: [{ keys: { orderId: 1 } }, { keys: { customerId: 1, createdAt: -1 } }, { keys: { status: 1, createdAt: -1 } }, { keys: { createdAt: -1 } }],
    },
    orders: {},
  },
  handlers: { ...shippingHandlers, ...orderingHandlers },
});
