import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCRYPT_DEFAULTS, scryptPasswordHasher } from '@shopstream/commerce/identity';
import { createShopApp } from '@shopstream/express';
import { createShop } from '@shopstream/sdk';
import type { Shop } from '@shopstream/sdk';

/**
 * A customer pays in a real browser: the reference host's app over an embedded shop, the sandbox providers' pages
 * it serves, and Debian's chromium driven by playwright-core. Skipped where chromium is not installed.
 */
const CHROMIUM = '/usr/bin/chromium';
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const address = { recipientName: '王小明', phone: '13800138000', region: { country: 'CN', province: '浙江省', city: '杭州市', district: '西湖区' }, lines: '文三路 1 号' };

const listen = async (server: Server, host: string): Promise<number> => {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return (server.address() as AddressInfo).port;
};
const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

describe.skipIf(!existsSync(CHROMIUM))('the sandbox providers in a browser', () => {
  let dataDir = '';
  let shop: Shop;
  let server: Server;
  let attacker: Server;
  let base = '';
  let browser: Browser;
  let productId = '';
  /** What the other site serves, and where. */
  let attackerHtml = '';
  let attackerUrl = '';

  /** JSON over the API, as the shop's front end would call it. */
  const call = async (method: string, path: string, init: { token?: string; body?: unknown } = {}) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(init.token === undefined ? {} : { authorization: `Bearer ${init.token}` }),
        ...(method === 'POST' ? { 'idempotency-key': crypto.randomUUID() } : {}),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  /** Signs a customer up over the API (the code from the sandbox outbox), and checks a cart out: the order id. */
  const customerWithOrder = async (contact: string) => {
    const password = 'correct horse battery staple';
    const registered = await call('POST', '/auth/register', { body: { contact, password } });
    expect(registered.status).toBe(201);
    const userId = String(registered.body['userId']);
    expect((await call('POST', '/auth/verify', { body: { userId, code: shop.sandbox?.outbox.codeSentTo(contact) } })).status).toBe(200);
    const token = String((await call('POST', '/auth/login', { body: { contact, password } })).body['token']);
    expect((await call('POST', '/me/cart/items', { token, body: { productId, sku: 'LJ-250', quantity: 1 } })).status).toBe(200);
    const placed = await call('POST', '/checkout', { token, body: { shipTo: { address } } });
    expect(placed.status).toBe(201);
    return { token, orderId: String(placed.body['orderId']) };
  };

  const startPayment = async (token: string, orderId: string, body: Record<string, unknown>) => {
    const started = await call('POST', `/orders/${orderId}/payments`, { token, body });
    expect(started.status).toBe(201);
    return started.body as { providerReference: string; nextAction: { kind: string; url: string; fields?: Record<string, string> } };
  };

  const payment = async (token: string, orderId: string) => (await call('GET', `/orders/${orderId}/payment`, { token })).body as { attempts: { status: string }[] };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'shopstream-browser-'));
    // The host's address is known before the shop is made, so the sandbox's next actions point at its pages.
    server = createServer();
    base = `http://127.0.0.1:${await listen(server, '127.0.0.1')}`;
    shop = await createShop({
      dataDir,
      sandboxPages: { baseUrl: base, merchantName: 'West Lake Tea' },
      passwordHasher: scryptPasswordHasher({ ...SCRYPT_DEFAULTS, N: 2 ** 4 }),
      onError: () => undefined,
    });
    await shop.start();
    const created = await shop.catalog.createProduct({ title: { zh: '龙井茶', en: 'Longjing tea' }, skus: [{ sku: 'LJ-250', price: { amount: 8800, currency: 'CNY' } }], publish: true });
    if (created._tag === 'Left') throw new Error(JSON.stringify(created.left));
    productId = created.right.productId;
    await shop.inventory.receiveStock({ sku: 'LJ-250', quantity: 50, reference: 'PO-1' });
    // The shop's own front end, where the provider sends the customer back.
    const host = express();
    host.get('/shop/thanks', (req, res) => {
      const order = typeof req.query['order'] === 'string' ? req.query['order'] : '';
      res.type('text').send(`thanks for order ${order}`);
    });
    host.use(createShopApp(shop, { cors: { allowedOrigins: [] }, logger: { log: () => undefined } }));
    server.on('request', host);

    // Another site (another host name, so another site for the browser) that posts a choice to the sandbox.
    const evil = express();
    evil.get('/', (_req, res) => {
      res.type('html').send(attackerHtml);
    });
    attacker = createServer(evil);
    attackerUrl = `http://localhost:${await listen(attacker, '127.0.0.1')}/`;

    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await closeServer(attacker);
    await closeServer(server);
    await shop.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('Alipay: the customer opens the cashier, pays, lands on the return URL, and the order is paid', async () => {
    const { token, orderId } = await customerWithOrder('mei@example.com');
    const returnUrl = `${base}/shop/thanks?order=${orderId}`;
    const started = await startPayment(token, orderId, { method: 'alipay', returnUrl });
    expect(started.nextAction.kind).toBe('redirect');
    expect(started.nextAction.url.startsWith(`${base}/alipay/gateway.do?trade_no=`)).toBe(true);

    const context = await browser.newContext();
    const page = await context.newPage();
    const opened = await page.goto(started.nextAction.url);
    expect(opened?.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe('Alipay cashier (sandbox)');
    const facts = await page.locator('dl').textContent();
    expect(facts).toContain('West Lake Tea');
    expect(facts).toContain('88.00 CNY');
    const screenshot = join(dataDir, 'alipay-cashier.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect((await readFile(screenshot)).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

    await Promise.all([page.waitForURL(returnUrl), page.getByRole('button', { name: 'Pay 88.00 CNY' }).click()]);
    expect(page.url()).toBe(returnUrl);
    expect(await page.locator('body').textContent()).toBe(`thanks for order ${orderId}`);
    expect((await payment(token, orderId)).attempts.map((a) => a.status)).toEqual(['captured']);
    expect((await call('GET', `/orders/${orderId}`, { token })).body['status']).toBe('paid');

    // Back on the cashier: the payment is settled, 409.
    expect((await page.goto(started.nextAction.url))?.status()).toBe(409);
    await context.close();
  }, 60_000);

  it('card: the 3-D Secure challenge is declined with a reason; the shop records the decline', async () => {
    const { token, orderId } = await customerWithOrder('lei@example.com');
    const returnUrl = `${base}/shop/thanks?order=${orderId}`;
    const started = await startPayment(token, orderId, { method: 'card', card: { token: 'tok_3ds_required', brand: 'visa', last4: '4242' }, returnUrl });
    expect(started.nextAction).toEqual({ kind: 'three_ds_challenge', url: `${base}/card/3ds/${started.providerReference}` });

    const context = await browser.newContext();
    const page = await context.newPage();
    expect((await page.goto(started.nextAction.url))?.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe('3-D Secure (sandbox)');
    await page.getByLabel('Reason').selectOption('authentication_failed');
    await Promise.all([page.waitForURL(returnUrl), page.getByRole('button', { name: 'Decline' }).click()]);
    expect((await payment(token, orderId)).attempts.map((a) => a.status)).toEqual(['declined']);
    expect(shop.sandbox?.payments.transaction(started.providerReference)?.declineCode).toBe('authentication_failed');
    expect((await call('GET', `/orders/${orderId}`, { token })).body['status']).toBe('awaiting_payment');
    await context.close();
  }, 60_000);

  it("UnionPay: the shop's page (another site) auto-submits the form; the customer pays and returns to frontUrl", async () => {
    const { token, orderId } = await customerWithOrder('ling@example.com');
    const frontUrl = `${base}/shop/thanks?order=${orderId}`;
    const started = await startPayment(token, orderId, { method: 'unionpay', returnUrl: frontUrl });
    expect(started.nextAction.kind).toBe('form_post');
    // The shop's checkout page, on its own site, posts the fields as UnionPay's integration asks (one forged).
    const inputs = Object.entries({ ...started.nextAction.fields, txnAmt: '1' }).map(([name, value]) => `<input type="hidden" name="${name}" value="${value}">`);
    attackerHtml = `<!doctype html><form id="f" method="post" action="${started.nextAction.url}">${inputs.join('')}</form><script>document.getElementById('f').submit()</script>`;
    const context = await browser.newContext();
    const page = await context.newPage();
    await Promise.all([page.waitForURL(started.nextAction.url), page.goto(attackerUrl)]);
    expect(await page.locator('h1').textContent()).toBe('UnionPay online payment (sandbox)');
    expect(await page.locator('dl').textContent()).toContain('88.00 CNY');
    await Promise.all([page.waitForURL(frontUrl), page.getByRole('button', { name: 'Pay 88.00 CNY' }).click()]);
    expect((await payment(token, orderId)).attempts.map((a) => a.status)).toEqual(['captured']);
    await context.close();
  }, 60_000);

  it("another site cannot pay someone's payment by a cross-site POST, even with a token of its own", async () => {
    const { token, orderId } = await customerWithOrder('jun@example.com');
    const started = await startPayment(token, orderId, { method: 'alipay' });
    const context = await browser.newContext();
    const page = await context.newPage();
    // The customer has the cashier open (so the browser holds the sandbox's cookie).
    expect((await page.goto(started.nextAction.url))?.status()).toBe(200);
    // The attacker fetched the page itself: a token bound to its own nonce, which the customer's browser lacks.
    const scraped = await (await fetch(started.nextAction.url)).text();
    const stolen = /name="token" value="([^"]+)"/.exec(scraped)?.[1] ?? '';
    expect(stolen).not.toBe('');
    attackerHtml =
      `<!doctype html><form id="f" method="post" action="${base}/sandbox/pages/${started.providerReference}">` +
      `<input name="token" value="${stolen}"><input name="choice" value="pay"></form><script>document.getElementById('f').submit()</script>`;
    const refused = page.waitForResponse((response) => response.url().endsWith(`/sandbox/pages/${started.providerReference}`));
    await page.goto(attackerUrl);
    const answer = await refused;
    expect(answer.status()).toBe(403);
    expect(await page.locator('h1').textContent()).toBe('Refused');
    expect(shop.sandbox?.payments.transaction(started.providerReference)?.status).toBe('pending');
    expect((await payment(token, orderId)).attempts.map((a) => a.status)).toEqual(['action_required']);
    // The customer's own page still works: the refusal was the other site's, not a broken form.
    await page.goto(started.nextAction.url);
    await Promise.all([page.waitForURL(`${base}/sandbox/pages/${started.providerReference}`), page.getByRole('button', { name: 'Pay 88.00 CNY' }).click()]);
    expect(await page.locator('h1').textContent()).toBe('Paid. The provider has told the shop.');
    expect((await payment(token, orderId)).attempts.map((a) => a.status)).toEqual(['captured']);
    await context.close();
  }, 60_000);
});
