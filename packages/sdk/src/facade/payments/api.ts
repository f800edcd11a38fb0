import type {
  CardDetails,
  NotificationHandled,
  NotificationHeaders,
  OpenPaymentState,
  PaymentMethod,
  RefundHandled,
  StartedPayment,
} from '@shopstream/commerce/payment';
import type { Money } from '@shopstream/commerce';
import type { DebtRetried } from '@shopstream/commerce/processes';
import type { Debt, OwedTotal } from '@shopstream/read-models/moneyOwed';
import type { CallOptions, Outcome, PageRequest } from '../call.js';
import type { PaymentView } from '@shopstream/read-models/orders';
import type { ReadModelPage } from '../insights/api.js';
import type { AtRevision, Viewer } from '../orders/api.js';

export interface StartPaymentInput {
  readonly method: PaymentMethod;
  readonly card?: CardDetails;
  readonly returnUrl?: string;
  /** Give one to make a retried request idempotent. */
  readonly attemptId?: string;
}

/** What staff ask of the money-owed list. */
export interface MoneyOwedRequest extends PageRequest {
  /** `oldest` (default: the longest owed first) or `newest`. */
  readonly order?: 'oldest' | 'newest';
  /** How long a refund waits for the provider's answer before it is listed as owed. Default one hour. */
  readonly pendingAfterMs?: number;
}

/** A page of open debts, and the sum of all open debts (every page's, not just this one's) per currency. */
export interface MoneyOwedPage extends ReadModelPage<Debt> {
  readonly totals: readonly OwedTotal[];
}

/** What a staff retry did to a debt: the refund id it asked under (null for a void) and how it stands now. */
export type DebtRetry = DebtRetried & { readonly debtId: string };

export interface PaymentsFacade {
  /**
   * startPayment: for the order's total; the viewer must own the order. `options.expectedRevision` pins the payment
   * stream's revision (what `get` answers; none exists before the first attempt): the attempt starts only on that
   * revision, a ConcurrencyConflict otherwise, before any provider is asked. Right carries the payment stream's
   * revision once the start is recorded.
   */
  start(orderId: string, input: StartPaymentInput, viewer?: Viewer, options?: CallOptions): Outcome<AtRevision<StartedPayment>>;
  /** getPayment: the order's attempts and refunds, at the payment stream's revision; null when none or not the viewer's. */
  get(orderId: string, viewer?: Viewer): Promise<AtRevision<OpenPaymentState> | null>;
  /** paymentWebhook: a provider's notification, authenticated by the provider adapter. */
  handleNotification(method: PaymentMethod, rawBody: string, headers: NotificationHeaders, options?: CallOptions): Outcome<NotificationHandled>;
  /**
   * A goodwill refund by staff (returns are refunded by the after-sales process). It takes only money no open case
   * of the order holds (`RefundExceedsUnclaimed` names what is free), decided on the order's claim ledger with its
   * cases, so a refund and a case opened at the same instant cannot both take the same money. `refundId` is the
   * idempotency key: the same id and amount again is a retry, never a second refund.
   */
  refund(input: { readonly orderId: string; readonly refundId?: string; readonly amount: Money; readonly reason: string }, options?: CallOptions): Outcome<RefundHandled>;
  /**
   * listMoneyOwed (staff): every debt the shop has towards a customer and has not settled, from the money-owed read
   * model: refunds the provider refused, payments flagged for reversal not given back, refused case payouts, refunds
   * unanswered longer than `pendingAfterMs`. Left `InvalidCursor` for a cursor the list did not give.
   */
  owed(request?: MoneyOwedRequest): Outcome<MoneyOwedPage>;
  /**
   * retryMoneyOwed (staff): gives the money of one open debt back again, through the payment service
   * (`retryDebt` of `@shopstream/commerce/processes`): a refused refund under the next id derived from it, so a
   * retry repeated never pays twice; a goodwill refund through the order's claim ledger again; a flagged payment by
   * `reverseFlagged`. `options.metadata` (the staff member as actor, the request's correlation) goes on every event.
   * A settled debt answers `already_settled`; an unknown one `NotFound` (entity `debt`).
   */
  retryOwed(debtId: string, options?: CallOptions): Outcome<DebtRetry>;
  /** listMyPayments (from the read models). */
  listMine(customerId: string, page?: PageRequest): Outcome<ReadModelPage<PaymentView>>;
}
