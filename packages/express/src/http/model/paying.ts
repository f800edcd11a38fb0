import fc from 'fast-check';
import { expect } from 'vitest';
import type { RealShop } from './realShop.js';
import { expectStatus, idempotencyKey } from './realShop.js';
import { aims, cancel, target, touch } from './shopModel.js';
import type { ModelAttempt, ModelOrder, ShopModel } from './shopModel.js';
import { Step, expectClosed, expectNotFound, intruderOf, rarely } from './step.js';

const METHODS = ['alipay', 'wechat_pay', 'unionpay', 'card'] as const;
const BEFORE_SHIPMENT = new Set(['awaiting_payment', 'paid', 'on_risk_hold']);

const awaiting = (order: ModelOrder): boolean => order.status === 'awaiting_payment';
const open = (x: { order: ModelOrder; attempt: ModelAttempt }): boolean => x.attempt.status === 'action_required' && x.order.status !== 'cancelled';
/** Orders a cancellation is tried on: those not shipped yet, and paid ones whose waybill is booked (refused). */
const beforeShipment = (order: ModelOrder): boolean => BEFORE_SHIPMENT.has(order.status);
const paid = (order: ModelOrder): boolean => order.status === 'paid' && order.shipments.length === 0;
const held = (order: ModelOrder): boolean => order.status === 'on_risk_hold';
/** Attempts the customer can act on in the sandbox: every one (paid and declined ones answer 409). */
const playable = (model: ShopModel): { order: ModelOrder; attempt: ModelAttempt }[] =>
  model.orders.flatMap((order) => order.attempts.map((attempt) => ({ order, attempt })));

/**
 * Money arrived for the order. The first capture pays it, then the risk policy scores it: the model does not
 * compute the score, it reads the policy's decision (getOrderRisk) and expects the order to follow it. Any later
 * capture is a double payment (or money for a cancelled order) and goes back in full, outside the order's ledger.
 */
const captured = async (model: ShopModel, real: RealShop, order: ModelOrder): Promise<void> => {
  order.captured += order.total;
  if (order.status !== 'awaiting_payment') {
    order.paymentRefunded += order.total;
    return;
  }
  order.status = 'paid';
  order.paidEver = true;
  order.paid = order.total;
  await real.settle();
  const risk = await real.call('GET', `/orders/${order.orderId}/risk`, { token: real.admin.token });
  expectStatus(risk, 200);
  const { decision } = risk.body as { decision: 'approve' | 'hold' | 'reject' };
  if (decision === 'hold') order.status = 'on_risk_hold';
  if (decision === 'reject') cancel(order);
};

export const startPayment = fc.record({ o: fc.nat(), method: fc.constantFrom(...METHODS), intruder: fc.nat(), byIntruder: rarely }).map(
  ({ o, method, intruder, byIntruder }) =>
    new Step(`startPayment(order ${o}, ${method}${byIntruder ? ', by another customer' : ''})`, (model) => aims(model.orders, awaiting, o), async (model, real) => {
      const order = target(model.orders, awaiting, o);
      const owner = order === undefined ? undefined : model.customers[order.customer];
      if (order === undefined || owner === undefined) return;
      const caller = byIntruder ? intruderOf(model, order.customer, intruder) : owner;
      if (caller === undefined) return;
      const body = { method, ...(method === 'card' ? { card: { token: 'tok_model_visa', brand: 'visa', last4: '4242' } } : {}) };
      const answer = await real.call('POST', `/orders/${order.orderId}/payments`, { token: caller.token, body, headers: idempotencyKey() });
      if (caller.closed) return expectClosed(answer);
      if (caller !== owner) return expectNotFound(answer);
      if (order.status !== 'awaiting_payment') return expectStatus(answer, 422, 'OrderNotPayable');
      expectStatus(answer, 201);
      const started = answer.body as { attemptId: string; providerReference: string; nextAction: { kind: string }; outcome?: { kind: string } };
      touch(model, { order: order.orderId });
      if (method === 'card') {
        // The card sandbox captures at once.
        expect(started.outcome?.kind).toBe('captured');
        order.attempts.push({ attemptId: started.attemptId, providerReference: started.providerReference, method, status: 'captured' });
        await captured(model, real, order);
        return;
      }
      expect(started.nextAction.kind).not.toBe('none');
      order.attempts.push({ attemptId: started.attemptId, providerReference: started.providerReference, method, status: 'action_required' });
    }),
);

