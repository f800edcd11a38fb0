import { ManualClock, commandHandler, eventRegistry, memoryEventStore, sequentialIds } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { money } from '../shared/money.js';
import { paymentDecider, paymentStream } from './decider.js';
import { paymentEvents } from './events.js';
import type { PaymentMethod } from './model.js';
import type { PaymentProvider } from './provider.js';
import { alipaySandbox, cardSandbox, unionPaySandbox, wechatPaySandbox } from './sandbox/methods.js';
import { notificationQueue } from './sandbox/queue.js';
import { paymentService } from './service.js';
import type { NotificationHandled, PaymentServiceError } from './serviceTypes.js';
import { isOpen } from './state.js';
import type { OpenPaymentState } from './state.js';

const T0 = '2026-01-01T00:00:00.000Z';
const orderId = 'order-1';
const amount = money(4690);
const card = { token: 'tok_visa', brand: 'visa' as const, last4: '4242' };

const right = <A>(either: E.Either<unknown, A>): A => {
  if (E.isLeft(either)) throw new Error(`expected Right, got ${JSON.stringify(either.left)}`);
  return either.right;
};

const setup = (options: { cardCapture?: 'automatic' | 'manual' } = {}) => {
  const clock = new ManualClock(T0);
  const queue = notificationQueue();
  const sandbox = { clock, deliver: queue.sink, ids: sequentialIds(7) };
  const providers = {
    alipay: alipaySandbox({ ...sandbox, secret: 'alipay-secret' }),
    wechat_pay: wechatPaySandbox({ ...sandbox, secret: 'wechat-secret' }),
    unionpay: unionPaySandbox({ ...sandbox, secret: 'unionpay-secret' }),
    card: cardSandbox({ ...sandbox, secret: 'card-secret', capture: options.cardCapture ?? 'automatic' }),
  };
  // The registry makes the store refuse any event its schema does not accept.
  const store = memoryEventStore({ registry: eventRegistry(paymentEvents), now: () => clock.now() });
  const service = paymentService({ store, providers, clock, ids: sequentialIds(9) });
  const deliver = async (): Promise<E.Either<PaymentServiceError, NotificationHandled>[]> => {
    const results: E.Either<PaymentServiceError, NotificationHandled>[] = [];
    await queue.drain(async (n) => {
      results.push(await service.handleNotification(n.method, n.rawBody, n.headers));
    });
    return results;
  };
  const payment = async (): Promise<OpenPaymentState> => {
    const state = await service.payment(orderId);
    if (!isOpen(state)) throw new Error('no payment');
    return state;
  };
  const types = async () => (await store.readStream(paymentStream(orderId))).map((e) => e.type);
  return { clock, queue, providers, store, service, deliver, payment, types };
};

const start = (method: PaymentMethod, extra: { attemptId?: string; card?: typeof card } = {}) => ({
  orderId,
  method,
  amount,
  description: 'Longjing tea',
  ...extra,
});

