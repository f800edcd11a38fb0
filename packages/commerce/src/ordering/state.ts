import { match } from 'ts-pattern';
import type { Money } from '../shared/money.js';
import type { LineQuantity, OrderingEvent, RiskDecisionMaker } from './events.js';
import type { OrderStatus } from './status.js';

/** What the order knows about one line: what was bought, and how much of it has moved. */
export interface OrderLineState {
  readonly lineId: string;
  readonly productId: string;
  readonly sku: string;
  readonly quantity: number;
  readonly net: Money;
  readonly quantityShipped: number;
  readonly quantityDelivered: number;
  /** Every unit of the line reached the customer: what reviews ask before a customer may review the product. */
  readonly delivered: boolean;
  readonly refunded: Money;
}

/** Money in and out of the order. `balance = paid - refunded`, never negative. */
export interface OrderLedger {
  readonly paid: Money;
  readonly refunded: Money;
  readonly balance: Money;
}

export interface PlacedOrderState {
  readonly status: OrderStatus;
  readonly orderId: string;
  readonly customerId: string;
  readonly currency: string;
  readonly total: Money;
  readonly placedAt: string;
  readonly paymentDueAt: string;
  readonly autoConfirmReceiptAfterDays: number;
  readonly lines: readonly OrderLineState[];
  readonly ledger: OrderLedger;
  readonly payment: { readonly paymentId: string; readonly paidAt: string } | null;
  readonly riskHold: { readonly reason: string; readonly heldAt: string; readonly decidedBy: RiskDecisionMaker } | null;
  /** Parcels the carrier has, with when it first scanned each (its own clock). */
  readonly shipments: readonly { readonly shipmentId: string; readonly lines: readonly LineQuantity[]; readonly shippedAt: string }[];
  /** Parcels booked with a carrier and not scanned yet: their lines are taken, though not shipped. */
  readonly bookings: readonly { readonly shipmentId: string; readonly lines: readonly LineQuantity[] }[];
  readonly deliveries: readonly { readonly shipmentId: string; readonly lines: readonly LineQuantity[] }[];
  readonly refunds: readonly { readonly refundId: string; readonly amount: Money; readonly lineId: string | null }[];
  /**
   * When the last unit was handed to a carrier: the latest first scan of the order's parcels, by the carriers' clocks
   * (a parcel the shop heard of last may have left first). The automatic receipt confirmation counts from here.
   */
  readonly fullyShippedAt: string | null;
  /** When the carrier delivered the last unit (its own time, which may be before the shop recorded the shipment). */
  readonly fullyDeliveredAt: string | null;
  /**
   * The latest delivery of any of its parcels, by the carriers' clocks (a parcel the shop heard of last may have
   * arrived first): the after-sales windows count from here. Null while nothing has arrived.
   */
  readonly lastDeliveredAt: string | null;
  readonly closedAt: string | null;
}

/** Units of a line in parcels booked but not yet scanned, leaving out one shipment (the one being recorded). */
export const quantityBooked = (order: PlacedOrderState, lineId: string, except?: string): number =>
  order.bookings
    .filter((b) => b.shipmentId !== except)
    .flatMap((b) => b.lines)
    .filter((l) => l.lineId === lineId)
    .reduce((sum, l) => sum + l.quantity, 0);

/** Plain JSON, so the kernel can snapshot it. */
export type OrderState = { readonly status: 'initial' } | PlacedOrderState;

export const initialOrderState = (): OrderState => ({ status: 'initial' });

export const isPlaced = (state: OrderState): state is PlacedOrderState => state.status !== 'initial';

// Evolve works on amounts in the order's own currency: the decider refuses other currencies, and evolve
// must not throw even on a history it would never have produced.
const plus = (a: Money, b: Money): Money => ({ amount: a.amount + b.amount, currency: a.currency });

const withQuantities = (
  lines: readonly OrderLineState[],
  moved: readonly LineQuantity[],
  apply: (line: OrderLineState, quantity: number) => OrderLineState,
): OrderLineState[] =>
  lines.map((line) => {
    const quantity = moved.filter((m) => m.lineId === line.lineId).reduce((s, m) => s + m.quantity, 0);
    return quantity === 0 ? line : apply(line, quantity);
  });

/** The latest of some instants (at least one). */
const latest = (instants: readonly string[]): string => instants.reduce((max, at) => (Date.parse(at) > Date.parse(max) ? at : max));

const allShipped = (lines: readonly OrderLineState[]): boolean => lines.every((l) => l.quantityShipped >= l.quantity);
const allDelivered = (lines: readonly OrderLineState[]): boolean => lines.every((l) => l.delivered);

