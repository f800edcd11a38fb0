import { ManualClock, sequentialIds } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money } from '../../shared/money.js';
import type { InitiateRequest } from '../provider.js';
import type { SandboxConfig } from './types.js';
import { alipaySandbox, cardSandbox, unionPaySandbox, wechatPaySandbox } from './methods.js';
import { wechatReferenceOf } from './pages.js';
import { notificationQueue } from './queue.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signNotification } from './wire.js';

const setup = (overrides: Partial<SandboxConfig> = {}) => {
  const clock = new ManualClock('2026-01-01T00:00:00.000Z');
  const queue = notificationQueue();
  const config: SandboxConfig = { secret: 'alipay-secret', clock, deliver: queue.sink, ids: sequentialIds(1), ...overrides };
  return { clock, queue, config };
};

const request = (attemptId = 'attempt-1', extra: Partial<InitiateRequest> = {}): InitiateRequest => ({
  orderId: 'order-1',
  attemptId,
  amount: money(4690),
  description: 'Order order-1',
  expiresAt: '2026-01-01T00:15:00.000Z',
  ...extra,
});

const right = <A>(either: E.Either<unknown, A>): A => {
  if (E.isLeft(either)) throw new Error(`expected Right, got ${JSON.stringify(either.left)}`);
  return either.right;
};

describe('sandbox notifications', () => {
  it('are signed so that verification accepts them and reads our references back', async () => {
    const { queue, config } = setup();
    const alipay = alipaySandbox(config);
    const { providerReference } = right(await alipay.initiate(request()));
    alipay.control.act(providerReference);
    const [sent] = queue.take();
    if (!sent) throw new Error('no notification');
    const verified = right(await alipay.verifyNotification(sent.rawBody, sent.headers));
    expect(verified).toMatchObject({
      method: 'alipay',
      providerReference,
      merchantReference: 'attempt-1',
      orderId: 'order-1',
      subject: { kind: 'payment', outcome: { kind: 'captured', amount: money(4690) } },
    });
  });

  it('reject a tampered body, another secret, a missing signature and a body of the wrong shape', async () => {
    const { queue, config, clock } = setup();
    const alipay = alipaySandbox(config);
    alipay.control.act(right(await alipay.initiate(request())).providerReference);
    const [sent] = queue.take();
    if (!sent) throw new Error('no notification');
    const reason = async (rawBody: string, headers: Record<string, string>) => {
      const verified = await alipay.verifyNotification(rawBody, headers);
      return E.isLeft(verified) ? verified.left.reason : 'accepted';
    };
    expect(await reason(sent.rawBody.replace('4690', '4691'), sent.headers)).toBe('bad_signature');
    const forged = signNotification('someone-else', JSON.parse(sent.rawBody) as never, clock.now());
    expect(await reason(forged.rawBody, forged.headers)).toBe('bad_signature');
    expect(await reason(sent.rawBody, { [TIMESTAMP_HEADER]: sent.headers[TIMESTAMP_HEADER] ?? '' })).toBe('missing_signature');
    expect(await reason(sent.rawBody, { ...sent.headers, [SIGNATURE_HEADER]: 'v1=zz' })).toBe('bad_signature');
    const wrongShape = signNotification('alipay-secret', { ...(JSON.parse(sent.rawBody) as object), amount: 12 } as never, clock.now());
    expect(await reason(wrongShape.rawBody, wrongShape.headers)).toBe('malformed_body');
    // Header names are case-insensitive, as in HTTP.
    const upper = Object.fromEntries(Object.entries(sent.headers).map(([k, v]) => [k.toUpperCase(), v]));
    expect(await reason(sent.rawBody, upper)).toBe('accepted');
  });

  it('reject a timestamp outside the tolerance window, either way', async () => {
    const { queue, config, clock } = setup({ toleranceSeconds: 300 });
    const alipay = alipaySandbox(config);
    alipay.control.act(right(await alipay.initiate(request())).providerReference);
    const [sent] = queue.take();
    if (!sent) throw new Error('no notification');
    clock.advance(300_000);
    expect(E.isRight(await alipay.verifyNotification(sent.rawBody, sent.headers))).toBe(true);
    clock.advance(1_000);
    expect(await alipay.verifyNotification(sent.rawBody, sent.headers)).toMatchObject(E.left({ reason: 'stale_timestamp' }));
    clock.set('2025-12-31T23:54:59.000Z');
    expect(await alipay.verifyNotification(sent.rawBody, sent.headers)).toMatchObject(E.left({ reason: 'stale_timestamp' }));
  });

  it('reject a notification meant for another method', async () => {
    const { queue, config } = setup();
    const wechat = wechatPaySandbox(config);
    const alipay = alipaySandbox(config);
    wechat.control.act(right(await wechat.initiate(request())).providerReference);
    const [sent] = queue.take();
    if (!sent) throw new Error('no notification');
    expect(await alipay.verifyNotification(sent.rawBody, sent.headers)).toMatchObject(E.left({ reason: 'wrong_method' }));
  });
});