describe('paying', () => {
  it('alipay: start, the customer pays on the cashier page, the signed notification records the capture', async () => {
    const { service, providers, deliver, payment, types } = setup();
    const started = right(await service.startPayment(start('alipay')));
    expect(started.nextAction.kind).toBe('redirect');
    expect(await types()).toEqual(['PaymentAttemptStarted', 'PaymentActionRequired']);

    providers.alipay.control.act(started.providerReference);
    const [handled] = await deliver();
    expect(right(handled ?? E.left(null))).toMatchObject({ orderId, changed: true, events: [{ type: 'PaymentCaptured' }], reversals: [] });
    expect((await payment()).captured).toEqual(amount);
    expect((await payment()).attempts[0]).toMatchObject({ status: 'captured', providerReference: started.providerReference });
  });

  it('unionpay: the form post flow ends the same way', async () => {
    const { service, providers, deliver, payment } = setup();
    const started = right(await service.startPayment(start('unionpay')));
    expect(started.nextAction.kind).toBe('form_post');
    providers.unionpay.control.act(started.providerReference);
    await deliver();
    expect((await payment()).attempts[0]?.status).toBe('captured');
  });

  it('records duplicate notifications once', async () => {
    const { service, providers, deliver, types } = setup();
    const started = right(await service.startPayment(start('alipay', { attemptId: 'attempt-1' })));
    providers.alipay.control.setScenario('attempt-1', { kind: 'succeed', duplicates: 3 });
    providers.alipay.control.act(started.providerReference);
    providers.alipay.control.redeliver(started.providerReference);
    const results = (await deliver()).map(right);
    expect(results.map((r) => r.changed)).toEqual([true, false, false, false, false]);
    expect((await types()).filter((t) => t === 'PaymentCaptured')).toHaveLength(1);
  });

  it('refuses a notification that fails verification, and records nothing', async () => {
    const { service, providers, queue, types } = setup();
    const started = right(await service.startPayment(start('alipay')));
    providers.alipay.control.act(started.providerReference);
    const [sent] = queue.take();
    if (!sent) throw new Error('no notification');
    const forged = sent.rawBody.replace('"payment.captured"', '"payment.declined"');
    expect(await service.handleNotification('alipay', forged, sent.headers)).toMatchObject(E.left({ _tag: 'NotificationRejected', reason: 'bad_signature' }));
    // Sent to the wrong endpoint: verified with another provider's secret.
    expect(await service.handleNotification('wechat_pay', sent.rawBody, sent.headers)).toMatchObject(E.left({ _tag: 'NotificationRejected', reason: 'bad_signature' }));
    expect(await types()).toEqual(['PaymentAttemptStarted', 'PaymentActionRequired']);
  });

  it('wechat pay: a decline is recorded and the customer may try again', async () => {
    const { service, providers, deliver, payment } = setup();
    providers.wechat_pay.control.setScenario('attempt-1', { kind: 'decline', code: 'NOTENOUGH' });
    const first = right(await service.startPayment(start('wechat_pay', { attemptId: 'attempt-1' })));
    expect(first.nextAction).toMatchObject({ kind: 'qr_code' });
    providers.wechat_pay.control.act(first.providerReference);
    await deliver();
    expect((await payment()).attempts[0]).toMatchObject({ status: 'declined' });
    const second = right(await service.startPayment(start('alipay', { attemptId: 'attempt-2' })));
    providers.alipay.control.act(second.providerReference);
    await deliver();
    expect((await payment()).attempts.map((a) => a.status)).toEqual(['declined', 'captured']);
  });

  it('a card without challenge is recorded from the answer; its notification then changes nothing', async () => {
    const { service, deliver, payment } = setup();
    const started = right(await service.startPayment(start('card', { card })));
    expect(started).toMatchObject({ nextAction: { kind: 'none' }, outcome: { kind: 'captured' } });
    expect((await payment()).attempts[0]).toMatchObject({ status: 'captured', card });
    expect((await deliver()).map((r) => right(r).changed)).toEqual([false]);
  });

  it('a card with 3-D Secure and manual capture: authorised by notification, then captured on request', async () => {
    const { service, providers, deliver, payment } = setup({ cardCapture: 'manual' });
    const started = right(await service.startPayment(start('card', { card: { ...card, token: 'tok_3ds_visa' } })));
    expect(started.nextAction.kind).toBe('three_ds_challenge');
    expect(await service.capture(orderId, started.attemptId)).toMatchObject(E.left({ _tag: 'AttemptNotAuthorised', status: 'action_required' }));
    providers.card.control.act(started.providerReference);
    await deliver();
    expect((await payment()).attempts[0]?.status).toBe('authorised');
    right(await service.capture(orderId, started.attemptId));
    expect((await payment()).attempts[0]?.status).toBe('captured');
    expect((await deliver()).map((r) => right(r).changed)).toEqual([false]);
  });

  it('answers a retried start with what was recorded, without asking the provider again', async () => {
    const { service } = setup();
    const first = right(await service.startPayment(start('alipay', { attemptId: 'attempt-1' })));
    const again = right(await service.startPayment(start('alipay', { attemptId: 'attempt-1' })));
    expect(again).toEqual(first);
  });

  it('a start retried after the provider did not answer records the next action', async () => {
    const { service, providers, payment } = setup();
    providers.alipay.control.failNext('initiate', { kind: 'unavailable', applied: true });
    expect(await service.startPayment(start('alipay', { attemptId: 'attempt-1' }))).toMatchObject(E.left({ _tag: 'ProviderUnavailable' }));
    const retried = right(await service.startPayment(start('alipay', { attemptId: 'attempt-1' })));
    expect(retried.providerReference).toBe(providers.alipay.control.transaction('attempt-1')?.providerReference);
    expect((await payment()).attempts[0]).toMatchObject({ status: 'action_required', nextAction: retried.nextAction });
  });

  it('refuses a method with no provider configured', async () => {
    const { store } = setup();
    const service = paymentService({ store, providers: {}, clock: new ManualClock(T0) });
    expect(await service.startPayment(start('alipay'))).toEqual(E.left({ _tag: 'ProviderNotConfigured', method: 'alipay' }));
  });
});

