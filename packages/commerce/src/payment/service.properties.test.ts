import { ManualClock, eventRegistry, memoryEventStore, sequentialIds } from '@shopstream/kernel';
import type { Actor, HandleOptions } from '@shopstream/kernel';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { money } from '../shared/money.js';
import { paymentEvents } from './events.js';
import type { PaymentMethod } from './model.js';
import { alipaySandbox, cardSandbox, unionPaySandbox, wechatPaySandbox } from './sandbox/methods.js';
import { notificationQueue } from './sandbox/queue.js';
import type { SandboxProvider } from './sandbox/types.js';
import { paymentService } from './service.js';
import { isOpen } from './state.js';

const orderId = 'order-1';
const PRICE = 4690;

type Action =
  | { readonly kind: 'start'; readonly method: PaymentMethod }
  | { readonly kind: 'customer'; readonly attempt: number; readonly outcome: 'succeed' | 'decline' | 'timeout'; readonly duplicates: number }
  | { readonly kind: 'deliver'; readonly order: readonly number[]; readonly repeat: number }
  | { readonly kind: 'refund'; readonly amount: number; readonly id: number }
  | { readonly kind: 'wait' }
  | { readonly kind: 'cancel'; readonly attempt: number }
  | { readonly kind: 'reconcile' };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<PaymentMethod>('alipay', 'wechat_pay', 'unionpay', 'card').map((method): Action => ({ kind: 'start', method })) },
  {
    weight: 4,
    arbitrary: fc
      .record({ attempt: fc.nat(3), outcome: fc.constantFrom('succeed' as const, 'decline' as const, 'timeout' as const), duplicates: fc.nat(2) })
      .map((a): Action => ({ kind: 'customer', ...a })),
  },
  { weight: 4, arbitrary: fc.record({ order: fc.array(fc.nat(), { maxLength: 8 }), repeat: fc.nat(2) }).map((a): Action => ({ kind: 'deliver', ...a })) },
  { weight: 2, arbitrary: fc.record({ amount: fc.integer({ min: 1, max: PRICE }), id: fc.nat(3) }).map((a): Action => ({ kind: 'refund', ...a })) },
  { weight: 1, arbitrary: fc.constant<Action>({ kind: 'wait' }) },
  { weight: 1, arbitrary: fc.nat(3).map((attempt): Action => ({ kind: 'cancel', attempt })) },
  { weight: 1, arbitrary: fc.constant<Action>({ kind: 'reconcile' }) },
);

/**
 * Random customers, providers and networks against the real service and sandboxes: notifications arrive
 * shuffled and repeated, payments succeed late, several attempts pay. Once everything is delivered and
 * reversals have run, our record must agree with every provider's, and the customer must have paid at
 * most once. Every call is made with metadata of its own, and every event it records (the reversals and
 * refunds it sets off included) carries that call's correlation, causation and trace, and its actor, or the
 * provider's for a notification.
 */