describe('sandbox next actions', () => {
  it('alipay redirects to the cashier, wechat shows a QR payload, unionpay posts a form', async () => {
    const { config } = setup({ baseUrl: 'https://sandbox.test' });
    const alipay = right(await alipaySandbox(config).initiate(request('a', { returnUrl: 'https://shop.test/paid' })));
    expect(alipay.nextAction).toEqual({
      kind: 'redirect',
      url: `https://sandbox.test/alipay/gateway.do?trade_no=${alipay.providerReference}&return_url=https%3A%2F%2Fshop.test%2Fpaid`,
    });
    const wechat = right(await wechatPaySandbox(config).initiate(request('b')));
    expect(wechat.nextAction).toMatchObject({ kind: 'qr_code' });
    expect(wechat.nextAction.kind === 'qr_code' && wechat.nextAction.payload).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=\w+$/);
    const unionpay = right(await unionPaySandbox(config).initiate(request('c')));
    expect(unionpay.nextAction).toMatchObject({
      kind: 'form_post',
      url: 'https://sandbox.test/gateway/api/frontTransReq.do',
      fields: { orderId: 'c', txnAmt: '4690', tn: unionpay.providerReference },
    });
    expect(alipay.outcome).toBeUndefined();
  });

  it('a card is decided at once, or after a 3-D Secure challenge, and test tokens steer the answer', async () => {
    const { queue, config } = setup({ baseUrl: 'https://sandbox.test' });
    const card = cardSandbox(config);
    const immediate = right(await card.initiate(request('a', { card: { token: 'tok_visa' } })));
    expect(immediate).toMatchObject({ nextAction: { kind: 'none' }, outcome: { kind: 'captured', amount: money(4690) } });
    expect(queue.size()).toBe(1);
    const declined = right(await card.initiate(request('b', { card: { token: 'tok_declined_insufficient' } })));
    expect(declined.outcome).toEqual({ kind: 'declined', code: 'card_declined' });
    const challenged = right(await card.initiate(request('c', { card: { token: 'tok_3ds_required' } })));
    expect(challenged.nextAction).toEqual({ kind: 'three_ds_challenge', url: `https://sandbox.test/card/3ds/${challenged.providerReference}` });
    expect(challenged.outcome).toBeUndefined();
  });
});