const evolvePlaced = (order: PlacedOrderState, event: OrderingEvent): PlacedOrderState =>
  match(event)
    .with({ type: 'OrderPlaced' }, () => order)
    .with({ type: 'OrderPaid' }, ({ data }) => {
      const paid = plus(order.ledger.paid, data.amount);
      return {
        ...order,
        status: 'paid' as const,
        payment: { paymentId: data.paymentId, paidAt: data.paidAt },
        ledger: { ...order.ledger, paid, balance: { amount: paid.amount - order.ledger.refunded.amount, currency: paid.currency } },
      };
    })
    .with({ type: 'OrderPutOnRiskHold' }, ({ data }) => ({
      ...order,
      status: 'on_risk_hold' as const,
      riskHold: { reason: data.reason, heldAt: data.heldAt, decidedBy: data.decidedBy },
    }))
    .with({ type: 'OrderRiskHoldReleased' }, () => ({ ...order, status: 'paid' as const, riskHold: null }))
    .with({ type: 'OrderRejectedForRisk' }, ({ data }) => ({ ...order, status: 'cancelled' as const, riskHold: null, closedAt: data.rejectedAt }))
    .with({ type: 'OrderCancelled' }, ({ data }) => ({ ...order, status: 'cancelled' as const, riskHold: null, closedAt: data.cancelledAt }))
    .with({ type: 'OrderShipmentBooked' }, ({ data }) => ({
      ...order,
      bookings: [...order.bookings.filter((b) => b.shipmentId !== data.shipmentId), { shipmentId: data.shipmentId, lines: data.lines }],
    }))
    .with({ type: 'OrderShipmentBookingReleased' }, ({ data }) => ({ ...order, bookings: order.bookings.filter((b) => b.shipmentId !== data.shipmentId) }))
    .with({ type: 'OrderLinesShipped' }, ({ data }) => {
      const lines = withQuantities(order.lines, data.lines, (line, q) => ({ ...line, quantityShipped: line.quantityShipped + q }));
      const complete = allShipped(lines);
      const shipments = [...order.shipments, { shipmentId: data.shipmentId, lines: data.lines, shippedAt: data.shippedAt }];
      return {
        ...order,
        lines,
        status: complete ? ('shipped' as const) : ('partially_shipped' as const),
        shipments,
        // The carrier has the parcel: its lines now count as shipped, no longer as booked.
        bookings: order.bookings.filter((b) => b.shipmentId !== data.shipmentId),
        fullyShippedAt: complete ? (order.fullyShippedAt ?? latest(shipments.map((s) => s.shippedAt))) : null,
      };
    })
    .with({ type: 'OrderShipTimeCorrected' }, ({ data }) => {
      const shipments = order.shipments.map((s) => (s.shipmentId === data.shipmentId && Date.parse(data.shippedAt) < Date.parse(s.shippedAt) ? { ...s, shippedAt: data.shippedAt } : s));
      // Still the latest first scan of the parcels, now that one of them left earlier.
      return { ...order, shipments, fullyShippedAt: order.fullyShippedAt === null || shipments.length === 0 ? order.fullyShippedAt : latest(shipments.map((s) => s.shippedAt)) };
    })
    .with({ type: 'OrderLinesDelivered' }, ({ data }) => {
      const lines = withQuantities(order.lines, data.lines, (line, q) => {
        const quantityDelivered = line.quantityDelivered + q;
        return { ...line, quantityDelivered, delivered: quantityDelivered >= line.quantity };
      });
      return {
        ...order,
        lines,
        status: order.status === 'shipped' && allDelivered(lines) ? ('delivered' as const) : order.status,
        fullyDeliveredAt: order.fullyDeliveredAt ?? (allDelivered(lines) ? data.deliveredAt : null),
        lastDeliveredAt: latest([...(order.lastDeliveredAt === null ? [] : [order.lastDeliveredAt]), data.deliveredAt]),
        deliveries: [...order.deliveries, { shipmentId: data.shipmentId, lines: data.lines }],
      };
    })
    .with({ type: 'OrderReceiptConfirmed' }, ({ data }) => ({
      ...order,
      status: 'completed' as const,
      // The customer has the goods in hand, whatever the carrier has or has not reported yet.
      lines: order.lines.map((line) => ({ ...line, quantityDelivered: line.quantityShipped, delivered: true })),
      closedAt: data.confirmedAt,
    }))
    .with({ type: 'OrderRefundRecorded' }, ({ data }) => {
      const refunded = plus(order.ledger.refunded, data.amount);
      return {
        ...order,
        ledger: { ...order.ledger, refunded, balance: { amount: order.ledger.paid.amount - refunded.amount, currency: refunded.currency } },
        lines: order.lines.map((line) => (line.lineId === data.lineId ? { ...line, refunded: plus(line.refunded, data.amount) } : line)),
        refunds: [...order.refunds, { refundId: data.refundId, amount: data.amount, lineId: data.lineId ?? null }],
      };
    })
    .exhaustive();

/** Total: every event of the union folds, and events that make no sense in the current state leave it as it is. */
export const evolveOrder = (state: OrderState, event: OrderingEvent): OrderState => {
  if (isPlaced(state)) return evolvePlaced(state, event);
  if (event.type !== 'OrderPlaced') return state;
  const { data } = event;
  const none = { amount: 0, currency: data.currency };
  return {
    status: 'awaiting_payment',
    orderId: data.orderId,
    customerId: data.customerId,
    currency: data.currency,
    total: data.total,
    placedAt: data.placedAt,
    paymentDueAt: data.paymentDueAt,
    autoConfirmReceiptAfterDays: data.autoConfirmReceiptAfterDays,
    lines: data.lines.map((line) => ({
      lineId: line.lineId,
      productId: line.productId,
      sku: line.sku,
      quantity: line.quantity,
      net: line.net,
      quantityShipped: 0,
      quantityDelivered: 0,
      delivered: false,
      refunded: none,
    })),
    ledger: { paid: none, refunded: none, balance: none },
    payment: null,
    riskHold: null,
    shipments: [],
    bookings: [],
    deliveries: [],
    refunds: [],
    fullyShippedAt: null,
    fullyDeliveredAt: null,
    lastDeliveredAt: null,
    closedAt: null,
  };
};