describe('timeouts and late news', () => {
  it('records a payment that succeeds after we timed the attempt out', async () => {
    const { service, providers, clock, deliver, payment } = setup();
    providers.alipay.control.setScenario('attempt-1', { kind: 'timeout' });
    const started = right(await service.startPayment(start('alipay', { attemptId: 'attempt-1' })));
    providers.alipay.control.act(started.providerReference);
    expect(await deliver()).toEqual([]);
    expect(right(await service.timeOutExpiredAttempts(orderId))).toEqual([]);
    clock.advance(15 * 60_000);
    expect(right(await service.timeOutExpiredAttempts(orderId))).toEqual(['attempt-1']);
    expect((await payment()).attempts[0]?.status).toBe('timed_out');

    providers.alipay.control.resolve(started.providerReference, { kind: 'succeed' });
    await deliver();
    expect((await payment()).attempts[0]).toMatchObject({ status: 'captured', reversal: null });
  });

  it('reconciles a payment whose initiate answer and notification were both lost', async () => {
    const { service, providers, queue, payment } = setup();
    providers.alipay.control.failNext('initiate', { kind: 'unavailable', applied: true });
    expect(await service.startPayment(start('alipay', { attemptId: 'attempt-1' }))).toMatchObject(E.left({ _tag: 'ProviderUnavailable' }));
    expect((await payment()).attempts[0]?.status).toBe('failed');
    const transaction = providers.alipay.control.transaction('attempt-1');
    if (!transaction) throw new Error('the sandbox should hold the transaction');
    providers.alipay.control.act(transaction.providerReference);
    queue.take();

    const report = right(await service.reconcile(orderId));
    expect(report).toEqual([{ attemptId: 'attempt-1', before: 'failed', provider: 'captured', recorded: 1 }]);
    expect((await payment()).attempts[0]).toMatchObject({ status: 'captured', providerReference: transaction.providerReference });
    expect(right(await service.reconcile(orderId))).toEqual([]);
  });

  it('reconciliation reports attempts the provider never heard of and leaves pending ones alone', async () => {
    const { service, providers } = setup();
    providers.alipay.control.failNext('initiate', { kind: 'unavailable' });
    await service.startPayment(start('alipay', { attemptId: 'attempt-1' }));
    right(await service.startPayment(start('wechat_pay', { attemptId: 'attempt-2' })));
    expect(right(await service.reconcile(orderId))).toEqual([
      { attemptId: 'attempt-1', before: 'failed', provider: 'unknown', recorded: 0 },
      { attemptId: 'attempt-2', before: 'action_required', provider: 'pending', recorded: 0 },
    ]);
  });

  it('voids an attempt the customer abandoned; paying it anyway is given back', async () => {
    const { service, providers, deliver, payment, types } = setup();
    const started = right(await service.startPayment(start('alipay', { attemptId: 'attempt-1' })));
    right(await service.cancelAttempt(orderId, 'attempt-1', 'customer chose another method'));
    expect((await payment()).attempts[0]?.status).toBe('voided');
    providers.alipay.control.resolve(started.providerReference, { kind: 'succeed' });
    const [handled] = await deliver();
    expect(right(handled ?? E.left(null)).reversals).toMatchObject([{ attemptId: 'attempt-1', reversed: 'refund', refund: { status: 'succeeded' } }]);
    expect(await types()).toContain('PaymentAttemptFlaggedForReversal');
    expect((await payment()).attempts[0]).toMatchObject({ reversal: 'paid_after_void', refunded: amount });
  });
});

