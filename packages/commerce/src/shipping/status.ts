import type { ShipmentStatus, TrackingCode } from './model.js';

/**
 * How far along a status is. Final statuses share the top rank and nothing leaves them, so a status can only
 * ever move up this scale: a late "in transit" after "out for delivery" never pulls a shipment back.
 */
export const statusRank: Readonly<Record<ShipmentStatus, number>> = {
  created: 0,
  picked_up: 1,
  in_transit: 2,
  out_for_delivery: 3,
  delivered: 4,
  returned_to_sender: 4,
  lost: 4,
  cancelled: 4,
};

export const finalStatuses: readonly ShipmentStatus[] = ['delivered', 'returned_to_sender', 'lost', 'cancelled'];

export const isFinal = (status: ShipmentStatus): boolean => finalStatuses.includes(status);

/** The statuses a carrier's own events can move a shipment to; the others are the merchant's decisions. */
export type CarrierStatus = Extract<ShipmentStatus, 'picked_up' | 'in_transit' | 'out_for_delivery' | 'delivered' | 'returned_to_sender'>;

/** The status a tracking code moves a shipment to, or null for codes that only open or close an exception. */
export const statusOfCode = (code: TrackingCode): CarrierStatus | null => {
  switch (code) {
    case 'picked_up':
    case 'in_transit':
    case 'out_for_delivery':
    case 'delivered':
    case 'returned_to_sender':
      return code;
    case 'exception':
    case 'exception_resolved':
      return null;
  }
};

/**
 * The position of a carrier event in carrier time. The event id breaks ties so that two events stamped in
 * the same second still have one order, the same whatever order they arrive in.
 */
export interface TrackingKey {
  readonly at: string;
  readonly id: string;
}

export const compareKeys = (a: TrackingKey, b: TrackingKey): number => {
  const byTime = Date.parse(a.at) - Date.parse(b.at);
  if (byTime !== 0) return byTime;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
};

export const isAfter = (a: TrackingKey, b: TrackingKey | null): boolean => b === null || compareKeys(a, b) > 0;
