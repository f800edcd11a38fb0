/** How a reservation ended; a closed reservation can be neither taken again nor changed. */
export type ReservationOutcome = 'released' | 'committed' | 'expired';

export type InventoryError =
  | { readonly _tag: 'OutOfStock'; readonly sku: string; readonly requested: number; readonly available: number }
  /** A count below what is reserved would break promises already made; release reservations first. */
  | { readonly _tag: 'StockCountBelowReserved'; readonly sku: string; readonly counted: number; readonly reserved: number }
  | { readonly _tag: 'StockReservationNotFound'; readonly sku: string; readonly reservationId: string }
  /** The reservation id is already used with another order or quantity. */
  | { readonly _tag: 'StockReservationConflict'; readonly sku: string; readonly reservationId: string }
  | { readonly _tag: 'StockReservationClosed'; readonly sku: string; readonly reservationId: string; readonly outcome: ReservationOutcome }
  | { readonly _tag: 'StockReservationExpiryNotInFuture'; readonly sku: string; readonly reservationId: string; readonly expiresAt: string }
  /** A reservation may hold stock for `MAX_RESERVATION_MS` at most. */
  | { readonly _tag: 'StockReservationTooLong'; readonly sku: string; readonly reservationId: string; readonly expiresAt: string; readonly latest: string }
  /** An expiry run claims a time that has not come yet, which would cut reservations short. */
  | { readonly _tag: 'StockExpiryAsOfInFuture'; readonly sku: string; readonly asOf: string; readonly now: string };

export type InventoryErrorTag = InventoryError['_tag'];
