import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alipaySandbox } from '@shopstream/commerce/payment';
import { startApi } from '../routing/testing/harness.js';
import type { Customer, TestApi } from '../routing/testing/harness.js';
import { productOnSale } from '../routing/testing/orders.js';
import { PAGE_COOKIE } from './guard.js';

/** The sandbox providers' pages over HTTP: what they show, who may choose on them, and where the browser goes. */
let api: TestApi;
let admin: Customer;
let alice: Customer;

const address = { recipientName: '王小明', phone: '13800138000', region: { country: 'CN', province: '浙江省', city: '杭州市', district: '西湖区' }, lines: '文三路 1 号' };
const key = () => ({ 'idempotency-key': randomUUID() });

beforeAll(async () => {
  api = await startApi({}, { sandboxPages: { baseUrl: 'https://pay.example/api', merchantName: 'Tea <House> & "Co"' } });
  admin = await api.staff('admin', 'admin');
  alice = await api.customer('alice');
  productIdOf = (await productOnSale(api, admin, { title: { zh: '龙井茶', en: 'Longjing tea' }, sku: 'LJ-1', price: { amount: 8800, currency: 'CNY' }, quantity: 500, reference: 'PO-1' })).productId;
});
afterAll(async () => api.close());

let productIdOf = '';

/** A fresh order of Alice's, and a payment started on it: its reference and next action. */
const startPaying = async (body: Record<string, unknown>) => {
  await api.call('POST', '/me/cart/items', { token: alice.token, body: { productId: productIdOf, sku: 'LJ-1', quantity: 1 } });
  const placed = await api.call('POST', '/checkout', { token: alice.token, body: { shipTo: { address } }, headers: key() });
  expect(placed.status).toBe(201);
  const { orderId } = placed.body as { orderId: string };
  const started = await api.call('POST', `/orders/${orderId}/payments`, { token: alice.token, body, headers: key() });
  expect(started.status).toBe(201);
  const { providerReference, nextAction } = started.body as { providerReference: string; nextAction: { kind: string; url?: string; payload?: string; fields?: Record<string, string> } };
  return { orderId, providerReference, nextAction };
};

/** The page's path below the router, from the next action's URL (the base URL is the host's public one). */
const local = (url: string | undefined) => (url ?? '').replace('https://pay.example/api', '');

