import fc from 'fast-check';
import { expect } from 'vitest';
import { ADDRESS, PASSWORD, expectStatus, idempotencyKey } from './realShop.js';
import { aims, cartTotals, couponInUse, stockOf, target, touch } from './shopModel.js';
import type { ModelCustomer, ModelOrder, ShopModel } from './shopModel.js';
import { Step, customerAt, expectClosed } from './step.js';

const MAX_CUSTOMERS = 4;
const LINE_LIMIT = 99;
const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

type Money = { readonly amount: number };
type CartView = { readonly lines: readonly { readonly sku: string; readonly quantity: number }[]; readonly totals: { readonly total: Money; readonly discount: Money } };
type PlacedView = {
  readonly orderId: string;
  readonly status: string;
  readonly total: Money;
  readonly paymentDueAt: string;
  readonly lines: readonly { readonly lineId: string; readonly sku: string; readonly quantity: number; readonly net: Money }[];
};

const anyCustomer = (model: ShopModel): boolean => model.customers.length > 0;
const filled = (customer: ModelCustomer): boolean => !customer.closed && customer.cart.size > 0;
/** Mostly an open customer with something in the cart. */
const withCart = (model: ShopModel, seed: number) => {
  const customer = target(model.customers, filled, seed);
  return customer === undefined ? undefined : { customer, index: model.customers.indexOf(customer) };
};

export const signUp = fc.constant(
  new Step(
    'signUp',
    (model) => model.customers.length < MAX_CUSTOMERS,
    async (model, real) => {
      // Registration, the code from the sandbox outbox, verification and login: all over HTTP.
      const { userId, token, contact } = await real.api.customer('model');
      model.customers.push({ userId, token, contact, closed: false, cart: new Map(), cartOpened: false, couponApplied: false, lastCheckout: null, unreadSeen: 0 });
      touch(model, { customer: model.customers.length - 1 });
    },
  ),
);

export const signIn = fc.nat().map(
  (c) =>
    new Step(`signIn(customer ${c})`, anyCustomer, async (model, real) => {
      const found = customerAt(model, c);
      if (found === undefined) return;
      const { customer, index } = found;
      const answer = await real.call('POST', '/auth/login', { body: { contact: customer.contact, password: PASSWORD } });
      if (customer.closed) {
        expect(answer.status, answer.text).toBeGreaterThanOrEqual(400);
        return;
      }
      expectStatus(answer, 200);
      // The new session works; the earlier one still does too (signing in elsewhere ends nothing).
      customer.token = (answer.body as { token: string }).token;
      touch(model, { customer: index });
    }),
);

const expectCart = (model: ShopModel, index: number, view: CartView): void => {
  const customer = model.customers[index];
  if (customer === undefined) return;
  expect(view.lines.map((l) => [l.sku, l.quantity])).toEqual([...customer.cart]);
  expect(view.totals.total.amount).toBe(cartTotals(model, customer).total);
};

export const addItem = fc.record({ c: fc.nat(), s: fc.nat(), quantity: fc.integer({ min: 1, max: 3 }) }).map(
  ({ c, s, quantity }) =>
    new Step(`addItem(customer ${c}, sku ${s}, ${quantity})`, anyCustomer, async (model, real) => {
      const found = customerAt(model, c);
      const sku = model.stock[s % model.stock.length];
      if (found === undefined || sku === undefined) return;
      const { customer, index } = found;
      const answer = await real.call('POST', '/me/cart/items', { token: customer.token, body: { productId: sku.productId, sku: sku.sku, quantity } });
      if (customer.closed) return expectClosed(answer);
      const next = (customer.cart.get(sku.sku) ?? 0) + quantity;
      if (next > LINE_LIMIT) return expectStatus(answer, 422, 'CartQuantityLimitExceeded');
      expectStatus(answer, 200);
      customer.cart.set(sku.sku, next);
      customer.cartOpened = true;
      expectCart(model, index, answer.body as CartView);
      touch(model, { customer: index });
    }),
);

export const removeItem = fc.record({ c: fc.nat(), s: fc.nat() }).map(
  ({ c, s }) =>
    new Step(`removeItem(customer ${c}, sku ${s})`, anyCustomer, async (model, real) => {
      const found = customerAt(model, c);
      const sku = model.stock[s % model.stock.length];
      if (found === undefined || sku === undefined) return;
      const { customer, index } = found;
      const answer = await real.call('DELETE', `/me/cart/items/${sku.sku}`, { token: customer.token });
      if (customer.closed) return expectClosed(answer);
      if (!customer.cart.has(sku.sku)) return expectStatus(answer, 404, customer.cartOpened ? 'CartItemNotFound' : 'CartNotFound');
      expectStatus(answer, 200);
      customer.cart.delete(sku.sku);
      expectCart(model, index, answer.body as CartView);
      touch(model, { customer: index });
    }),
);

