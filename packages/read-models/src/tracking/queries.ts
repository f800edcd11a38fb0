import type * as E from 'fp-ts/lib/Either.js';
import type { ShipmentStatus } from '@shopstream/commerce/shipping';
import type { Filter } from '@shopstream/kernel';
import { keysetPage } from '../orders/index.js';
import type { CustomerScope, InvalidCursor, ListPage, PageRequest } from '../orders/index.js';
import type { ReadModelSource } from '../source.js';
import type { ShipmentDocument, TrackingOrderDocument } from './documents.js';
import { TRACKING_PROJECTION } from './projection.js';
import type { OrderTrackingView, ShipmentView } from './views.js';
import { orderTrackingView, shipmentView } from './views.js';

/** What the staff's shipment list can be narrowed by. */
export interface ShipmentFilter {
  readonly status?: ShipmentStatus;
}

const OLDEST_FIRST = { createdAt: 1 } as const;
const NEWEST_FIRST = { createdAt: -1 } as const;

/**
 * Queries of the tracking read model. Customer queries return null (or nothing) for another customer's order
 * or parcel; `admin` is for staff and is not scoped.
 */
export const trackingQueries = (source: ReadModelSource) => {
  const shipments = source.collection<ShipmentDocument>(TRACKING_PROJECTION, 'shipments');
  const orders = source.collection<TrackingOrderDocument>(TRACKING_PROJECTION, 'orders');

  const tracking = async (orderId: string): Promise<OrderTrackingView> => orderTrackingView(orderId, await shipments.find({ orderId }, { sort: OLDEST_FIRST }));

  return {
    /** The delivery of the customer's order: its parcels, their timelines and the estimate; null when not theirs. */
    orderTracking: async (orderId: string, scope: CustomerScope): Promise<OrderTrackingView | null> =>
      (await orders.get(orderId))?.customerId === scope.customerId ? tracking(orderId) : null,

    /** One of the customer's parcels; null when not theirs. */
    shipment: async (shipmentId: string, scope: CustomerScope): Promise<ShipmentView | null> => {
      const found = await shipments.get(shipmentId);
      return found !== null && found.customerId === scope.customerId ? shipmentView(found) : null;
    },

    /** The customer's parcels, newest first. */
    shipmentsOf: async (customerId: string, request: PageRequest = {}): Promise<E.Either<InvalidCursor, ListPage<ShipmentView>>> =>
      keysetPage(shipments, { customerId }, NEWEST_FIRST, request, shipmentView),

    admin: {
      orderTracking: async (orderId: string): Promise<OrderTrackingView> => tracking(orderId),
      shipment: async (shipmentId: string): Promise<ShipmentView | null> => {
        const found = await shipments.get(shipmentId);
        return found === null ? null : shipmentView(found);
      },
      /** Every parcel, or those in one status (say, `lost`), newest first. */
      shipments: async (filter: ShipmentFilter = {}, request: PageRequest = {}): Promise<E.Either<InvalidCursor, ListPage<ShipmentView>>> => {
        const where: Filter = filter.status === undefined ? { createdAt: { $gt: '' } } : { status: filter.status };
        return keysetPage(shipments, where, NEWEST_FIRST, request, shipmentView);
      },
    },
  };
};

export type TrackingQueries = ReturnType<typeof trackingQueries>;