describe('sandbox scenarios', () => {
  it('declines, times out (nothing is sent, the query says pending) and expires', async () => {
    const { queue, config } = setup();
    const alipay = alipaySandbox(config);
    alipay.control.setScenario('declined', { kind: 'decline', code: 'BUYER_BALANCE_NOT_ENOUGH' });
    alipay.control.setScenario('silent', { kind: 'timeout' });
    const declined = right(await alipay.initiate(request('declined'))).providerReference;
    const silent = right(await alipay.initiate(request('silent'))).providerReference;
    alipay.control.act(declined);
    alipay.control.act(silent);
    const sent = queue.take();
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0]?.rawBody ?? '{}')).toMatchObject({ type: 'payment.declined', declineCode: 'BUYER_BALANCE_NOT_ENOUGH' });
    expect(right(await alipay.query({ merchantReference: 'silent' })).status).toBe('pending');
    alipay.control.expire(silent);
    expect(JSON.parse(queue.take()[0]?.rawBody ?? '{}')).toMatchObject({ type: 'payment.expired' });
    expect(right(await alipay.query({ merchantReference: 'silent' })).status).toBe('expired');
    // A declined payment is final: the customer cannot pay it afterwards. One the provider closed still can (late).
    expect(() => alipay.control.resolve(declined, { kind: 'succeed' })).toThrow(expect.objectContaining({ refusal: { _tag: 'SandboxTransactionSettled', reference: declined, status: 'declined' } }));
    expect(queue.take()).toEqual([]);
    expect(alipay.control.resolve(silent, { kind: 'succeed' }).status).toBe('captured');
  });

  it('duplicates and redelivers a notification under the same id', async () => {
    const { queue, config, clock } = setup();
    const alipay = alipaySandbox(config);
    alipay.control.setScenario('attempt-1', { kind: 'succeed', duplicates: 2 });
    const ref = right(await alipay.initiate(request())).providerReference;
    alipay.control.act(ref);
    clock.advance(60_000);
    alipay.control.redeliver(ref);
    const sent = queue.take();
    expect(sent).toHaveLength(4);
    const ids = new Set(sent.map((n) => (JSON.parse(n.rawBody) as { id: string }).id));
    expect(ids.size).toBe(1);
    expect(sent[3]?.headers[TIMESTAMP_HEADER]).not.toBe(sent[0]?.headers[TIMESTAMP_HEADER]);
  });

  it('can fail a call outright, or apply it and lose the answer', async () => {
    const { config } = setup();
    const alipay = alipaySandbox(config);
    alipay.control.failNext('initiate', { kind: 'unavailable' });
    expect(await alipay.initiate(request('lost'))).toEqual(E.left({ _tag: 'ProviderUnavailable', operation: 'initiate', detail: 'sandbox: no answer before the timeout' }));
    expect(await alipay.query({ merchantReference: 'lost' })).toMatchObject(E.left({ _tag: 'ProviderRejected', code: 'TRADE_NOT_EXIST' }));
    alipay.control.failNext('initiate', { kind: 'unavailable', applied: true });
    expect(E.isLeft(await alipay.initiate(request('applied')))).toBe(true);
    expect(right(await alipay.query({ merchantReference: 'applied' })).status).toBe('pending');
    alipay.control.failNext('query', { kind: 'rejected', code: 'SYSTEM_ERROR' });
    expect(await alipay.query({ merchantReference: 'applied' })).toMatchObject(E.left({ _tag: 'ProviderRejected', code: 'SYSTEM_ERROR' }));
  });

  it('captures a manual card authorisation once, and refuses to capture what is not authorised', async () => {
    const { queue, config } = setup();
    const card = cardSandbox({ ...config, capture: 'manual' });
    const started = right(await card.initiate(request('a', { card: { token: 'tok_visa' } })));
    expect(started.outcome).toEqual({ kind: 'authorised', amount: money(4690) });
    const ref = started.providerReference;
    expect(right(await card.capture({ providerReference: ref, amount: money(4690) })).outcome).toEqual({ kind: 'captured', amount: money(4690) });
    expect(E.isRight(await card.capture({ providerReference: ref, amount: money(4690) }))).toBe(true);
    expect(queue.take().map((n) => (JSON.parse(n.rawBody) as { type: string }).type)).toEqual(['payment.authorised', 'payment.captured']);
    expect(await card.capture({ providerReference: ref, amount: money(1) })).toMatchObject(E.left({ code: 'AMOUNT_MISMATCH' }));
    expect(await card.void({ providerReference: ref })).toMatchObject(E.left({ code: 'TRADE_ALREADY_PAID' }));
  });
});

