/**
 * What the shop should hold after the commands a model-based test sent it, worked out from the docs alone
 * (docs/http-api.md, docs/domain/*): carts, orders with their money and parcels, stock per SKU, after-sales
 * cases. The commands change it beside the real shop; the checks compare the two through the API.
 */

export const DAY_MS = 86_400_000;

export type OrderStatus = 'awaiting_payment' | 'paid' | 'on_risk_hold' | 'partially_shipped' | 'shipped' | 'delivered' | 'completed' | 'cancelled';

/** docs/domain/ordering-payment.md, "States and transitions", as written there. */
export const DOCUMENTED_ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  awaiting_payment: ['paid', 'cancelled'],
  paid: ['on_risk_hold', 'partially_shipped', 'shipped', 'cancelled'],
  on_risk_hold: ['paid', 'cancelled'],
  partially_shipped: ['shipped'],
  shipped: ['delivered', 'completed'],
  delivered: ['completed'],
  completed: [],
  cancelled: [],
};

/** Whether `to` can follow `from` through documented transitions (one command may set off several: paid, then held). */
export const reachable = (from: OrderStatus, to: OrderStatus): boolean => {
  const seen = new Set<OrderStatus>([from]);
  const queue: OrderStatus[] = [from];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const step of DOCUMENTED_ORDER_TRANSITIONS[next]) {
      if (step === to) return true;
      if (!seen.has(step)) {
        seen.add(step);
        queue.push(step);
      }
    }
  }
  return false;
};

export type CaseKind = 'return' | 'exchange' | 'repair' | 'complaint';
export type CaseStatus = 'requested' | 'approved' | 'awaiting_item' | 'item_received' | 'rejected' | 'cancelled' | 'refunded' | 'replacement_shipped' | 'repaired' | 'complaint_resolved' | 'closed';

/** docs/domain/shipping-aftersales-reviews.md: a reason of each kind and its window in days. */
export const CASE_REASONS: Readonly<Record<CaseKind, { readonly reason: string; readonly windowDays: number }>> = {
  return: { reason: 'no_reason', windowDays: 7 },
  exchange: { reason: 'wrong_item', windowDays: 15 },
  repair: { reason: 'malfunction', windowDays: 365 },
  complaint: { reason: 'late_delivery', windowDays: 90 },
};

export interface ModelCustomer {
  readonly userId: string;
  readonly contact: string;
  token: string;
  closed: boolean;
  /** Units per SKU, in the order first added. */
  readonly cart: Map<string, number>;
  /** Whether the cart has a stream: a customer's first cart, and the one after a checkout, have none until an item goes in. */
  cartOpened: boolean;
  couponApplied: boolean;
  /** The last checkout, to send again with its Idempotency-Key: the order it placed, or null when it was refused. */
  lastCheckout: { readonly key: string; readonly body: unknown; readonly orderId: string | null; readonly at: number } | null;
  /** The unread count last seen; only marking read lowers it. */
  unreadSeen: number;
}

/** The sandbox's side: a walked-away payment stays open, so it is `action_required` still. */
export type AttemptStatus = 'action_required' | 'captured' | 'declined';

export interface ModelAttempt {
  readonly attemptId: string;
  readonly providerReference: string;
  readonly method: string;
  status: AttemptStatus;
}

export interface ModelLine {
  readonly lineId: string;
  readonly sku: string;
  readonly quantity: number;
  readonly net: number;
  delivered: boolean;
  /** Units claimed by return, exchange and repair cases still standing. */
  claimed: number;
  refunded: number;
  reviewed: boolean;
}

export interface ModelShipment {
  readonly shipmentId: string;
  readonly waybillNumber: string;
  readonly estimatedDeliveryAt: number;
}

export interface ModelOrder {
  readonly orderId: string;
  readonly customer: number;
  readonly lines: ModelLine[];
  readonly total: number;
  readonly withCoupon: boolean;
  readonly placedAt: number;
  readonly paymentDueAt: number;
  status: OrderStatus;
  /** The status the API last showed, for the transition check. */
  observed: OrderStatus;
  /** Took the money once (stock committed); stays true after a cancellation. */
  paidEver: boolean;
  /** The order's ledger. */
  paid: number;
  refunded: number;
  /** The payment stream: every attempt's captures, and every refund, reversals of double payments included. */
  captured: number;
  paymentRefunded: number;
  readonly attempts: ModelAttempt[];
  readonly shipments: ModelShipment[];
  deliveredAt: number | null;
}

export interface ModelCase {
  readonly caseId: string;
  readonly orderId: string;
  readonly customer: number;
  readonly kind: CaseKind;
  readonly lines: readonly { readonly lineId: string; readonly quantity: number }[];
  readonly refundable: number;
  status: CaseStatus;
  refunded: number;
}

export interface SkuStock {
  readonly sku: string;
  readonly productId: string;
  readonly price: number;
  received: number;
  /** Delivery references received: a repeated one is received once. */
  readonly references: Set<string>;
}