/** Opens a page as a browser would: its status, HTML, the form's token and action, and the cookie it set. */
const open = async (path: string, init: { method?: string; body?: string; cookie?: string } = {}) => {
  const response = await fetch(`${api.base}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }), ...(init.cookie === undefined ? {} : { cookie: init.cookie }) },
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  const text = await response.text();
  const setCookie = response.headers.get('set-cookie') ?? '';
  const cookie = init.cookie ?? setCookie.split(';')[0] ?? '';
  return {
    status: response.status,
    headers: response.headers,
    text,
    setCookie,
    cookie,
    token: /name="token" value="([^"]+)"/.exec(text)?.[1] ?? '',
    action: /<form method="post" action="([^"]+)"/.exec(text)?.[1] ?? '',
  };
};

const choose = (page: { action: string; token: string; cookie: string }, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${api.base}${page.action}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: page.cookie, 'sec-fetch-site': 'same-origin', ...headers },
    body: new URLSearchParams({ token: page.token, ...fields }).toString(),
  });

const orderStatus = async (orderId: string) => ((await api.call('GET', `/orders/${orderId}`, { token: alice.token })).body as { status: string }).status;
/** What the shop recorded of the attempt, from the notification the sandbox sent. */
const attemptStatus = async (orderId: string) =>
  ((await api.call('GET', `/orders/${orderId}/payment`, { token: alice.token })).body as { attempts: { status: string }[] }).attempts.map((a) => a.status);

describe('the Alipay cashier', () => {
  it('shows the merchant, amount and method from the sandbox record, escaped, whatever the address says', async () => {
    const { providerReference, nextAction } = await startPaying({ method: 'alipay', returnUrl: 'https://shop.example/paid?o=1' });
    expect(nextAction.url).toBe(`https://pay.example/api/alipay/gateway.do?trade_no=${providerReference}&return_url=https%3A%2F%2Fshop.example%2Fpaid%3Fo%3D1`);
    const page = await open(`${local(nextAction.url)}&total_amount=0.01&return_url=javascript:alert(1)`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Tea &lt;House&gt; &amp; &quot;Co&quot;');
    expect(page.text).not.toContain('<House>');
    expect(page.text).toContain('88.00 CNY');
    expect(page.text).toContain('Alipay cashier (sandbox)');
    expect(page.text).not.toContain('0.01');
    expect(page.text).not.toContain('javascript:');
    expect(page.action).toBe(`/sandbox/pages/${providerReference}`);
    expect(page.setCookie).toMatch(new RegExp(`^${PAGE_COOKIE}=[A-Za-z0-9_-]{43}; .*HttpOnly; SameSite=Strict`));
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/^default-src 'none'; style-src 'nonce-[^']+'; form-action 'self' https:\/\/shop\.example; frame-ancestors 'none'; base-uri 'none'$/);
    expect(page.text).not.toContain('<script');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
  });

  it('paying sends the notification, the order is paid, and the browser goes back to the return URL', async () => {
    const { orderId, nextAction } = await startPaying({ method: 'alipay', returnUrl: 'https://shop.example/paid?o=1' });
    const page = await open(local(nextAction.url));
    const answer = await choose(page, { choice: 'pay' }, { 'x-request-id': 'cashier-pay-1' });
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe('https://shop.example/paid?o=1');
    expect(await orderStatus(orderId)).toBe('paid');
    // The provider's word is recorded in the chain of the customer's choice on its page.
    const captured = (await api.shop.eventStore.readStream(`payment-${orderId}`)).find((event) => event.type === 'PaymentCaptured');
    expect(captured?.metadata).toMatchObject({ correlationId: 'cashier-pay-1', actor: { kind: 'integration', id: 'payment-provider:alipay' } });
    // Settled: the page and a second choice both say so, 409.
    const again = await open(local(nextAction.url), { cookie: page.cookie });
    expect(again.status).toBe(409);
    expect(again.text).toContain('This payment is captured');
    expect((await choose(page, { choice: 'decline', reason: 'PAYMENT_FAIL' })).status).toBe(409);
  });

  it('refuses a cross-site POST, a POST without the cookie and a forged token, and nothing happens', async () => {
    const { orderId, providerReference, nextAction } = await startPaying({ method: 'alipay' });
    const page = await open(local(nextAction.url));
    for (const forged of [
      choose(page, { choice: 'pay' }, { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }),
      choose({ ...page, cookie: '' }, { choice: 'pay' }),
      choose({ ...page, token: 'x'.repeat(43) }, { choice: 'pay' }),
      choose({ ...page, cookie: (await open(local(nextAction.url))).setCookie.split(';')[0] ?? '' }, { choice: 'pay' }),
    ]) {
      const answer = await forged;
      expect(answer.status).toBe(403);
      expect(await answer.text()).toContain('Refused');
    }
    expect(api.shop.sandbox?.payments.transaction(providerReference)?.status).toBe('pending');
    expect(await orderStatus(orderId)).toBe('awaiting_payment');
  });

  it('without a return URL the outcome is shown; leaving keeps the payment open; a bad choice is 400', async () => {
    const { providerReference, nextAction } = await startPaying({ method: 'alipay' });
    const page = await open(local(nextAction.url));
    expect(page.text).toContain('The shop gave no return address');
    expect((await choose(page, { choice: 'steal' })).status).toBe(400);
    expect((await choose(page, { choice: 'decline', reason: '<b>made up</b>' })).status).toBe(400);
    const left = await choose(page, { choice: 'leave' });
    expect(left.status).toBe(200);
    expect(await left.text()).toContain('You left without paying');
    expect(api.shop.sandbox?.payments.transaction(providerReference)?.status).toBe('pending');
    const closed = await choose(page, { choice: 'close' });
    expect(await closed.text()).toContain('The trade is closed unpaid');
    expect(api.shop.sandbox?.payments.transaction(providerReference)?.status).toBe('expired');
  });

  it('an unknown or malformed reference is a 404 page that echoes it escaped', async () => {
    const unknown = await open('/alipay/gateway.do?trade_no=2026nothing');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('No such payment');
    const hostile = await open(`/alipay/gateway.do?trade_no=${encodeURIComponent('<script>alert(1)</script>')}`);
    expect(hostile.status).toBe(404);
    expect(hostile.text).toContain('&lt;script&gt;');
    expect(hostile.text).not.toContain('<script>');
    expect((await open('/alipay/gateway.do')).status).toBe(404);
    const posted = await fetch(`${api.base}/sandbox/pages/2026nothing`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'choice=pay&token=x' });
    expect(posted.status).toBe(404);
  });

  it('a return URL that is not http or https is refused by the API, with credentials by the page, which shows the outcome instead', async () => {
    await api.call('POST', '/me/cart/items', { token: alice.token, body: { productId: productIdOf, sku: 'LJ-1', quantity: 1 } });
    const placed = await api.call('POST', '/checkout', { token: alice.token, body: { shipTo: { address } }, headers: key() });
    const { orderId } = placed.body as { orderId: string };
    for (const returnUrl of ['javascript:alert(1)', 'data:text/html,hi', 'ftp://shop.example/']) {
      const refused = await api.call('POST', `/orders/${orderId}/payments`, { token: alice.token, body: { method: 'alipay', returnUrl }, headers: key() });
      expect(refused.status).toBe(400);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
    }
    // The SDK takes any URL from its caller; the page is what refuses to follow one it should not.
    const { providerReference, nextAction } = await startPaying({ method: 'alipay', returnUrl: 'https://someone:secret@shop.example/paid' });
    const page = await open(local(nextAction.url));
    expect(page.text).toContain('return address was refused');
    const answer = await choose(page, { choice: 'pay' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('location')).toBeNull();
    expect(api.shop.sandbox?.payments.transaction(providerReference)?.status).toBe('captured');
  });
});