describe('double payment', () => {
  it('refunds the second attempt that pays an order already paid', async () => {
    const { service, providers, deliver, payment } = setup();
    const viaAlipay = right(await service.startPayment(start('alipay', { attemptId: 'attempt-1' })));
    const viaWechat = right(await service.startPayment(start('wechat_pay', { attemptId: 'attempt-2' })));
    providers.alipay.control.act(viaAlipay.providerReference);
    providers.wechat_pay.control.act(viaWechat.providerReference);
    const results = (await deliver()).map(right);
    expect(results[1]?.reversals).toMatchObject([{ attemptId: 'attempt-2', reversed: 'refund', refund: { refundId: 'reversal-attempt-2', status: 'pending' } }]);
    // WeChat Pay settles the refund by notification.
    await deliver();
    const state = await payment();
    expect(state.attempts.map((a) => [a.attemptId, a.reversal, a.refunded.amount])).toEqual([
      ['attempt-1', null, 0],
      ['attempt-2', 'double_payment', 4690],
    ]);
    expect(state.captured).toEqual(money(9380));
    expect(state.refunded).toEqual(amount);
    expect(providers.wechat_pay.control.transaction(viaWechat.providerReference)?.refunded).toBe(4690);
    expect(await service.reverseFlagged(orderId)).toEqual([]);
  });

  it('never takes a staff refund from a second payment that is owed back whole, and retries its refused reversal under a new id', async () => {
    const { service, providers, deliver, payment } = setup();
    const a = right(await service.startPayment(start('alipay', { attemptId: 'attempt-1' })));
    const b = right(await service.startPayment(start('unionpay', { attemptId: 'attempt-2' })));
    providers.alipay.control.act(a.providerReference);
    providers.unionpay.control.act(b.providerReference);
    // The reversal of the second payment is refused by the provider: it stays flagged, its money all still there.
    providers.unionpay.control.failNext('refund', { kind: 'rejected', code: 'SYSTEM_BUSY' });
    await deliver();
    expect((await payment()).attempts[1]).toMatchObject({ reversal: 'double_payment', refunded: money(0), refundPending: money(0) });

    right(await service.refund({ orderId, refundId: 'goodwill-1', amount: money(1000), reason: 'late' }));
    // More than the paying attempt has left: refused, not drawn from the money the second payment is owed back.
    const refused = await service.refund({ orderId, refundId: 'goodwill-2', amount: money(4000), reason: 'again' });
    expect(E.isLeft(refused)).toBe(true);
    const state = await payment();
    expect(state.refunds.filter((r) => r.refundId.startsWith('goodwill')).map((r) => [r.refundId, r.attemptId])).toEqual([['goodwill-1', 'attempt-1']]);
    // The second payment keeps all its money for its reversal to give back, which a retry does under a new refund id.
    expect(state.attempts[1]).toMatchObject({ reversal: 'double_payment', captured: amount, refunded: money(0), refundPending: money(0) });
    providers.unionpay.control.failNext('refund', { kind: 'rejected', code: 'SYSTEM_BUSY' });
    expect(await service.reverseFlagged(orderId)).toMatchObject([{ attemptId: 'attempt-2', reversed: 'refund', refund: { refundId: 'reversal-attempt-2-2', status: 'failed' } }]);
    expect(await service.reverseFlagged(orderId)).toMatchObject([{ attemptId: 'attempt-2', reversed: 'refund', refund: { refundId: 'reversal-attempt-2-3', status: 'succeeded' } }]);
    expect(providers.unionpay.control.transaction(b.providerReference)?.refunded).toBe(4690);
    expect(await service.reverseFlagged(orderId)).toEqual([]);
  });

  it('retries a reversal the provider could not answer, without refunding twice', async () => {
    const { service, providers, deliver, payment } = setup();
    const a = right(await service.startPayment(start('alipay', { attemptId: 'attempt-1' })));
    const b = right(await service.startPayment(start('unionpay', { attemptId: 'attempt-2' })));
    providers.alipay.control.act(a.providerReference);
    providers.unionpay.control.act(b.providerReference);
    providers.unionpay.control.failNext('refund', { kind: 'unavailable', applied: true });
    const results = (await deliver()).map(right);
    expect(results[1]?.reversals).toMatchObject([{ attemptId: 'attempt-2', error: { _tag: 'ProviderUnavailable' } }]);
    expect((await payment()).attempts[1]?.refundPending).toEqual(amount);

    expect(await service.reverseFlagged(orderId)).toMatchObject([{ attemptId: 'attempt-2', reversed: 'refund', refund: { status: 'succeeded' } }]);
    expect(providers.unionpay.control.transaction(b.providerReference)?.refunded).toBe(4690);
    expect((await payment()).attempts[1]).toMatchObject({ refunded: amount, refundPending: money(0) });
  });
});

