import type { JsonValue } from '@shopstream/kernel';
import type { OrderStatus } from '@shopstream/commerce/ordering';
import type { RiskDecision } from '@shopstream/commerce/risk';
import type { CaseKind, CaseStatus, PayoutRefusal, ReasonCode } from '@shopstream/commerce/afterSales';

/** Amounts as the events carry them: integer minor units and an ISO 4217 code. */
export type MoneyView = { readonly amount: number; readonly currency: string };

/** Who caused an event, from its metadata: a customer, staff, an integration or the engine; null when unknown. */
export type ActorView = { readonly kind: string; readonly id: string } | null;

/**
 * One thing that happened to an order: what (the event type and its details, personal data and payment
 * tokens left out), when (the event's `occurredAt`) and by whom (the event's `actor`).
 */
export type TimelineEntry = {
  readonly eventId: string;
  /** Global log position: the timeline's order. */
  readonly position: number;
  readonly type: string;
  readonly at: string;
  readonly actor: ActorView;
  readonly details: TimelineDetails;
};

export type TimelineDetails = { readonly [key: string]: JsonValue };

/**
 * Risk review as the ordering events record it: `held` while an order is on hold, `released` once a hold was
 * lifted, `rejected` when the order was rejected for risk, `none` otherwise (never held, or the hold ended with
 * the order's cancellation). `riskScore` is the latest score: of a `RiskAssessed`, or a policy's `decidedBy.score`.
 */
export type RiskState = 'none' | 'held' | 'released' | 'rejected';

export type OrderLineView = {
  readonly lineId: string;
  readonly productId: string;
  readonly sku: string;
  readonly title: string;
  readonly unitPrice: MoneyView;
  readonly quantity: number;
  readonly net: MoneyView;
  readonly quantityShipped: number;
  readonly quantityDelivered: number;
  /** Every unit reached the customer (or the customer confirmed receipt): what reviews and after-sales wait for. */
  readonly delivered: boolean;
  readonly refunded: MoneyView;
};

/** Where the order goes, in clear: province, city, district. Recipient, phone and street stay in the log, sealed. */
export type DeliveryRegion = { readonly province: string; readonly city: string; readonly district: string };

/** What `OrderPlaced` says, kept up to date by the ordering events that follow. */
export type OrderDetails = {
  readonly currency: string;
  readonly lines: readonly OrderLineView[];
  readonly itemsSubtotal: MoneyView;
  readonly discountTotal: MoneyView;
  readonly shippingFee: MoneyView;
  readonly total: MoneyView;
  readonly paid: MoneyView;
  readonly refunded: MoneyView;
  readonly deliveryRegion: DeliveryRegion;
  /** Where the order was placed from (`web`, `app`, `mini_program`, `api`); null when it was not recorded. */
  readonly channel: string | null;
  readonly paymentDueAt: string;
  readonly paidAt: string | null;
  readonly cancellation: { readonly reason: string; readonly at: string; readonly note: string | null } | null;
  readonly closedAt: string | null;
};

/**
 * An order and everything that happened to it. Events of other contexts can name an order before its
 * `OrderPlaced` is projected (they never do in a real shop, but a rebuild must not depend on it): such an order
 * has a timeline and `details: null`, and no query shows it until it is placed.
 */
export type OrderDocument = {
  readonly _id: string;
  readonly orderId: string;
  readonly customerId: string | null;
  readonly status: OrderStatus | null;
  readonly placedAt: string | null;
  readonly riskState: RiskState;
  readonly riskScore: number | null;
  readonly riskReason: string | null;
  /** The risk policy's latest assessment (`RiskAssessed`): approve, hold or reject; null before any. */
  readonly riskDecision: RiskDecision | null;
  readonly details: OrderDetails | null;
  readonly shipmentIds: readonly string[];
  readonly caseIds: readonly string[];
  readonly updatedAt: string;
  readonly timeline: readonly TimelineEntry[];
};

export type PaymentStatus =
  | 'started'
  | 'action_required'
  | 'initiation_failed'
  | 'authorised'
  | 'captured'
  | 'declined'
  | 'expired'
  | 'timed_out'
  | 'voided';

export type PaymentRefundView = {
  readonly refundId: string;
  readonly amount: MoneyView;
  readonly reason: string | null;
  readonly status: 'requested' | 'refunded' | 'failed';
  readonly failureReason: string | null;
  readonly at: string;
};

/**
 * One payment attempt of an order. Of a card only the brand and last four digits are kept; the provider's
 * token stays in the log.
 */
export type PaymentDocument = {
  readonly _id: string;
  readonly orderId: string;
  readonly attemptId: string;
  readonly customerId: string | null;
  readonly method: string | null;
  readonly amount: MoneyView | null;
  readonly card: { readonly brand: string; readonly last4: string } | null;
  readonly status: PaymentStatus;
  readonly failure: { readonly code: string; readonly message: string | null } | null;
  readonly flaggedForReversal: { readonly reason: string; readonly amount: MoneyView } | null;
  readonly refunds: readonly PaymentRefundView[];
  readonly startedAt: string;
  readonly updatedAt: string;
};

/** An after-sales case, with its status as the case aggregate folds it. */
export type CaseDocument = {
  readonly _id: string;
  readonly caseId: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly kind: CaseKind;
  readonly reason: ReasonCode;
  readonly description: string;
  readonly lines: readonly { readonly lineId: string; readonly sku: string; readonly quantity: number; readonly refundable: MoneyView }[];
  readonly refundable: MoneyView;
  readonly status: CaseStatus;
  readonly decision: { readonly outcome: 'approved' | 'rejected'; readonly by: string; readonly note: string; readonly at: string } | null;
  readonly returnParcel: { readonly carrier: string; readonly waybillNumber: string; readonly at: string } | null;
  readonly itemReceived: { readonly condition: string; readonly at: string } | null;
  readonly refund: { readonly refundId: string; readonly amount: MoneyView; readonly at: string } | null;
  /** Refunds and compensation paid out on this case so far. */
  readonly refunded: MoneyView;
  readonly replacementShipmentId: string | null;
  readonly resolution: { readonly text: string; readonly compensation: MoneyView | null; readonly at: string } | null;
  /** A payout the payment could not give (the order was not paid, or no longer holds enough): staff settle it by hand. */
  readonly payoutRefused: {
    readonly refundId: string;
    readonly amount: MoneyView;
    readonly reason: PayoutRefusal;
    readonly refundable: MoneyView;
    readonly at: string;
  } | null;
  /** Staff must act: a payout was refused and the case is not closed yet. `list({ needsAttention: true })` finds them. */
  readonly needsAttention: boolean;
  readonly requestedAt: string;
  readonly updatedAt: string;
};
