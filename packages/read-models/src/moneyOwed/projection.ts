import type { AfterSalesEvent } from '@shopstream/commerce/afterSales';
import type { OrderingEvent } from '@shopstream/commerce/ordering';
import { isReversalOf, originalRefundId } from '@shopstream/commerce/payment';
import type { PaymentEvent } from '@shopstream/commerce/payment';
import { defineProjection } from '@shopstream/kernel';
import type { Collection, ProjectionContext } from '@shopstream/kernel';
import type { MoneyOwedDocument, OrderCustomerDocument } from './documents.js';

export const MONEY_OWED = 'moneyOwed';

type Logical = 'debts' | 'customers';
type Context = ProjectionContext<Logical>;

export const refundDebtId = (orderId: string, refundId: string): string => `${orderId}:refund:${originalRefundId(refundId)}`;
export const reversalDebtId = (orderId: string, attemptId: string): string => `${orderId}:reversal:${attemptId}`;

const debts = (context: Context): Collection<MoneyOwedDocument> => context.collection('debts');

const customerOf = async (context: Context, orderId: string): Promise<string | null> =>
  (await context.collection<OrderCustomerDocument>('customers').get(orderId))?.customerId ?? null;

/** The debt a refund belongs to: the reversal of its attempt when it is one, else the refund it retries (or is). */
const debtOfRefund = async (context: Context, data: { readonly orderId: string; readonly refundId: string; readonly attemptId: string }): Promise<string> => {
  const reversal = reversalDebtId(data.orderId, data.attemptId);
  if (isReversalOf(data.refundId, data.attemptId) && (await debts(context).get(reversal)) !== null) return reversal;
  return refundDebtId(data.orderId, data.refundId);
};

const fresh = (base: Pick<MoneyOwedDocument, '_id' | 'orderId' | 'customerId' | 'kind' | 'amount' | 'since'>): MoneyOwedDocument => ({
  ...base,
  status: 'open',
  refundId: null,
  attemptId: null,
  caseId: null,
  lastFailure: null,
  refundable: null,
  failures: 0,
  lastRefundId: null,
  retryPending: false,
  settledAt: null,
  settledBy: null,
});

/**
 * What the shop owes its customers and has not paid (see documents.ts): a refund is listed from the moment it is
 * asked (as pending), stays when the provider refuses it, and is settled when any try of it succeeds; a refund that
 * succeeds at its first try was never owed and leaves no document. A flagged payment is owed until its reversal is
 * refunded or its authorisation voided; a refused case payout until a refund under its id (or a retry) succeeds.
 */
export const moneyOwedProjection = defineProjection<PaymentEvent | AfterSalesEvent | OrderingEvent, Logical>({
  name: MONEY_OWED,
  version: 1,
  collections: {
    debts: { indexes: [{ keys: { status: 1, since: 1 } }, { keys: { orderId: 1 } }] },
    customers: {},
  },
  handlers: {
    OrderPlaced: async ({ data }, context) => {
      await context.collection<OrderCustomerDocument>('customers').replaceOne({ _id: data.orderId, customerId: data.customerId });
      // A debt recorded before the order reached this model (a rebuild from a trimmed log) learns its customer now.
      await debts(context).updateMany({ orderId: data.orderId, customerId: null }, { $set: { customerId: data.customerId } });
    },

    PaymentRefundRequested: async ({ data }, context) => {
      const id = await debtOfRefund(context, data);
      const existing = await debts(context).get(id);
      if (existing !== null) {
        if (existing.status === 'open') await debts(context).replaceOne({ ...existing, attemptId: existing.attemptId ?? data.attemptId, lastRefundId: data.refundId, retryPending: true });
        return;
      }
      await debts(context).replaceOne({
        ...fresh({ _id: id, orderId: data.orderId, customerId: await customerOf(context, data.orderId), kind: 'refund_pending', amount: data.amount, since: data.requestedAt }),
        refundId: originalRefundId(data.refundId),
        attemptId: data.attemptId,
        lastRefundId: data.refundId,
        retryPending: true,
      });
    },

    PaymentRefundFailed: async ({ data }, context) => {
      const id = await debtOfRefund(context, data);
      const existing = await debts(context).get(id);
      if (existing?.status === 'settled') return;
      const failure = { reason: data.reason, at: data.failedAt };
      const debt =
        existing ??
        ({
          ...fresh({ _id: id, orderId: data.orderId, customerId: await customerOf(context, data.orderId), kind: 'refund_failed', amount: data.amount, since: data.failedAt }),
          refundId: originalRefundId(data.refundId),
          attemptId: data.attemptId,
        } satisfies MoneyOwedDocument);
      // A pending refund becomes a debt when refused: owed since the refusal.
      const kind = debt.kind === 'refund_pending' ? 'refund_failed' : debt.kind;
      const since = debt.kind === 'refund_pending' ? data.failedAt : debt.since;
      await debts(context).replaceOne({ ...debt, kind, since, lastFailure: failure, failures: debt.failures + 1, lastRefundId: data.refundId, retryPending: false });
    },

    PaymentRefunded: async ({ data }, context) => {
      const id = await debtOfRefund(context, data);
      const existing = await debts(context).get(id);
      if (existing === null || existing.status === 'settled') return;
      // Answered at the first try: it was never owed.
      if (existing.kind === 'refund_pending') {
        await debts(context).deleteOne({ _id: id });
        return;
      }
      await debts(context).replaceOne({ ...existing, status: 'settled', retryPending: false, lastRefundId: data.refundId, settledAt: data.refundedAt, settledBy: data.refundId });
    },

    PaymentAttemptFlaggedForReversal: async ({ data }, context) => {
      const id = reversalDebtId(data.orderId, data.attemptId);
      if ((await debts(context).get(id)) !== null) return;
      await debts(context).replaceOne({
        ...fresh({ _id: id, orderId: data.orderId, customerId: await customerOf(context, data.orderId), kind: 'reversal_owed', amount: data.amount, since: data.flaggedAt }),
        attemptId: data.attemptId,
      });
    },

    PaymentAttemptVoided: async ({ data }, context) => {
      const existing = await debts(context).get(reversalDebtId(data.orderId, data.attemptId));
      if (existing === null || existing.status === 'settled') return;
      await debts(context).replaceOne({ ...existing, status: 'settled', retryPending: false, settledAt: data.voidedAt, settledBy: 'void' });
    },

    CasePayoutRefused: async ({ data }, context) => {
      const id = refundDebtId(data.orderId, data.refundId);
      const existing = await debts(context).get(id);
      if (existing?.status === 'settled') return;
      const failure = { reason: data.reason, at: data.at };
      const debt =
        existing ??
        ({
          ...fresh({ _id: id, orderId: data.orderId, customerId: await customerOf(context, data.orderId), kind: 'payout_refused', amount: data.amount, since: data.at }),
          refundId: originalRefundId(data.refundId),
        } satisfies MoneyOwedDocument);
      await debts(context).replaceOne({ ...debt, caseId: data.caseId, lastFailure: failure, refundable: data.refundable, failures: debt.failures + 1 });
    },
  },
});
