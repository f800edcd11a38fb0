/**
 * The documents of the reports read model. Facts sit at the grain of one order line, so any grouping of the
 * sales dimensions is a `$group` over them; the other collections are the dimensions and joins the projection
 * needs to fill the facts in, whatever order their events arrive in.
 */

/** Where an order came from; orders placed before the field existed count as 'web'. */
export const CHANNELS = ['web', 'app', 'mini_program', 'api'] as const;
export type Channel = (typeof CHANNELS)[number];

/** One order line: the fact table of the sales report. `_id` = `<orderId>/<lineId>`. */
export type SalesFact = {
  readonly _id: string;
  readonly orderId: string;
  readonly lineId: string;
  /** The line's position in the order, so whole-order refunds are spread in a stable order. */
  readonly lineIndex: number;
  readonly productId: string;
  readonly sku: string;
  readonly title: string;
  readonly customerId: string;
  readonly currency: string;
  /** When the order was placed (the event's `occurredAt`), and its periods in the report's zone. */
  readonly at: string;
  readonly day: string;
  readonly week: string;
  readonly month: string;
  /** The product's current primary category (its first) and brand; null until the catalog says. */
  readonly categoryId: string | null;
  readonly brandId: string | null;
  readonly province: string;
  readonly city: string;
  readonly channel: Channel;
  /** Whether this is the customer's first order: `newCustomer` holds the customer then, else null. */
  readonly firstOrder: boolean;
  readonly newCustomer: string | null;
  readonly quantity: number;
  /** What the line sells for after every discount, in minor units. */
  readonly net: number;
  readonly paid: boolean;
  readonly paidAt: string | null;
  readonly paymentId: string | null;
  readonly paymentMethod: string | null;
  /** Refunds of this order attributed to the line, in minor units. */
  readonly refunded: number;
};

export type OrderRefund = { readonly refundId: string; readonly amount: number; readonly at: string };

/** One order, for customer segments (recency, frequency, monetary) as of any instant. */
export type OrderDocument = {
  readonly _id: string;
  readonly customerId: string;
  readonly currency: string;
  readonly at: string;
  readonly paidAt: string | null;
  readonly paymentId: string | null;
  /** What the customer paid (lines and shipping), in minor units. */
  readonly paidAmount: number;
  readonly refunds: readonly OrderRefund[];
};

/** A customer's first order decides whether later orders are from a returning customer. */
export type CustomerDocument = { readonly _id: string; readonly firstOrderId: string; readonly firstOrderAt: string };

/** The catalog dimension: a product's primary category and brand. */
export type ProductDocument = {
  readonly _id: string;
  readonly title: string;
  readonly categoryId: string | null;
  readonly brandId: string | null;
};

/** A category or brand name, `_id` = `category:<id>` or `brand:<id>`. */
export type TaxonomyDocument = { readonly _id: string; readonly kind: 'category' | 'brand'; readonly zh: string; readonly en: string };

/** A payment attempt, to learn the method an order was paid with. */
export type AttemptDocument = { readonly _id: string; readonly orderId: string; readonly method: string };

export const RETURN_STATUSES = ['requested', 'approved', 'rejected', 'cancelled', 'refunded'] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

/**
 * One line of an after-sales case, `_id` = `<caseId>/<lineId>`, carrying the dimensions of the order line it
 * returns (its day is the order's), so a return rate compares units returned with the units sold with them.
 */
export type ReturnLine = {
  readonly _id: string;
  readonly caseId: string;
  readonly orderId: string;
  readonly lineId: string;
  readonly kind: string;
  readonly reason: string;
  readonly status: ReturnStatus;
  readonly quantity: number;
  readonly requestedAt: string;
  readonly sku: string;
  readonly productId: string | null;
  readonly categoryId: string | null;
  readonly brandId: string | null;
  readonly day: string | null;
  readonly week: string | null;
  readonly month: string | null;
};

export const FUNNEL_STAGES = ['view', 'cart', 'order', 'payment'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

/**
 * Someone reached a stage on a day. `actor` is `customer:<id>`, or `session:<id>` / `cart:<id>` for a guest
 * until the session signs in or the guest cart is merged into a customer's, when it is rewritten.
 */
export type FunnelTouch = {
  readonly _id: string;
  readonly stage: FunnelStage;
  readonly actor: string;
  readonly day: string;
  readonly week: string;
  readonly month: string;
};

export type FunnelCart = { readonly _id: string; readonly userId: string | null };
export type FunnelSession = { readonly _id: string; readonly customerId: string };
export type FunnelOrder = { readonly _id: string; readonly customerId: string };

/** The projections' names, which queries read by. */
export const SALES_PROJECTION = 'reports';
export const FUNNEL_PROJECTION = 'reports-funnel';

export type SalesCollection = 'facts' | 'orders' | 'customers' | 'products' | 'taxonomy' | 'attempts' | 'returns';
export type FunnelCollection = 'touches' | 'carts' | 'sessions' | 'orders';
