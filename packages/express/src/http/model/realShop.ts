import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { expect } from 'vitest';
import { startApi } from '../../routing/testing/harness.js';
import type { Answer, CallInit, Customer, TestApi } from '../../routing/testing/harness.js';
import { DAY_MS } from './shopModel.js';
import type { ShopModel } from './shopModel.js';

export const PASSWORD = 'correct horse battery staple';
export const SANDBOX_SECRET = 'sandbox-secret-for-the-model';
export const ADDRESS = { recipientName: '王小明', phone: '13800138000', region: { country: 'CN', province: '浙江省', city: '杭州市', district: '西湖区' }, lines: '文三路 1 号' };
/** Payment waits three days, so some orders outlive one move of the carrier's clock and some do not. */
export const PAYMENT_TIMEOUT_MS = 3 * DAY_MS;
export const AUTO_CONFIRM_DAYS = 10;

/** The real side of the model test: a shop served over HTTP, its admin, and the ids of its catalogue. */
export interface RealShop {
  readonly api: TestApi;
  readonly admin: Customer;
  /** Every HTTP answer of the run, checked for what holds whatever the command: no 5xx, refusals as problem+json. */
  call(method: string, path: string, init?: CallInit): Promise<Answer>;
  /** Fires what the clock made due (the scheduler does not poll in this test) and waits for every reaction. */
  settle(): Promise<void>;
}

/** Every word of the docs (every Markdown page under docs/): a refusal's problem type must be named there. */
const documentedWords = (): Set<string> => {
  const docs = new URL('../../../../../docs/', import.meta.url);
  const pages = readdirSync(docs, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.md'));
  return new Set(pages.flatMap((name) => readFileSync(new URL(name, docs), 'utf8').match(/\b[A-Z][A-Za-z]+\b/g) ?? []));
};
const DOCUMENTED = documentedWords();

type Problem = { readonly type?: unknown; readonly code?: unknown; readonly status?: unknown; readonly title?: unknown };

/** What every answer owes, whatever was asked: no 5xx, and a refusal is problem+json of a documented type. */
export const expectHandled = (answer: Answer, where: string): void => {
  const context = `${where} answered ${answer.status}: ${answer.text.slice(0, 400)}`;
  expect(answer.status, context).toBeLessThan(500);
  if (answer.status < 400) return;
  expect(answer.headers.get('content-type'), context).toContain('application/problem+json');
  const problem = answer.body as Problem;
  expect(problem.status, context).toBe(answer.status);
  expect(typeof problem.title, context).toBe('string');
  expect(problem.type, context).toMatch(/^urn:shopstream:problem:[A-Za-z]+$/);
  const tag = String(problem.type).slice('urn:shopstream:problem:'.length);
  if (problem.code !== undefined) expect(problem.code, context).toBe(tag);
  expect(DOCUMENTED.has(tag), `${context}: ${tag} is not a problem type the docs name`).toBe(true);
  expect(answer.text, context).not.toMatch(/\bat .*\.(ts|js):\d+/);
};

export const expectStatus = (answer: Answer, status: number, code?: string): void => {
  const body = answer.body as Problem;
  expect([answer.status, code === undefined ? undefined : body.code], answer.text.slice(0, 400)).toEqual([status, code]);
};

/** How often each route answered each status over the whole run, for the campaign's report of how deep it got. */
export const outcomes = new Map<string, number>();
const routeOf = (method: string, path: string): string =>
  `${method} ${path
    .replace(/\?.*$/, '')
    .split('/')
    .map((segment) => (/\d/.test(segment) ? ':id' : segment))
    .join('/')}`;

export const startRealShop = async (): Promise<RealShop> => {
  const api = await startApi(
    {},
    {
      sandboxSecret: SANDBOX_SECRET,
      processes: { paymentTimeoutMs: PAYMENT_TIMEOUT_MS, autoConfirmReceiptAfterDays: AUTO_CONFIRM_DAYS },
      // Timeouts fire when `settle` says, so the model knows when the clock's consequences happen.
      schedulerPollIntervalMs: 2 ** 31 - 1,
    },
  );
  const call = async (method: string, path: string, init: CallInit = {}): Promise<Answer> => {
    const answer = await api.call(method, path, init);
    const key = `${routeOf(method, path)} ${answer.status}`;
    outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    expectHandled(answer, `${method} ${path}`);
    return answer;
  };
  const admin = await api.staff('model-admin', 'admin');
  return {
    api,
    admin,
    call,
    settle: () => api.shop.settle(),
  };
};

export const idempotencyKey = (): Record<string, string> => ({ 'idempotency-key': randomUUID() });

/**
 * A catalogue small enough to run out (one SKU per product, so a search item's `stock` is its SKU's available
 * units), a coupon once per customer, and two customers.
 */
export const stockTheShop = async (real: RealShop): Promise<ShopModel> => {
  const stock = [];
  for (const [sku, price, units] of [['MODEL-TEA', 8800, 30], ['MODEL-CUP', 1250, 8]] as const) {
    const created = await real.call('POST', '/products', {
      token: real.admin.token,
      body: { title: { zh: sku, en: sku }, skus: [{ sku, price: { amount: price, currency: 'CNY' } }], publish: true },
      headers: idempotencyKey(),
    });
    expectStatus(created, 201);
    const received = await real.call('POST', '/inventory/receipts', { token: real.admin.token, body: { sku, quantity: units, reference: `PO-${sku}` }, headers: idempotencyKey() });
    expectStatus(received, 200);
    stock.push({ sku, productId: (created.body as { productId: string }).productId, price, received: units, references: new Set([`PO-${sku}`]) });
  }
  const coupon = { code: 'MODEL10', discount: 1000 };
  const terms = {
    currency: 'CNY',
    discount: { kind: 'fixed', amount: { amount: coupon.discount, currency: 'CNY' } },
    minimumSpend: { amount: 0, currency: 'CNY' },
    validFrom: '2026-01-01T00:00:00.000Z',
    validUntil: '2028-01-01T00:00:00.000Z',
    totalLimit: null,
    perUserLimit: 1,
  };
  expectStatus(await real.call('POST', '/coupons', { token: real.admin.token, body: { code: coupon.code, terms }, headers: idempotencyKey() }), 201);
  // Two customers to start with, so that runs get past sign-up quickly; more sign up as they go.
  const customers = [];
  for (const name of ['model-a', 'model-b']) {
    const { userId, token, contact } = await real.api.customer(name);
    customers.push({ userId, token, contact, closed: false, cart: new Map<string, number>(), cartOpened: false, couponApplied: false, lastCheckout: null, unreadSeen: 0 });
  }
  return {
    now: real.api.clock.now().getTime(),
    customers,
    orders: [],
    cases: [],
    stock,
    coupon,
    touched: { orders: new Set(), cases: new Set(), customers: new Set() },
  };
};