/**
 * What the customer does on the provider's page: pay, be declined, or walk away (no notification comes and the
 * payment stays open: the customer may still pay, late). A payment voided by a cancellation can still be paid on
 * the page; the money then goes back.
 */
export const sandboxAct = fc.record({ a: fc.nat(), act: fc.constantFrom('complete', 'complete', 'complete', 'decline', 'time-out') }).map(
  ({ a, act }) =>
    new Step(`sandbox ${act}(attempt ${a})`, (model) => aims(playable(model), open, a), async (model, real) => {
      const found = target(playable(model), open, a);
      if (found === undefined) return;
      const { order, attempt } = found;
      const answer = await real.call('POST', `/sandbox/payments/${attempt.providerReference}/${act}`, { token: real.admin.token, ...(act === 'decline' ? { body: {} } : {}) });
      touch(model, { order: order.orderId });
      // Paid, or declined by the issuer: final at the provider, whatever the customer does next.
      if (attempt.status === 'captured' || attempt.status === 'declined') {
        expectStatus(answer, 409, 'SandboxPaymentSettled');
        expect((answer.body as { paymentStatus: string }).paymentStatus).toBe(attempt.status);
        return;
      }
      expectStatus(answer, 200);
      if (act === 'decline') attempt.status = 'declined';
      if (act === 'complete') {
        attempt.status = 'captured';
        await captured(model, real, order);
      }
    }),
);

export const cancelOrder = fc.record({ o: fc.nat(), by: fc.constantFrom('customer', 'customer', 'customer', 'admin', 'intruder'), intruder: fc.nat() }).map(
  ({ o, by, intruder }) =>
    new Step(`cancelOrder(order ${o}, by ${by})`, (model) => aims(model.orders, beforeShipment, o), async (model, real) => {
      const order = target(model.orders, beforeShipment, o);
      const owner = order === undefined ? undefined : model.customers[order.customer];
      if (order === undefined || owner === undefined) return;
      const caller = by === 'admin' ? real.admin : by === 'customer' ? owner : intruderOf(model, order.customer, intruder);
      if (caller === undefined) return;
      const answer = await real.call('POST', `/orders/${order.orderId}/cancel`, { token: caller.token, body: {} });
      if (caller === owner && owner.closed) return expectClosed(answer);
      if (by === 'intruder') return expectNotFound(answer);
      touch(model, { order: order.orderId });
      // A booked waybill takes the order's lines: it cannot be cancelled until the shipment is called off.
      if (!BEFORE_SHIPMENT.has(order.status) || order.shipments.length > 0) return expectStatus(answer, 422, 'InvalidOrderTransition');
      expectStatus(answer, 200);
      expect((answer.body as { status: string }).status).toBe('cancelled');
      cancel(order);
    }),
);

/** The risk team holds a paid order (the SDK's `risk.hold`: no HTTP route puts an order on hold). */
export const riskHold = fc.nat().map(
  (o) =>
    new Step(`riskHold(order ${o})`, (model) => model.orders.some(paid), async (model, real) => {
      const order = target(model.orders.filter(paid), paid, o);
      if (order === undefined) return;
      const held = await real.api.shop.risk.hold(order.orderId, { reason: 'model: card seen on other accounts', decidedBy: { kind: 'staff', staffId: real.admin.userId } });
      expect(held._tag).toBe('Right');
      order.status = 'on_risk_hold';
      touch(model, { order: order.orderId });
    }),
);

export const decideRisk = fc.record({ o: fc.nat(), decision: fc.constantFrom('release', 'reject') }).map(
  ({ o, decision }) =>
    new Step(`decideRisk(order ${o}, ${decision})`, (model) => aims(model.orders, held, o), async (model, real) => {
      const order = target(model.orders, held, o);
      if (order === undefined) return;
      const body = decision === 'release' ? { decision, note: 'model: checked with the customer' } : { decision, reason: 'model: card reported stolen' };
      const answer = await real.call('POST', `/risk/reviews/${order.orderId}/decision`, { token: real.admin.token, body });
      touch(model, { order: order.orderId });
      if (order.status !== 'on_risk_hold') return expectStatus(answer, 422, 'OrderNotOnRiskHold');
      expectStatus(answer, 200);
      if (decision === 'release') order.status = 'paid';
      else cancel(order);
    }),
);
