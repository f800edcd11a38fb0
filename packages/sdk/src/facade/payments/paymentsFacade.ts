import * as E from 'fp-ts/lib/Either.js';
import { isPlaced } from '@shopstream/commerce/ordering';
import { isOpen, paymentStream } from '@shopstream/commerce/payment';
import { commerceReader, refundGoodwill, retryDebt } from '@shopstream/commerce/processes';
import type { OwedDebt } from '@shopstream/commerce/processes';
import type { Debt } from '@shopstream/read-models/moneyOwed';
import type { ShopContext } from '../../shop/context.js';
import type { ShopReadModels } from '../../shop/readModels.js';
import { pageOf } from '../orders/ordersFacade.js';
import type { PaymentsFacade } from './api.js';

/** The debt as the payment context knows it: a refund (or payout) by the id first asked for, or a flagged attempt. */
const owedDebt = (debt: Debt): OwedDebt | null => {
  if (debt.kind === 'reversal_owed') return debt.attemptId === null ? null : { kind: 'reversal', orderId: debt.orderId, attemptId: debt.attemptId };
  return debt.refundId === null ? null : { kind: 'refund', orderId: debt.orderId, refundId: debt.refundId, caseId: debt.caseId };
};

export const paymentsFacade = (context: ShopContext, readModels: ShopReadModels): PaymentsFacade => {
  const { payments, gate, storage, ids, clock } = context;
  const read = commerceReader(storage.eventStore, context.handlers);
  const casesOfOrder = async (orderId: string) => (await readModels.orders.admin.casesOfOrder(orderId)).map((c) => c.caseId);

  return {
    start: (orderId, input, viewer = {}, options) =>
      gate.run(options, async (h) => {
        const order = await read.order(orderId);
        if (!isPlaced(order) || (viewer.customerId !== undefined && viewer.customerId !== order.customerId)) return E.left({ _tag: 'NotFound', entity: 'order', id: orderId } as const);
        if (order.status !== 'awaiting_payment') return E.left({ _tag: 'OrderNotPayable', orderId, status: order.status } as const);
        // The service records the start, the provider's answer and any reversal under the caller's metadata; an
        // If-Match pins its first command, the start, so a stale one is refused before any provider is asked.
        const started = await payments.startPayment(
          {
            orderId,
            method: input.method,
            amount: order.total,
            description: `order ${orderId}`,
            attemptId: input.attemptId ?? ids.next(),
            ...(input.card === undefined ? {} : { card: input.card }),
            ...(input.returnUrl === undefined ? {} : { returnUrl: input.returnUrl }),
          },
          h,
        );
        if (E.isLeft(started)) return started;
        const { revision } = await context.handlers.payments.current(paymentStream(orderId));
        return E.right({ ...started.right, revision });
      }),

    get: async (orderId, viewer = {}) => {
      if (viewer.customerId !== undefined) {
        const order = await read.order(orderId);
        if (!isPlaced(order) || order.customerId !== viewer.customerId) return null;
      }
      // The payment service's own handler, so the state is the one its commands decide on.
      const { state, revision } = await context.handlers.payments.current(paymentStream(orderId));
      return isOpen(state) ? { ...state, revision } : null;
    },

    handleNotification: (method, rawBody, headers, options) => gate.run(options, (h) => payments.handleNotification(method, rawBody, headers, h)),

    refund: (input, options) =>
      gate.run(options, async (h) => {
        // No ledger is started for an order that does not exist.
        if (!isPlaced(await read.order(input.orderId))) return E.left({ _tag: 'NotFound', entity: 'order', id: input.orderId } as const);
        // Arbitrated on the order's claim ledger with its cases: only money no open case holds is given back.
        const request = { orderId: input.orderId, refundId: input.refundId ?? ids.next(), amount: input.amount, reason: input.reason };
        // The ledger's revision is the store's business: a pinned revision is about the payment, not the ledger.
        const ledgerOptions = h.metadata === undefined ? {} : { metadata: h.metadata };
        return refundGoodwill({ read }, context.processes.claims, request, () => casesOfOrder(input.orderId), (r) => payments.refund(r, h), ledgerOptions);
      }),

    owed: async (request = {}) => {
      const now = clock.now();
      const pending = request.pendingAfterMs === undefined ? {} : { pendingAfterMs: request.pendingAfterMs };
      const page = await readModels.moneyOwed.open({ now, ...pending, ...(request.order === undefined ? {} : { order: request.order }), ...pageOf(request) });
      if (E.isLeft(page)) return page;
      return E.right({ ...page.right, totals: await readModels.moneyOwed.totals({ now, ...pending }) });
    },

    retryOwed: (debtId, options) =>
      gate.run(options, async (h) => {
        const debt = await readModels.moneyOwed.debt(debtId);
        const owed = debt === null ? null : owedDebt(debt);
        if (debt === null || owed === null) return E.left({ _tag: 'NotFound', entity: 'debt', id: debtId } as const);
        if (debt.status === 'settled') return E.right({ debtId, refundId: debt.settledBy === 'void' ? null : debt.settledBy, status: 'already_settled' as const });
        const retried = await retryDebt({ read, claims: context.processes.claims, payments, casesOfOrder }, owed, h);
        return E.isLeft(retried) ? retried : E.right({ debtId, ...retried.right });
      }),

    listMine: async (customerId, page) => readModels.orders.paymentsOf(customerId, pageOf(page)),
  };
};