describe('the payment service against the sandboxes', () => {
  it('ends with our record matching the providers, and the customer paying at most once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 25 }), async (actions) => {
        const clock = new ManualClock('2026-01-01T00:00:00.000Z');
        const queue = notificationQueue();
        const sandbox = { clock, deliver: queue.sink, ids: sequentialIds(5) };
        const providers: Record<PaymentMethod, SandboxProvider> = {
          alipay: alipaySandbox({ ...sandbox, secret: 'a' }),
          wechat_pay: wechatPaySandbox({ ...sandbox, secret: 'w' }),
          unionpay: unionPaySandbox({ ...sandbox, secret: 'u' }),
          card: cardSandbox({ ...sandbox, secret: 'c' }),
        };
        const store = memoryEventStore({ registry: eventRegistry(paymentEvents), now: () => clock.now() });
        const service = paymentService({ store, providers, clock, ids: sequentialIds(6) });
        const started: { attemptId: string; method: PaymentMethod; providerReference: string }[] = [];

        // Each call's own metadata; what it appended is read back between the log's heads before and after it.
        let calls = 0;
        const call = async (work: (options: HandleOptions) => Promise<unknown>, actor?: Actor) => {
          calls += 1;
          const metadata = {
            correlationId: `request-${calls}`,
            causationId: `command-${calls}`,
            actor: { kind: 'customer' as const, id: `customer-${calls}` },
            traceparent: `00-${calls.toString(16).padStart(32, '0')}-${'1'.repeat(16)}-01`,
          };
          const before = await store.headPosition();
          await work({ metadata });
          for (const event of await store.readAll({ after: before })) {
            expect(event.metadata, `${event.type} of call ${calls}`).toEqual({ ...metadata, actor: actor ?? metadata.actor, tracestate: null });
          }
        };

        const handle = async (n: { method: PaymentMethod; rawBody: string; headers: Readonly<Record<string, string>> }) =>
          call(async (options) => {
            const handled = await service.handleNotification(n.method, n.rawBody, n.headers, options);
          // A signed notification from our own sandbox is always accepted, or refused by a domain rule it cannot break.
            if (E.isLeft(handled)) expect(handled.left._tag).not.toBe('NotificationRejected');
          }, { kind: 'integration', id: `payment-provider:${n.method}` });

        for (const a of actions) {
          if (a.kind === 'start') {
            const card = a.method === 'card' ? { card: { token: 'tok_3ds_visa', brand: 'visa' as const, last4: '4242' } } : {};
            await call(async (options) => {
              const result = await service.startPayment({ orderId, method: a.method, amount: money(PRICE), description: 'order', ...card }, options);
              if (E.isRight(result)) started.push({ attemptId: result.right.attemptId, method: a.method, providerReference: result.right.providerReference });
            });
          } else if (a.kind === 'customer') {
            const target = started[a.attempt % Math.max(1, started.length)];
            const transaction = target && providers[target.method].control.transaction(target.providerReference);
            // A paid or declined payment is final at the provider: the customer acts only on the others (a closed one pays late).
            if (!target || !transaction || transaction.status === 'captured' || transaction.status === 'authorised' || transaction.status === 'declined') continue;
            const scenario = a.outcome === 'timeout' ? { kind: 'timeout' as const } : { kind: a.outcome, duplicates: a.duplicates };
            providers[target.method].control.resolve(target.providerReference, scenario);
          } else if (a.kind === 'deliver') {
            const pending = queue.take();
            const shuffled = pending.map((n, i) => ({ n, key: a.order[i] ?? i })).sort((x, y) => x.key - y.key);
            for (const { n } of shuffled) await handle(n);
            for (const n of pending.slice(0, a.repeat)) await handle(n);
          } else if (a.kind === 'refund') {
            await call((options) => service.refund({ orderId, refundId: `refund-${a.id}`, amount: money(a.amount), reason: 'after-sales' }, options));
          } else if (a.kind === 'wait') {
            // Time passes with notifications undelivered; providers retry them, freshly signed.
            const undelivered = queue.take();
            clock.advance(16 * 60_000);
            for (const n of undelivered) {
              const body = JSON.parse(n.rawBody) as { id: string; providerReference: string };
              providers[n.method].control.redeliver(body.providerReference, body.id);
            }
            await call((options) => service.timeOutExpiredAttempts(orderId, options));
          } else if (a.kind === 'cancel') {
            const target = started[a.attempt % Math.max(1, started.length)];
            if (target) await call((options) => service.cancelAttempt(orderId, target.attemptId, 'customer left', options));
          } else {
            await call((options) => service.reconcile(orderId, options));
          }
        }
        // Let the network catch up, then let the reversals run to the end.
        await queue.drain(handle);
        await call((options) => service.reverseFlagged(orderId, options));
        await queue.drain(handle);

        const state = await service.payment(orderId);
        if (!isOpen(state)) return;
        let keptByCustomerPayments = 0;
        for (const attempt of state.attempts) {
          const target = started.find((s) => s.attemptId === attempt.attemptId);
          const transaction = target && providers[target.method].control.transaction(target.providerReference);
          if (!transaction) continue;
          expect(attempt.captured.amount, attempt.attemptId).toBe(transaction.captured);
          expect(attempt.refunded.amount + attempt.refundPending.amount, attempt.attemptId).toBe(transaction.refunded);
          expect(attempt.refundPending.amount).toBe(0);
          if (attempt.reversal !== null) expect(transaction.refunded).toBe(transaction.captured);
          keptByCustomerPayments += transaction.captured - transaction.refunded;
        }
        expect(keptByCustomerPayments).toBeLessThanOrEqual(PRICE);
        expect(state.refunded.amount).toBeLessThanOrEqual(state.captured.amount);
      }),
      { numRuns: 100 },
    );
  });
});