describe('refunds', () => {
  const paid = async () => {
    const context = setup();
    const started = right(await context.service.startPayment(start('alipay', { attemptId: 'attempt-1' })));
    context.providers.alipay.control.act(started.providerReference);
    await context.deliver();
    return { ...context, providerReference: started.providerReference };
  };

  it('refunds part of a payment and never more than was captured', async () => {
    const { service, payment } = await paid();
    expect(right(await service.refund({ orderId, refundId: 'r1', amount: money(4000), reason: 'return' }))).toEqual({ refundId: 'r1', attemptId: 'attempt-1', status: 'succeeded' });
    expect(await service.refund({ orderId, refundId: 'r2', amount: money(691), reason: 'return' })).toEqual(
      E.left({ _tag: 'RefundExceedsCaptured', attemptId: 'attempt-1', requested: money(691), refundable: money(690) }),
    );
    expect((await payment()).refunded).toEqual(money(4000));
  });

  it('a retried refund is one refund', async () => {
    const { service, providers, providerReference } = await paid();
    right(await service.refund({ orderId, refundId: 'r1', amount: money(1000), reason: 'return' }));
    expect(right(await service.refund({ orderId, refundId: 'r1', amount: money(1000), reason: 'return' })).status).toBe('succeeded');
    expect(providers.alipay.control.transaction(providerReference)?.refunded).toBe(1000);
  });

  it('records a refund the provider refuses, and frees the amount for another try', async () => {
    const { service, providers, payment } = await paid();
    providers.alipay.control.failNextRefund('buyer account closed');
    expect(right(await service.refund({ orderId, refundId: 'r1', amount, reason: 'return' })).status).toBe('failed');
    expect((await payment()).attempts[0]?.refundPending).toEqual(money(0));
    expect(right(await service.refund({ orderId, refundId: 'r2', amount, reason: 'return' })).status).toBe('succeeded');
  });

  it('refuses a refund when nothing was paid', async () => {
    const { service } = setup();
    expect(await service.refund({ orderId, refundId: 'r1', amount, reason: 'return' })).toEqual(E.left({ _tag: 'NothingToRefund', orderId, requested: amount }));
  });
});

