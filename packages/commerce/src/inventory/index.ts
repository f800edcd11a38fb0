import { streamName } from '@shopstream/kernel';

/** The stream of one SKU's stock. */
export const inventoryStream = (sku: string): string => streamName('inventory', sku);

// Events
export {
  StockReceived,
  StockAdjusted,
  StockReserved,
  StockReservationReleased,
  StockReservationCommitted,
  StockReservationExpired,
  inventoryEvents,
} from './events.js';
export type { InventoryEvent } from './events.js';

// Commands
export { ReceiveStock, AdjustStock, ReserveStock, ReleaseReservation, CommitReservation, ExpireReservations, InventoryCommand } from './commands.js';

// Errors
export type { InventoryError, InventoryErrorTag, ReservationOutcome } from './errors.js';

// Decider
export { CLOSED_RETENTION_MS, MAX_RESERVATION_MS, inventoryDecider, stockLevels } from './decider.js';
export type { ClosedReservation, Reservation, StockLevels, StockState } from './decider.js';
