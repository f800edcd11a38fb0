import fc from 'fast-check';
import { expect } from 'vitest';
import { AUTO_CONFIRM_DAYS, expectStatus } from './realShop.js';
import { DAY_MS, aims, cancel, target, touch } from './shopModel.js';
import type { ModelOrder, ShopModel } from './shopModel.js';
import { Step, expectClosed, expectNotFound, intruderOf, rarely } from './step.js';

const unshipped = (order: ModelOrder): boolean => order.status === 'paid' && order.shipments.length === 0;
const delivered = (order: ModelOrder): boolean => order.status === 'delivered';
const reviewable = (order: ModelOrder): boolean => order.lines.some((line) => line.delivered && !line.reviewed);
/** Every order: a second shipOrder, even before the carrier's first scan, finds its lines taken by the booking. */
const shippable = (model: ShopModel): ModelOrder[] => model.orders;

export const shipOrder = fc.nat().map(
  (o) =>
    new Step(
      `shipOrder(order ${o})`,
      (model) => aims(shippable(model), unshipped, o),
      async (model, real) => {
        const order = target(shippable(model), unshipped, o);
        if (order === undefined) return;
        const answer = await real.call('POST', `/orders/${order.orderId}/shipments`, { token: real.admin.token, body: {} });
        touch(model, { order: order.orderId });
        if (order.status !== 'paid' || order.shipments.length > 0) return expectStatus(answer, 422, 'InvalidOrderTransition');
        expectStatus(answer, 201);
        const { shipment } = answer.body as { shipment: { shipmentId: string; waybillNumber: string; estimatedDeliveryAt: string; lines: { quantity: number }[] } };
        expect(shipment.lines.reduce((sum, l) => sum + l.quantity, 0)).toBe(order.lines.reduce((sum, l) => sum + l.quantity, 0));
        order.shipments.push({ shipmentId: shipment.shipmentId, waybillNumber: shipment.waybillNumber, estimatedDeliveryAt: Date.parse(shipment.estimatedDeliveryAt) });
      },
    ),
);

/**
 * Time passes: the sandbox carrier moves its parcels (and the shop's clock) on. Every parcel due is delivered,
 * orders past their payment deadline are cancelled, delivered orders past the receipt window are completed.
 */
export const advanceCarrier = fc.integer({ min: 1, max: 2 }).map(
  (days) =>
    new Step(`advanceCarrier(${days} days)`, () => true, async (model, real) => {
      expectStatus(await real.call('POST', '/sandbox/carrier/advance', { token: real.admin.token, body: { ms: days * DAY_MS } }), 200);
      model.now += days * DAY_MS;
      for (const order of model.orders) {
        const arrived = order.shipments.filter((s) => s.estimatedDeliveryAt <= model.now);
        if (order.status === 'paid' && arrived.length > 0 && arrived.length === order.shipments.length) {
          order.status = 'delivered';
          // Delivered when the carrier delivered the last parcel (the sandbox delivers at the estimate), however
          // late the shop hears of it: the after-sales and receipt windows count from there.
          order.deliveredAt = Math.max(...arrived.map((s) => s.estimatedDeliveryAt));
          for (const line of order.lines) line.delivered = true;
        }
        if (order.status === 'awaiting_payment' && order.paymentDueAt <= model.now) cancel(order);
        if (order.status === 'delivered' && order.deliveredAt !== null && order.deliveredAt + AUTO_CONFIRM_DAYS * DAY_MS <= model.now) order.status = 'completed';
        touch(model, { order: order.orderId });
      }
    }),
);

export const confirmReceipt = fc.record({ o: fc.nat(), byIntruder: rarely, intruder: fc.nat() }).map(
  ({ o, byIntruder, intruder }) =>
    new Step(`confirmReceipt(order ${o}${byIntruder ? ', by another customer' : ''})`, (model) => aims(model.orders, delivered, o), async (model, real) => {
      const order = target(model.orders, delivered, o);
      const owner = order === undefined ? undefined : model.customers[order.customer];
      if (order === undefined || owner === undefined) return;
      const caller = byIntruder ? intruderOf(model, order.customer, intruder) : owner;
      if (caller === undefined) return;
      const answer = await real.call('POST', `/orders/${order.orderId}/confirm-receipt`, { token: caller.token });
      if (caller.closed) return expectClosed(answer);
      if (caller !== owner) return expectNotFound(answer);
      touch(model, { order: order.orderId });
      if (order.status === 'completed') return expectStatus(answer, 200);
      if (order.status !== 'shipped' && order.status !== 'delivered') return expectStatus(answer, 422, 'InvalidOrderTransition');
      expectStatus(answer, 200);
      order.status = 'completed';
    }),
);

export const postReview = fc.record({ o: fc.nat(), l: fc.nat(), rating: fc.integer({ min: 1, max: 5 }), byIntruder: rarely, intruder: fc.nat() }).map(
  ({ o, l, rating, byIntruder, intruder }) =>
    new Step(`postReview(order ${o}, line ${l}${byIntruder ? ', by another customer' : ''})`, (model) => aims(model.orders, reviewable, o), async (model, real) => {
      const order = target(model.orders, reviewable, o);
      const line = order === undefined ? undefined : target(order.lines, (x) => x.delivered && !x.reviewed, l);
      const owner = order === undefined ? undefined : model.customers[order.customer];
      if (order === undefined || line === undefined || owner === undefined) return;
      const caller = byIntruder ? intruderOf(model, order.customer, intruder) : owner;
      if (caller === undefined) return;
      const answer = await real.call('POST', '/reviews', { token: caller.token, body: { orderId: order.orderId, lineId: line.lineId, rating, text: '好茶' } });
      if (caller.closed) return expectClosed(answer);
      if (caller !== owner) return expectNotFound(answer);
      if (line.reviewed) return expectStatus(answer, 409, 'ReviewAlreadyWritten');
      if (!line.delivered) return expectStatus(answer, 422, 'LineNotDelivered');
      expectStatus(answer, 201);
      line.reviewed = true;
    }),
);