export const applyCoupon = fc.nat().map(
  (c) =>
    new Step(`applyCoupon(customer ${c})`, (model) => aims(model.customers, filled, c), async (model, real) => {
      const found = withCart(model, c);
      if (found === undefined) return;
      const { customer, index } = found;
      const answer = await real.call('PUT', '/me/cart/coupon', { token: customer.token, body: { code: model.coupon.code } });
      if (customer.closed) return expectClosed(answer);
      // A cart that was never opened is empty; on an opened one the coupon is evaluated before the cart decides, so a
      // used coupon is refused whatever the cart holds.
      if (!customer.cartOpened) return expectStatus(answer, 422, 'CartEmpty');
      if (couponInUse(model, index)) return expectStatus(answer, 422, 'CouponNotApplicable');
      if (customer.cart.size === 0) return expectStatus(answer, 422, 'CartEmpty');
      expectStatus(answer, 200);
      customer.couponApplied = true;
      expect((answer.body as CartView).totals.discount.amount).toBe(model.coupon.discount);
      expectCart(model, index, answer.body as CartView);
      touch(model, { customer: index });
    }),
);

/** Checkout needs an Idempotency-Key; sent again with the same key, the first answer comes back and nothing is ordered twice. */
export const checkout = fc.record({ c: fc.nat(), replay: fc.boolean() }).map(
  ({ c, replay }) =>
    new Step(`checkout(customer ${c}${replay ? ', replayed' : ''})`, (model) => aims(model.customers, filled, c), async (model, real) => {
      const found = withCart(model, c);
      if (found === undefined) return;
      const { customer, index } = found;
      const previous = customer.lastCheckout;
      // The first answer to a key (a refusal too) is kept for 24 hours (docs/http-api.md, Idempotency) and replayed
      // for the same key and payload; after that the key runs the request again.
      const kept = previous !== null && model.now - previous.at < IDEMPOTENCY_TTL_MS;
      if (replay && previous !== null && kept) {
        const again = await real.call('POST', '/checkout', { token: customer.token, body: previous.body, headers: { 'idempotency-key': previous.key } });
        if (customer.closed) return expectClosed(again);
        expectStatus(again, previous.orderId === null ? 422 : 201);
        expect(again.headers.get('idempotency-replayed')).toBe('true');
        if (previous.orderId === null) return;
        expect((again.body as PlacedView).orderId).toBe(previous.orderId);
        touch(model, { order: previous.orderId, customer: index });
        return;
      }
      const key = replay && previous !== null ? { 'idempotency-key': previous.key } : idempotencyKey();
      const body = { shipTo: { address: ADDRESS } };
      const answer = await real.call('POST', '/checkout', { token: customer.token, body, headers: key });
      if (customer.closed) return expectClosed(answer);
      // A cart never opened checks out as an empty one.
      if (customer.cart.size === 0) {
        customer.lastCheckout = { key: key['idempotency-key'] ?? '', body, orderId: null, at: model.now };
        return expectStatus(answer, 422, 'CartEmpty');
      }
      expectStatus(answer, 201);
      const placed = answer.body as PlacedView;
      const totals = cartTotals(model, customer);
      expect([placed.status, placed.total.amount]).toEqual(['awaiting_payment', totals.total]);
      expect(placed.lines.map((l) => [l.sku, l.quantity])).toEqual([...customer.cart]);
      expect(placed.lines.reduce((sum, l) => sum + l.net.amount, 0), 'the lines share the discount: their nets sum to the total').toBe(totals.total);
      // The checkout process reserves each line; one SKU short cancels the order and gives back what it took.
      const short = placed.lines.some((l) => l.quantity > stockOf(model, l.sku).available);
      const order: ModelOrder = {
        orderId: placed.orderId,
        customer: index,
        lines: placed.lines.map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: l.quantity, net: l.net.amount, delivered: false, claimed: 0, refunded: 0, reviewed: false })),
        total: totals.total,
        withCoupon: customer.couponApplied,
        placedAt: model.now,
        paymentDueAt: Date.parse(placed.paymentDueAt),
        status: short ? 'cancelled' : 'awaiting_payment',
        observed: 'awaiting_payment',
        paidEver: false,
        paid: 0,
        refunded: 0,
        captured: 0,
        paymentRefunded: 0,
        attempts: [],
        shipments: [],
        deliveredAt: null,
      };
      model.orders.push(order);
      customer.cart.clear();
      customer.cartOpened = false;
      customer.couponApplied = false;
      customer.lastCheckout = { key: key['idempotency-key'] ?? '', body, orderId: placed.orderId, at: model.now };
      touch(model, { order: placed.orderId, customer: index });
    }),
);

/** Staff receive a delivery; its answer shows on hand and reserved, which the model works out from the orders. */
export const receiveStock = fc.record({ s: fc.nat(), quantity: fc.integer({ min: 1, max: 5 }), delivery: fc.nat({ max: 3 }) }).map(
  ({ s, quantity, delivery }) =>
    new Step(`receiveStock(sku ${s}, ${quantity}, delivery ${delivery})`, () => true, async (model, real) => {
      const sku = model.stock[s % model.stock.length];
      if (sku === undefined) return;
      const reference = `PO-${sku.sku}-${delivery}`;
      const answer = await real.call('POST', '/inventory/receipts', { token: real.admin.token, body: { sku: sku.sku, quantity, reference }, headers: idempotencyKey() });
      expectStatus(answer, 200);
      if (!sku.references.has(reference)) sku.received += quantity;
      sku.references.add(reference);
      expect(answer.body, `${sku.sku}: on hand, reserved, available`).toEqual(stockOf(model, sku.sku));
    }),
);
