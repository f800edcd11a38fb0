import { defineEvent } from '@shopstream/kernel';
import type { EventOf } from '@shopstream/kernel';
import { z } from 'zod';
import { Sku } from '../catalog/values.js';

const Quantity = z.number().int().positive().safe();
const Reservation = { sku: Sku, reservationId: z.uuid(), orderId: z.uuid(), quantity: Quantity };

// One stream per SKU, `inventory-<sku>`, so that every reservation of a SKU is decided against all the others.

export const StockReceived = defineEvent(
  'StockReceived',
  z.strictObject({ sku: Sku, quantity: Quantity, reference: z.string().max(200).nullable() }),
);

/** A stocktake: `counted` replaces the on-hand quantity; `previous` keeps the difference auditable. */
export const StockAdjusted = defineEvent(
  'StockAdjusted',
  z.strictObject({ sku: Sku, previous: z.number().int().nonnegative(), counted: z.number().int().nonnegative().safe(), reason: z.string().min(1).max(500) }),
);

export const StockReserved = defineEvent('StockReserved', z.strictObject({ ...Reservation, expiresAt: z.iso.datetime() }));

export const StockReservationReleased = defineEvent(
  'StockReservationReleased',
  z.strictObject({ ...Reservation, reason: z.string().min(1).max(500) }),
);

/** The order was paid: the reserved units leave the shelf for good. */
export const StockReservationCommitted = defineEvent('StockReservationCommitted', z.strictObject(Reservation));

export const StockReservationExpired = defineEvent(
  'StockReservationExpired',
  z.strictObject({ ...Reservation, expiresAt: z.iso.datetime() }),
);

export const inventoryEvents = [
  StockReceived,
  StockAdjusted,
  StockReserved,
  StockReservationReleased,
  StockReservationCommitted,
  StockReservationExpired,
] as const;
export type InventoryEvent = EventOf<(typeof inventoryEvents)[number]>;
