import fc from 'fast-check';
import { expect } from 'vitest';
import { PASSWORD, expectStatus } from './realShop.js';
import { openCustomers, touch } from './shopModel.js';
import { Step, customerAt, expectClosed, expectNotFound, intruderOf, rarely } from './step.js';

type Inbox = { readonly items: readonly { readonly notificationId: string; readonly readAt: string | null }[] };

/** "Mark all read" names the newest notification shown; someone else's notification is 404, like one that does not exist. */
export const markNotificationsRead = fc.record({ c: fc.nat(), byIntruder: rarely, intruder: fc.nat() }).map(
  ({ c, byIntruder, intruder }) =>
    new Step(`markNotificationsRead(customer ${c}${byIntruder ? ', naming another customer’s' : ''})`, (model) => model.customers.length > 0, async (model, real) => {
      const found = customerAt(model, c);
      if (found === undefined || found.customer.closed) return;
      const { customer, index } = found;
      const newest = (await real.call('GET', '/me/notifications?limit=1', { token: customer.token })).body as Inbox;
      const upTo = newest.items[0]?.notificationId;
      if (upTo === undefined) return;
      const caller = byIntruder ? intruderOf(model, index, intruder) : customer;
      if (caller === undefined) return;
      const answer = await real.call('POST', '/me/notifications/read', { token: caller.token, body: { upTo } });
      if (caller !== customer) return expectNotFound(answer);
      expectStatus(answer, 200);
      expect((answer.body as { unread: number }).unread, 'nothing older than the newest one stays unread').toBe(0);
      customer.unreadSeen = 0;
      touch(model, { customer: index });
    }),
);

/** Closing needs the password and ends every session: the customer's later calls are 401, their orders stay. */
export const closeAccount = fc.record({ c: fc.nat(), rightPassword: fc.boolean() }).map(
  ({ c, rightPassword }) =>
    new Step(`closeAccount(customer ${c}${rightPassword ? '' : ', wrong password'})`, (model) => openCustomers(model).length > 2, async (model, real) => {
      const found = customerAt(model, c);
      if (found === undefined) return;
      const { customer, index } = found;
      const answer = await real.call('POST', '/me/closure', { token: customer.token, body: { password: rightPassword ? PASSWORD : `${PASSWORD}?` } });
      if (customer.closed) return expectClosed(answer);
      if (!rightPassword) return expectStatus(answer, 403, 'CurrentPasswordIncorrect');
      expectStatus(answer, 200);
      expect(answer.body).toEqual({ userId: customer.userId, closed: true, erased: false });
      customer.closed = true;
      expectClosed(await real.call('GET', '/me', { token: customer.token }));
      for (const order of model.orders) if (order.customer === index) touch(model, { order: order.orderId });
    }),
);
