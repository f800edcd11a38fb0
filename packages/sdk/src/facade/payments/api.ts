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
  /** listMyPayments (from the read models). */
  listMine(customerId: string, page?: PageRequest): Outcome<ReadModelPage<PaymentView>>;
}
