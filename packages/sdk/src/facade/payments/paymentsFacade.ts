import * as E from 'fp-ts/lib/Either.js';
import { isPlaced } from '@shopstream/commerce/ordering';
import { isOpen, paymentStream } from '@shopstream/commerce/payment';
import { commerceReader, refundGoodwill } from '@shopstream/commerce/processes';
import type { ShopContext } from '../../shop/context.js';
import type { ShopReadModels } from '../../shop/readModels.js';
import { pageOf } from '../orders/ordersFacade.js';
import type { PaymentsFacade } from './api.js';

/** How long an attempt started on a pinned revision stays open: the payment service's own default, which the shop keeps. */
const ATTEMPT_TTL_MS = 15 * 60_000;

export const paymentsFacade = (context: ShopContext, readModels: ShopReadModels): PaymentsFacade => {
  const { payments, gate, storage, ids, clock } = context;
  const read = commerceReader(storage.eventStore, context.handlers);

  return {
    start: (orderId, input, viewer = {}, options) =>
      gate.run(options, async (h) => {
        const order = await read.order(orderId);
        if (!isPlaced(order) || (viewer.customerId !== undefined && viewer.customerId !== order.customerId)) return E.left({ _tag: 'NotFound', entity: 'order', id: orderId } as const);
        if (order.status !== 'awaiting_payment') return E.left({ _tag: 'OrderNotPayable', orderId, status: order.status } as const);
        const attemptId = input.attemptId ?? ids.next();
        const card = input.card === undefined ? {} : { card: input.card };
        if (h.expectedRevision !== undefined) {
          // The payment service runs several commands and a provider call, none of them pinned: the attempt is
          // started here on the pinned revision first, which the service then finds started (the same attempt id
          // and terms are a retry to it) and goes on from.
          const expiresAt = new Date(clock.now().getTime() + ATTEMPT_TTL_MS).toISOString();
          const pinned = await context.handlers.payments(
            paymentStream(orderId),
            { type: 'StartPaymentAttempt', data: { orderId, attemptId, method: input.method, amount: order.total, expiresAt, ...card } },
            h,
          );
          if (E.isLeft(pinned)) return pinned;
        }
        const started = await payments.startPayment({
          orderId,
          method: input.method,
          amount: order.total,
          description: `order ${orderId}`,
          attemptId,
          ...card,
          ...(input.returnUrl === undefined ? {} : { returnUrl: input.returnUrl }),
        });
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

    handleNotification: (method, rawBody, headers, options) => gate.run(options, () => payments.handleNotification(method, rawBody, headers)),

    refund: (input, options) =>
      gate.run(options, async (h) => {
        // No ledger is started for an order that does not exist.
        if (!isPlaced(await read.order(input.orderId))) return E.left({ _tag: 'NotFound', entity: 'order', id: input.orderId } as const);
        // Arbitrated on the order's claim ledger with its cases: only money no open case holds is given back.
        const request = { orderId: input.orderId, refundId: input.refundId ?? ids.next(), amount: input.amount, reason: input.reason };
        const casesOfOrder = async () => (await readModels.orders.admin.casesOfOrder(input.orderId)).map((c) => c.caseId);
        // The ledger's revision is the store's business: a pinned revision is about the payment, not the ledger.
        const ledgerOptions = h.metadata === undefined ? {} : { metadata: h.metadata };
        return refundGoodwill({ read }, context.processes.claims, request, casesOfOrder, (r) => payments.refund(r), ledgerOptions);
      }),

    listMine: async (customerId, page) => readModels.orders.paymentsOf(customerId, pageOf(page)),
  };
};
