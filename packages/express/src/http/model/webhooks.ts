import fc from 'fast-check';
import { expect } from 'vitest';
import { signNotification } from '@shopstream/commerce/payment';
import type { PaymentMethod } from '@shopstream/commerce/payment';
import { SANDBOX_SECRET, expectStatus } from './realShop.js';
import { aims, target, touch } from './shopModel.js';
import type { ModelOrder, ShopModel } from './shopModel.js';
import { Step } from './step.js';

/**
 * Providers and carriers deliver again what they already sent, as they do: over HTTP to the webhooks, signed. A
 * redelivery changes nothing; a signature that does not match is 401 and changes nothing either.
 */
const notified = (order: ModelOrder): boolean => order.attempts.some((a) => a.status !== 'action_required');
const booked = (order: ModelOrder): boolean => order.shipments.length > 0;
const tamper = (signature: string): string => `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`;

export const redeliverPaymentNotification = fc.record({ o: fc.nat(), forged: fc.boolean() }).map(
  ({ o, forged }) =>
    new Step(`redeliverPaymentNotification(order ${o}${forged ? ', forged' : ''})`, (model: ShopModel) => aims(model.orders, notified, o), async (model, real) => {
      const order = target(model.orders, notified, o);
      const attempt = order?.attempts.find((a) => a.status !== 'action_required');
      if (order === undefined || attempt === undefined) return;
      const method = attempt.method as PaymentMethod;
      const sent = real.api.shop.sandbox?.payments.provider(method).control.transaction(attempt.providerReference)?.sent.at(-1);
      if (sent === undefined) return;
      const signed = signNotification(SANDBOX_SECRET, sent, real.api.clock.now());
      const headers = forged ? { ...signed.headers, 'x-sandbox-signature': tamper(signed.headers['x-sandbox-signature'] ?? '') } : signed.headers;
      const answer = await real.call('POST', `/webhooks/payments/${method}`, { raw: signed.rawBody, headers });
      touch(model, { order: order.orderId });
      if (forged) return expectStatus(answer, 401);
      expectStatus(answer, 200);
      expect(answer.body, 'a notification handled before changes nothing').toMatchObject({ received: true, changed: false });
    }),
);

export const redeliverTracking = fc.record({ o: fc.nat(), forged: fc.boolean() }).map(
  ({ o, forged }) =>
    new Step(`redeliverTracking(order ${o}${forged ? ', forged' : ''})`, (model: ShopModel) => model.orders.some(booked), async (model, real) => {
      const order = target(model.orders.filter(booked), booked, o);
      const shipment = order?.shipments[0];
      if (order === undefined || shipment === undefined) return;
      const pushes = real.api.shop.sandbox?.carrier.control.redeliver(shipment.waybillNumber) ?? [];
      for (const push of pushes) {
        const signature = forged ? tamper(push.signature) : push.signature;
        const answer = await real.call('POST', '/webhooks/carrier', { raw: push.body, headers: { 'content-type': 'application/json', 'x-carrier-timestamp': push.timestamp, 'x-carrier-signature': signature } });
        expectStatus(answer, forged ? 401 : 200);
      }
      touch(model, { order: order.orderId });
    }),
);
