import * as E from 'fp-ts/lib/Either.js';
import { placed, repeatedLine, sameLines, transition, unchanged, withinOrdered } from './checks.js';
import type { Decide } from './checks.js';
import type { OrderStatus } from './status.js';

const DAY_MS = 86_400_000;

/** A carrier's time for what it did, however late the shop hears of it; a carrier clock ahead of ours is taken as now. */
const carrierTime = (reported: string | undefined, now: Date): string =>
  reported === undefined || Date.parse(reported) > now.getTime() ? now.toISOString() : new Date(reported).toISOString();

/** Fulfilment as the shipping context reports it: shipments and deliveries line by line, then receipt. */
export const recordShipment: Decide<'RecordOrderShipment'> = (data, state, { now }) => {
  const found = placed(state, data.orderId);
  if (E.isLeft(found)) return found;
  const order = found.right;
  const earlier = order.shipments.find((s) => s.shipmentId === data.shipmentId);
  if (earlier) {
    if (!sameLines(earlier.lines, data.lines)) return E.left({ _tag: 'ShipmentAlreadyRecorded', shipmentId: data.shipmentId });
    // The same parcel again: an earlier first scan the carrier reported late corrects when it left; any other is a repeat.
    const scanned = data.shippedAt === undefined ? null : carrierTime(data.shippedAt, now);
    if (scanned === null || Date.parse(scanned) >= Date.parse(earlier.shippedAt)) return unchanged;
    return E.right([{ type: 'OrderShipTimeCorrected', data: { orderId: order.orderId, shipmentId: data.shipmentId, shippedAt: scanned, correctedAt: now.toISOString() } }]);
  }
  const repeated = repeatedLine(data.lines);
  if (repeated !== undefined) return E.left({ _tag: 'RepeatedOrderLine', lineId: repeated });

  const requested = (lineId: string) => data.lines.find((l) => l.lineId === lineId)?.quantity ?? 0;
  const allShipped = order.lines.every((line) => line.quantityShipped + requested(line.lineId) >= line.quantity);
  const target: OrderStatus = allShipped ? 'shipped' : 'partially_shipped';
  if (order.status !== target) {
    const allowed = transition(order, target);
    if (E.isLeft(allowed)) return allowed;
  }
  const within = withinOrdered(order, data.lines, data.shipmentId);
  if (E.isLeft(within)) return within;
  return E.right([
    {
      type: 'OrderLinesShipped',
      data: { orderId: order.orderId, shipmentId: data.shipmentId, lines: data.lines, allShipped, shippedAt: carrierTime(data.shippedAt, now) },
    },
  ]);
};

export const recordDelivery: Decide<'RecordOrderDelivery'> = (data, state, { now }) => {
  const found = placed(state, data.orderId);
  if (E.isLeft(found)) return found;
  const order = found.right;
  const earlier = order.deliveries.find((d) => d.shipmentId === data.shipmentId);
  if (earlier) return sameLines(earlier.lines, data.lines) ? unchanged : E.left({ _tag: 'DeliveryAlreadyRecorded', shipmentId: data.shipmentId });
  const shipment = order.shipments.find((s) => s.shipmentId === data.shipmentId);
  if (!shipment) return E.left({ _tag: 'UnknownShipment', orderId: order.orderId, shipmentId: data.shipmentId });
  // Receipt confirmation already counted every shipped unit as delivered; a late carrier report adds nothing.
  if (order.status === 'completed') return unchanged;
  const repeated = repeatedLine(data.lines);
  if (repeated !== undefined) return E.left({ _tag: 'RepeatedOrderLine', lineId: repeated });
  for (const item of data.lines) {
    const inShipment = shipment.lines.find((l) => l.lineId === item.lineId)?.quantity ?? 0;
    if (item.quantity > inShipment) {
      return E.left({ _tag: 'DeliveryExceedsShipment', shipmentId: shipment.shipmentId, lineId: item.lineId, inShipment, requested: item.quantity });
    }
  }
  const requested = (lineId: string) => data.lines.find((l) => l.lineId === lineId)?.quantity ?? 0;
  const allDelivered = order.lines.every((line) => line.quantityDelivered + requested(line.lineId) >= line.quantity);
  if (allDelivered && order.status !== 'delivered') {
    const allowed = transition(order, 'delivered');
    if (E.isLeft(allowed)) return allowed;
  }
  const deliveredAt = carrierTime(data.deliveredAt, now);
  return E.right([{ type: 'OrderLinesDelivered', data: { orderId: order.orderId, shipmentId: data.shipmentId, lines: data.lines, allDelivered, deliveredAt } }]);
};

export const confirmReceipt: Decide<'ConfirmOrderReceipt'> = (data, state, { now }) => {
  const found = placed(state, data.orderId);
  if (E.isLeft(found)) return found;
  const order = found.right;
  const by = data.confirmedBy;
  if (by.kind === 'customer' && by.customerId !== order.customerId) {
    return E.left({ _tag: 'NotOrderCustomer', orderId: order.orderId, customerId: by.customerId });
  }
  // A second confirmation (a double click, the timer firing after the customer confirmed) changes nothing.
  if (order.status === 'completed') return unchanged;
  const allowed = transition(order, 'completed');
  if (E.isLeft(allowed)) return allowed;
  if (by.kind === 'automatic') {
    // From the last shipment, or from the carrier's delivery when the shop recorded the shipment only after it
    // (a late push, an order released from a risk hold): the customer has had the goods since then.
    const handedOver = [order.fullyShippedAt, order.fullyDeliveredAt].flatMap((at) => (at === null ? [] : [Date.parse(at)]));
    const dueAt = handedOver.length === 0 ? null : new Date(Math.min(...handedOver) + order.autoConfirmReceiptAfterDays * DAY_MS);
    if (dueAt === null || now.getTime() < dueAt.getTime()) {
      return E.left({ _tag: 'ReceiptAutoConfirmationNotDue', orderId: order.orderId, dueAt: dueAt?.toISOString() ?? null });
    }
  }
  return E.right([{ type: 'OrderReceiptConfirmed', data: { orderId: order.orderId, confirmedBy: by, confirmedAt: now.toISOString() } }]);
};