describe('a shared command handler', () => {
  it('decides and reads through the handler it is given: what the service appended, the handler and the service read from one cache', async () => {
    const clock = new ManualClock(T0);
    const queue = notificationQueue();
    const inner = memoryEventStore({ registry: eventRegistry(paymentEvents), now: () => clock.now() });
    let streamReads = 0;
    const store: typeof inner = Object.assign(Object.create(inner) as typeof inner, {
      readStream: (...args: Parameters<typeof inner.readStream>) => {
        streamReads += 1;
        return inner.readStream(...args);
      },
    });
    const handler = commandHandler({ store, decider: paymentDecider, clock, ids: sequentialIds(3) });
    const providers = { alipay: alipaySandbox({ clock, deliver: queue.sink, ids: sequentialIds(7), secret: 'alipay-secret' }) };
    const service = paymentService({ store, providers, clock, ids: sequentialIds(9), handler });

    const started = right(await service.startPayment(start('alipay')));
    providers.alipay.control.act(started.providerReference);
    await queue.drain((n) => service.handleNotification(n.method, n.rawBody, n.headers));
    const readsAfterPaying = streamReads;

    // The handler the service appended through holds the state: neither the service nor the handler reads the stream.
    const state = await service.payment(orderId);
    expect(isOpen(state) && state.captured).toEqual(amount);
    expect((await handler.current(paymentStream(orderId))).state).toBe(state);
    expect(streamReads).toBe(readsAfterPaying);
  });
});