describe('the other providers', () => {
  it('UnionPay: the auto-submitted form shows the recorded amount, not the posted one; the choice returns to frontUrl', async () => {
    const { orderId, nextAction } = await startPaying({ method: 'unionpay', returnUrl: 'https://shop.example/up' });
    expect(nextAction.url).toBe('https://pay.example/api/gateway/api/frontTransReq.do');
    const fields = new URLSearchParams({ ...nextAction.fields, txnAmt: '1' }).toString();
    const page = await open(local(nextAction.url), { method: 'POST', body: fields });
    expect(page.status).toBe(200);
    expect(page.text).toContain('88.00 CNY');
    expect(page.text).toContain('UnionPay online payment (sandbox)');
    const answer = await choose(page, { choice: 'decline', reason: 'insufficient_funds' });
    expect([answer.status, answer.headers.get('location')]).toEqual([303, 'https://shop.example/up']);
    expect(await attemptStatus(orderId)).toEqual(['declined']);
    expect(api.shop.sandbox?.payments.transaction(nextAction.fields?.['tn'] ?? '')?.declineCode).toBe('insufficient_funds');
  });

  it('card: the 3-D Secure challenge declines with the chosen reason; a card page does not open an Alipay payment', async () => {
    const { nextAction, providerReference } = await startPaying({ method: 'card', card: { token: 'tok_3ds_required', brand: 'visa', last4: '4242' } });
    expect(nextAction).toEqual({ kind: 'three_ds_challenge', url: `https://pay.example/api/card/3ds/${providerReference}` });
    const page = await open(local(nextAction.url));
    expect(page.text).toContain('3-D Secure (sandbox)');
    const answer = await choose(page, { choice: 'decline', reason: 'authentication_failed' });
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('authentication_failed');
    expect(api.shop.sandbox?.payments.transaction(providerReference)).toMatchObject({ status: 'declined', declineCode: 'authentication_failed' });
    const alipay = await startPaying({ method: 'alipay' });
    expect((await open(`/card/3ds/${alipay.providerReference}`)).status).toBe(404);
  });

  it('WeChat Pay: the page the scanned payload opens shows it, and paying pays the order', async () => {
    const { orderId, nextAction } = await startPaying({ method: 'wechat_pay' });
    const pr = new URL((nextAction.payload ?? '').replace('weixin:', 'https:')).searchParams.get('pr') ?? '';
    const page = await open(`/wxpay/bizpayurl?pr=${pr}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(nextAction.payload ?? '-');
    expect((await choose(page, { choice: 'pay' })).status).toBe(200);
    expect(await attemptStatus(orderId)).toEqual(['captured']);
  });
});

describe('only with the sandbox providers', () => {
  it('a shop with providers of its own serves no provider pages', async () => {
    const own = await startApi({}, { providers: { alipay: alipaySandbox({ secret: 'own', clock: api.clock, deliver: () => undefined }) } });
    try {
      expect((await own.call('GET', '/alipay/gateway.do?trade_no=2026x')).status).toBe(404);
      expect((await own.call('GET', '/alipay/gateway.do?trade_no=2026x')).headers.get('content-type')).toContain('application/problem+json');
    } finally {
      await own.close();
    }
  });
});
