import type { DecisionContext } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { OrderingCommand } from './commands.js';
import type { OrderingError } from './errors.js';
import type { LineQuantity, OrderingEvent } from './events.js';
import { isPlaced, quantityBooked } from './state.js';
import type { OrderState, PlacedOrderState } from './state.js';
import { canTransition } from './status.js';
import type { OrderStatus } from './status.js';

/** The shapes and guards every ordering decision is written with. */
export type Decision = Either<OrderingError, readonly OrderingEvent[]>;
export type Data<T extends OrderingCommand['type']> = Extract<OrderingCommand, { type: T }>['data'];
export type Decide<T extends OrderingCommand['type']> = (data: Data<T>, state: OrderState, context: DecisionContext) => Decision;

export const unchanged: Decision = E.right([]);

export const placed = (state: OrderState, orderId: string): Either<OrderingError, PlacedOrderState> => {
  if (!isPlaced(state)) return E.left({ _tag: 'OrderNotFound', orderId });
  if (state.orderId !== orderId) return E.left({ _tag: 'OrderIdMismatch', orderId: state.orderId, commandOrderId: orderId });
  return E.right(state);
};

/**
 * Whether the order may move to `to`. A parcel booked with a carrier is on its way as far as cancelling goes:
 * the order cannot be cancelled until that booking is called off, else the goods would ship after the refund.
 */
export const transition = (order: PlacedOrderState, to: OrderStatus): Either<OrderingError, PlacedOrderState> =>
  canTransition(order.status, to) && !(to === 'cancelled' && order.bookings.length > 0)
    ? E.right(order)
    : E.left({ _tag: 'InvalidOrderTransition', orderId: order.orderId, from: order.status, to });

/** Refuses lines that are repeated, not the order's, or more than is left once shipped and booked units are counted. */
export const withinOrdered = (order: PlacedOrderState, lines: readonly LineQuantity[], shipmentId: string): Either<OrderingError, PlacedOrderState> => {
  const repeated = repeatedLine(lines);
  if (repeated !== undefined) return E.left({ _tag: 'RepeatedOrderLine', lineId: repeated });
  for (const item of lines) {
    const line = order.lines.find((l) => l.lineId === item.lineId);
    if (!line) return E.left({ _tag: 'UnknownOrderLine', orderId: order.orderId, lineId: item.lineId });
    const booked = quantityBooked(order, line.lineId, shipmentId);
    if (line.quantityShipped + booked + item.quantity > line.quantity) {
      return E.left({
        _tag: 'ShipmentExceedsOrdered',
        lineId: line.lineId,
        ordered: line.quantity,
        alreadyShipped: line.quantityShipped,
        booked,
        requested: item.quantity,
      });
    }
  }
  return E.right(order);
};

/** Same lines in any order: a redelivered shipment or delivery report is then recognised as the same one. */
export const sameLines = (a: readonly LineQuantity[], b: readonly LineQuantity[]): boolean => {
  const key = (lines: readonly LineQuantity[]) =>
    lines
      .map((l) => `${l.lineId}\u0000${l.quantity}`)
      .sort()
      .join('\u0001');
  return key(a) === key(b);
};

export const repeatedLine = (lines: readonly LineQuantity[]): string | undefined =>
  lines.find((line, i) => lines.findIndex((other) => other.lineId === line.lineId) !== i)?.lineId;