describe('sandbox refunds', () => {
  it('settle at once for alipay, never above what is left, and the same refund id is one refund', async () => {
    const { config } = setup();
    const alipay = alipaySandbox(config);
    const ref = right(await alipay.initiate(request())).providerReference;
    alipay.control.act(ref);
    const first = right(await alipay.refund({ providerReference: ref, refundId: 'r1', amount: money(4000), reason: 'return' }));
    expect(first.status).toBe('succeeded');
    expect(right(await alipay.refund({ providerReference: ref, refundId: 'r1', amount: money(4000), reason: 'return' }))).toEqual(first);
    expect(await alipay.refund({ providerReference: ref, refundId: 'r2', amount: money(691), reason: 'return' })).toMatchObject(E.left({ code: 'REFUND_AMOUNT_EXCEEDED' }));
    expect(right(await alipay.query({ merchantReference: 'attempt-1' })).refunded).toEqual(money(4000));
    alipay.control.failNextRefund('account frozen');
    expect(await alipay.refund({ providerReference: ref, refundId: 'r3', amount: money(1), reason: 'x' })).toMatchObject(E.left({ code: 'REFUND_FAILED' }));
  });

  it('are accepted and settled by notification for wechat pay', async () => {
    const { queue, config } = setup();
    const wechat = wechatPaySandbox(config);
    const ref = right(await wechat.initiate(request())).providerReference;
    wechat.control.act(ref);
    queue.take();
    expect(right(await wechat.refund({ providerReference: ref, refundId: 'r1', amount: money(100), reason: 'x' })).status).toBe('pending');
    const [settled] = queue.take();
    expect(right(await wechat.verifyNotification(settled?.rawBody ?? '', settled?.headers ?? {})).subject).toMatchObject({
      kind: 'refund',
      refundId: 'r1',
      outcome: { kind: 'succeeded' },
    });
    wechat.control.failNextRefund('account frozen');
    expect(right(await wechat.refund({ providerReference: ref, refundId: 'r2', amount: money(100), reason: 'x' })).status).toBe('pending');
    const [refused] = queue.take();
    expect(JSON.parse(refused?.rawBody ?? '{}')).toMatchObject({ type: 'refund.failed', refundId: 'r2', failureReason: 'account frozen' });
  });
});

describe('sandbox pages', () => {
  it('a base URL with a path keeps it: the pages sit where the host serves them', async () => {
    const { config } = setup({ baseUrl: 'https://shop.test/api' });
    const alipay = right(await alipaySandbox(config).initiate(request('a')));
    expect(alipay.nextAction).toEqual({ kind: 'redirect', url: `https://shop.test/api/alipay/gateway.do?trade_no=${alipay.providerReference}` });
    const card = right(await cardSandbox({ ...config, baseUrl: 'https://shop.test/api/' }).initiate(request('b', { card: { token: 'tok_3ds' } })));
    expect(card.nextAction).toEqual({ kind: 'three_ds_challenge', url: `https://shop.test/api/card/3ds/${card.providerReference}` });
  });

  it('the record keeps what the pages show: method, merchant, description and the return URL the shop gave', async () => {
    const { config } = setup({ merchantName: 'Tea House' });
    const unionpay = unionPaySandbox(config);
    const started = right(await unionpay.initiate(request('a', { returnUrl: 'https://shop.test/back' })));
    expect(unionpay.control.transaction(started.providerReference)).toMatchObject({
      method: 'unionpay',
      merchantName: 'Tea House',
      description: request('a').description,
      returnUrl: 'https://shop.test/back',
    });
  });

  it('every WeChat Pay QR payload names its own payment, and its pr code finds it again', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.uuid(), { minLength: 2, maxLength: 20 }), async (attempts) => {
        const { config } = setup();
        const wechat = wechatPaySandbox(config);
        const payloads = new Set<string>();
        for (const attempt of attempts) {
          const started = right(await wechat.initiate(request(attempt)));
          const payload = started.nextAction.kind === 'qr_code' ? started.nextAction.payload : '';
          payloads.add(payload);
          const pr = new URL(payload.replace(/^weixin:/, 'https:')).searchParams.get('pr') ?? '';
          expect(wechatReferenceOf(pr)).toBe(started.providerReference);
        }
        expect(payloads.size).toBe(attempts.length);
      }),
      { numRuns: 25 },
    );
  });
});
