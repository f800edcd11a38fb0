import { expect } from 'vitest';
import type { Answer } from '../../routing/testing/harness.js';
import type { RealShop } from './realShop.js';
import { cartTotals, openCustomers, reachable, stockOf } from './shopModel.js';
import type { ModelCase, ModelOrder, OrderStatus, ShopModel } from './shopModel.js';

type Money = { readonly amount: number };
type OrderView = {
  readonly status: OrderStatus;
  readonly ledger: { readonly paid: Money; readonly refunded: Money; readonly balance: Money };
  readonly lines: readonly { readonly lineId: string; readonly delivered: boolean; readonly refunded: Money }[];
};
type PaymentView = { readonly captured: Money; readonly refunded: Money; readonly attempts: readonly { readonly attemptId: string; readonly refundPending: Money }[] };
type CaseView = { readonly status: string; readonly refunded: Money };
type CartView = { readonly lines: readonly { readonly sku: string; readonly quantity: number }[]; readonly totals: { readonly subtotal: Money; readonly discount: Money; readonly total: Money } };

const bodyOf = <T>(answer: Answer): T => answer.body as T;

/** Someone signed in who is not the customer: they must not learn the order or case exists. */
const strangerOf = (model: ShopModel, owner: number): string | undefined => {
  const other = openCustomers(model).find((i) => i !== owner);
  return other === undefined ? undefined : model.customers[other]?.token;
};

const checkOrder = async (model: ShopModel, real: RealShop, order: ModelOrder): Promise<void> => {
  const where = `order ${order.orderId}`;
  const answer = await real.call('GET', `/orders/${order.orderId}`, { token: real.admin.token });
  expect(answer.status, where).toBe(200);
  const view = bodyOf<OrderView>(answer);
  expect(view.status === order.observed || reachable(order.observed, view.status), `${where}: ${order.observed} -> ${view.status} is no documented transition`).toBe(true);
  order.observed = view.status;
  expect(view.status, `${where}: status`).toBe(order.status);
  const { paid, refunded, balance } = view.ledger;
  expect([paid.amount, refunded.amount], `${where}: ledger paid, refunded`).toEqual([order.paid, order.refunded]);
  expect(balance.amount, `${where}: balance = paid - refunded`).toBe(paid.amount - refunded.amount);
  expect(refunded.amount, `${where}: refunds never exceed what was paid`).toBeLessThanOrEqual(paid.amount);
  for (const line of order.lines) {
    const seen = view.lines.find((l) => l.lineId === line.lineId);
    expect([seen?.delivered, seen?.refunded.amount], `${where} ${line.lineId}: delivered, refunded`).toEqual([line.delivered, line.refunded]);
  }

  const payment = await real.call('GET', `/orders/${order.orderId}/payment`, { token: real.admin.token });
  if (order.attempts.length === 0) expect(payment.status, `${where}: no payment yet`).toBe(404);
  else {
    expect(payment.status, where).toBe(200);
    const money = bodyOf<PaymentView>(payment);
    expect([money.captured.amount, money.refunded.amount], `${where}: payment captured, refunded`).toEqual([order.captured, order.paymentRefunded]);
    expect(money.refunded.amount, `${where}: refunds never exceed captures`).toBeLessThanOrEqual(money.captured.amount);
    // Money conservation: what the order keeps is what the providers hold, once no refund is pending.
    if (money.attempts.every((a) => a.refundPending.amount === 0)) {
      expect(balance.amount, `${where}: ledger balance = captured - refunded`).toBe(money.captured.amount - money.refunded.amount);
    }
  }

  const owner = model.customers[order.customer];
  if (owner !== undefined && !owner.closed) expect((await real.call('GET', `/orders/${order.orderId}`, { token: owner.token })).status, `${where}: its customer`).toBe(200);
  const stranger = strangerOf(model, order.customer);
  if (stranger !== undefined) {
    for (const path of [`/orders/${order.orderId}`, `/orders/${order.orderId}/payment`, `/orders/${order.orderId}/tracking`]) {
      expect((await real.call('GET', path, { token: stranger })).status, `${where}: another customer reads ${path}`).toBe(404);
    }
  }
};

const checkCase = async (model: ShopModel, real: RealShop, modelCase: ModelCase): Promise<void> => {
  const where = `case ${modelCase.caseId} (${modelCase.kind})`;
  const answer = await real.call('GET', `/cases/${modelCase.caseId}`, { token: real.admin.token });
  expect(answer.status, where).toBe(200);
  const view = bodyOf<CaseView>(answer);
  expect([view.status, view.refunded.amount], `${where}: status, refunded`).toEqual([modelCase.status, modelCase.refunded]);
  const stranger = strangerOf(model, modelCase.customer);
  if (stranger !== undefined) expect((await real.call('GET', `/cases/${modelCase.caseId}`, { token: stranger })).status, `${where}: another customer`).toBe(404);
};

/** Available units per SKU, as search shows them. */
const checkStock = async (model: ShopModel, real: RealShop): Promise<void> => {
  const answer = await real.call('GET', '/products?limit=50');
  expect(answer.status).toBe(200);
  const items = bodyOf<{ items: readonly { productId: string; stock: number }[] }>(answer).items;
  for (const sku of model.stock) {
    const { available } = stockOf(model, sku.sku);
    expect(available, `${sku.sku}: available units never negative`).toBeGreaterThanOrEqual(0);
    expect(items.find((item) => item.productId === sku.productId)?.stock, `${sku.sku}: available units`).toBe(available);
  }
};

const checkCustomer = async (model: ShopModel, real: RealShop, index: number): Promise<void> => {
  const customer = model.customers[index];
  if (customer === undefined || customer.closed) return;
  const where = `customer ${index}`;
  const cart = bodyOf<CartView>(await real.call('GET', '/me/cart', { token: customer.token }));
  expect(
    cart.lines.map((l) => [l.sku, l.quantity]),
    `${where}: cart lines`,
  ).toEqual([...customer.cart]);
  const totals = cartTotals(model, customer);
  expect([cart.totals.subtotal.amount, cart.totals.discount.amount, cart.totals.total.amount], `${where}: cart totals`).toEqual([totals.subtotal, totals.discount, totals.total]);

  const count = bodyOf<{ unread: number }>(await real.call('GET', '/me/notifications/unread-count', { token: customer.token })).unread;
  const listed = bodyOf<{ items: readonly { readAt: string | null }[] }>(await real.call('GET', '/me/notifications?unread=true&limit=100', { token: customer.token })).items;
  expect(count, `${where}: the badge counts the unread notifications listed`).toBe(listed.length);
  expect(count, `${where}: only marking read lowers the unread count`).toBeGreaterThanOrEqual(customer.unreadSeen);
  expect(listed.every((item) => item.readAt === null), `${where}: ?unread=true lists unread ones only`).toBe(true);
  customer.unreadSeen = count;
};

/** After every command, through the API: what the command touched, and stock, which every command may move. */
export const checkInvariants = async (model: ShopModel, real: RealShop): Promise<void> => {
  for (const order of model.orders) if (model.touched.orders.has(order.orderId)) await checkOrder(model, real, order);
  for (const modelCase of model.cases) if (model.touched.cases.has(modelCase.caseId)) await checkCase(model, real, modelCase);
  for (const index of model.touched.customers) await checkCustomer(model, real, index);
  await checkStock(model, real);
  expect(real.api.clock.now().getTime(), "the shop's clock").toBe(model.now);
};