describe('per-call options', () => {
  const request = (n: number) => ({
    correlationId: `request-${n}`,
    causationId: `command-${n}`,
    actor: { kind: 'customer' as const, id: `customer-${n}` },
    traceparent: `00-${'a'.repeat(31)}${n}-${'b'.repeat(16)}-01`,
  });
  const metadataOf = async (store: ReturnType<typeof setup>['store'], after: number) =>
    (await store.readAll({ after })).map((e) => ({ type: e.type, ...e.metadata }));

  it("records the caller's metadata on every event of the call, and the provider as the actor of its notifications", async () => {
    const { service, providers, store, queue } = setup();
    const a = right(await service.startPayment(start('alipay', { attemptId: 'attempt-1' }), { metadata: request(1) }));
    expect((await metadataOf(store, 0)).map(({ type, correlationId, actor }) => [type, correlationId, actor?.id])).toEqual([
      ['PaymentAttemptStarted', 'request-1', 'customer-1'],
      ['PaymentActionRequired', 'request-1', 'customer-1'],
    ]);
    const b = right(await service.startPayment(start('unionpay', { attemptId: 'attempt-2' }), { metadata: request(2) }));
    providers.alipay.control.act(a.providerReference);
    providers.unionpay.control.act(b.providerReference);

    // The second payment's notification records it, and the reversal it sets off, in the webhook request's name.
    const [first, second] = queue.take();
    if (!first || !second) throw new Error('two notifications expected');
    right(await service.handleNotification(first.method, first.rawBody, first.headers, { metadata: request(3) }));
    const before = await store.headPosition();
    const handled = right(await service.handleNotification(second.method, second.rawBody, second.headers, { metadata: request(4) }));
    expect(handled.reversals).toMatchObject([{ attemptId: 'attempt-2', reversed: 'refund', refund: { status: 'succeeded' } }]);
    const recorded = await metadataOf(store, before);
    expect(recorded.map((e) => e.type)).toEqual(['PaymentCaptured', 'PaymentAttemptFlaggedForReversal', 'PaymentRefundRequested', 'PaymentRefunded']);
    for (const event of recorded) expect(event).toEqual({ type: event.type, ...request(4), actor: { kind: 'integration', id: 'payment-provider:unionpay' }, tracestate: null });

    // Staff refund the rest of the first payment: the request and the refund on the provider's answer both name them.
    const staff = { ...request(5), actor: { kind: 'staff' as const, id: 'staff-li' } };
    const refundFrom = await store.headPosition();
    right(await service.refund({ orderId, refundId: 'goodwill', amount: money(100), reason: 'goodwill' }, { metadata: staff }));
    expect(await metadataOf(store, refundFrom)).toEqual([
      { type: 'PaymentRefundRequested', ...staff, tracestate: null },
      { type: 'PaymentRefunded', ...staff, tracestate: null },
    ]);
  });

  it('pins the first command to the revision the caller saw; the rest decide on what the call recorded', async () => {
    const { store, providers, clock, queue } = setup({ cardCapture: 'manual' });
    // Every provider call counted: a refused call must not have reached the provider.
    const asked: string[] = [];
    const counted = <P extends PaymentProvider>(provider: P): PaymentProvider => ({
      ...provider,
      initiate: (r) => (asked.push('initiate'), provider.initiate(r)),
      capture: (r) => (asked.push('capture'), provider.capture(r)),
      void: (r) => (asked.push('void'), provider.void(r)),
      refund: (r) => (asked.push('refund'), provider.refund(r)),
    });
    const service = paymentService({ store, providers: { alipay: counted(providers.alipay), card: counted(providers.card) }, clock, ids: sequentialIds(9) });
    const revision = () => store.streamRevision(paymentStream(orderId));

    // The first start, on no stream: its second command (the provider's answer) comes at revision 0, unpinned.
    const started = right(await service.startPayment(start('alipay', { attemptId: 'attempt-1' }), { expectedRevision: -1 }));
    expect(await revision()).toBe(1);
    // A start on a revision the payment has moved past is refused before the provider hears of it.
    expect(await service.startPayment(start('card', { attemptId: 'attempt-2', card: { ...card, token: 'tok_3ds_visa' } }), { expectedRevision: 0 })).toMatchObject(
      E.left({ _tag: 'ConcurrencyConflict', stream: paymentStream(orderId), expected: 0, actual: 1 }),
    );
    expect(asked).toEqual(['initiate']);
    const challenged = right(await service.startPayment(start('card', { attemptId: 'attempt-2', card: { ...card, token: 'tok_3ds_visa' } }), { expectedRevision: 1 }));
    expect(await revision()).toBe(3);

    // Capture asks the provider before it records: a stale pin stops it before the provider is asked.
    providers.card.control.act(challenged.providerReference);
    await queue.drain(async (n) => void right(await service.handleNotification(n.method, n.rawBody, n.headers)));
    expect(await service.capture(orderId, 'attempt-2', { expectedRevision: 3 })).toMatchObject(E.left({ _tag: 'ConcurrencyConflict', expected: 3, actual: 4 }));
    expect(asked).toEqual(['initiate', 'initiate']);
    right(await service.capture(orderId, 'attempt-2', { expectedRevision: 4 }));
    expect(asked).toEqual(['initiate', 'initiate', 'capture']);

    // A refund on a stale revision reserves nothing and asks nobody; on the current one, it is requested and settled.
    expect(await service.refund({ orderId, refundId: 'r1', amount: money(100), reason: 'goodwill' }, { expectedRevision: 4 })).toMatchObject(E.left({ _tag: 'ConcurrencyConflict' }));
    expect(await revision()).toBe(5);
    expect(right(await service.refund({ orderId, refundId: 'r1', amount: money(100), reason: 'goodwill' }, { expectedRevision: 5 })).status).toBe('succeeded');
    expect(await revision()).toBe(7);
    expect(asked).toEqual(['initiate', 'initiate', 'capture', 'refund']);
    expect(providers.alipay.control.transaction(started.providerReference)?.status).toBe('pending');
  });
});
