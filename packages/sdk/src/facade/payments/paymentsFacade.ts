import * as E from 'fp-ts/lib/Either.js';
import { isPlaced } from '@shopstream/commerce/ordering';
import { isOpen, paymentStream } from '@shopstream/commerce/payment';
import { commerceReader, refundGoodwill } from '@shopstream/commerce/processes';
import type { ShopContext } from '../../shop/context.js';
import type { ShopReadModels } from '../../shop/readModels.js';
import { pageOf } from '../orders/ordersFacade.js';
import type { PaymentsFacade } from './api.js';

export const paymentsFacade = (context: ShopContext, readModels: ShopReadModels): PaymentsFacade => {
  const { payments, gate, storage, ids } = context;
  const read = commerceReader(storage.eventStore, context.handlers);

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
        const casesOfOrder = async () => (await readModels.orders.admin.casesOfOrder(input.orderId)).map((c) => c.caseId);
        // The ledger's revision is the store's business: a pinned revision is about the payment, not the ledger.
        const ledgerOptions = h.metadata === undefined ? {} : { metadata: h.metadata };
        return refundGoodwill({ read }, context.processes.claims, request, casesOfOrder, (r) => payments.refund(r, h), ledgerOptions);
      }),

    listMine: async (customerId, page) => readModels.orders.paymentsOf(customerId, pageOf(page)),
  };
};