export interface ShopModel {
  now: number;
  readonly customers: ModelCustomer[];
  readonly orders: ModelOrder[];
  readonly cases: ModelCase[];
  readonly stock: SkuStock[];
  readonly coupon: { readonly code: string; readonly discount: number };
  /** Orders and cases the last command may have changed: the invariants read these through the API. */
  readonly touched: { readonly orders: Set<string>; readonly cases: Set<string>; readonly customers: Set<number> };
}

/** On hand, reserved and available per SKU: every order holds its units until it is cancelled. */
export const stockOf = (model: ShopModel, sku: string): { onHand: number; reserved: number; available: number } => {
  const received = model.stock.find((s) => s.sku === sku)?.received ?? 0;
  let committed = 0;
  let reserved = 0;
  for (const order of model.orders) {
    if (order.status === 'cancelled') continue;
    const units = order.lines.filter((l) => l.sku === sku).reduce((sum, l) => sum + l.quantity, 0);
    if (order.paidEver) committed += units;
    else reserved += units;
  }
  return { onHand: received - committed, reserved, available: received - committed - reserved };
};

export const openCustomers = (model: ShopModel): number[] => model.customers.flatMap((c, i) => (c.closed ? [] : [i]));

export const pick = <T>(items: readonly T[], index: number): T | undefined => (items.length === 0 ? undefined : items[index % items.length]);

export const cartTotals = (model: ShopModel, customer: ModelCustomer): { subtotal: number; discount: number; total: number } => {
  let subtotal = 0;
  for (const [sku, quantity] of customer.cart) subtotal += (model.stock.find((s) => s.sku === sku)?.price ?? 0) * quantity;
  const discount = customer.couponApplied ? Math.min(model.coupon.discount, subtotal) : 0;
  return { subtotal, discount, total: subtotal - discount };
};

/** The coupon counts once per customer, until the order that used it is cancelled (its redemption is released). */
export const couponInUse = (model: ShopModel, customer: number): boolean =>
  model.orders.some((o) => o.customer === customer && o.withCoupon && o.status !== 'cancelled');

/** The units of a line that a return, exchange or repair may still claim. */
export const claimable = (line: ModelLine): number => (line.delivered ? line.quantity - line.claimed : 0);

/**
 * docs: a claimed line's share of what was paid for it, `floor(paid × units / bought)`, never more than is still
 * unrefunded, and all that is left when the claim takes the last units claimable.
 */
/** Cases that have paid out all they will: they hold what they paid, an open case all it may still pay. */
const SETTLED: ReadonlySet<CaseStatus> = new Set(['refunded', 'replacement_shipped', 'repaired', 'complaint_resolved', 'rejected', 'cancelled', 'closed']);

/**
 * What a new case on `units` of the line is promised (docs/domain/shipping-aftersales-reviews.md): its share of what
 * the line was paid, while the order keeps its money, less what the ledger refunded or the order's other cases hold
 * (the model's cases are about one line each).
 */
export const refundableFor = (model: ShopModel, order: ModelOrder, line: ModelLine, units: number): number => {
  const paid = order.paidEver && order.status !== 'cancelled' ? line.net : 0;
  const held = model.cases
    .filter((c) => c.orderId === order.orderId && c.lines.some((l) => l.lineId === line.lineId))
    .reduce((sum, c) => sum + (SETTLED.has(c.status) ? Math.min(c.refundable, c.refunded) : c.refundable), 0);
  const left = Math.max(0, Math.min(paid - Math.max(line.refunded, held), order.paid - order.refunded));
  return units >= line.quantity - line.claimed ? left : Math.min(Math.floor((paid * units) / line.quantity), left);
};

export const touch = (model: ShopModel, what: { order?: string; case?: string; customer?: number }): void => {
  if (what.order !== undefined) model.touched.orders.add(what.order);
  if (what.case !== undefined) model.touched.cases.add(what.case);
  if (what.customer !== undefined) model.touched.customers.add(what.customer);
};

/** Money the order gives back when it is cancelled or rejected after paying: the whole balance. */
export const cancel = (order: ModelOrder): void => {
  const refundDue = order.paid - order.refunded;
  order.status = 'cancelled';
  order.refunded += refundDue;
  order.paymentRefunded += refundDue;
};

/**
 * Mostly one of the items the step applies to, one time in four any item (to see the refusal): a blind random
 * walk seldom gets past checkout, let alone to a case's inspection. `aims` is the step's guard: a step aimed at
 * an item it applies to is left out while there is none.
 */
const wild = (seed: number): boolean => seed % 4 === 0;

export const aims = <T>(items: readonly T[], fits: (item: T) => boolean, seed: number): boolean => (wild(seed) ? items.length > 0 : items.some(fits));

export const target = <T>(items: readonly T[], fits: (item: T) => boolean, seed: number): T | undefined =>
  pick(wild(seed) ? items : items.filter(fits), Math.floor(seed / 4));
