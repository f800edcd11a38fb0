import { deciderSpecification } from '@shopstream/kernel/testing';
import { describe, expect, it } from 'vitest';
import type { MarkNotificationsRead, NotificationFacts } from './commands.js';
import { inbox, inboxStream } from './decider.js';
import type { InboxEvent } from './events.js';

const spec = deciderSpecification(inbox);
const now = new Date('2026-03-02T08:00:00.000Z');
const at = now.toISOString();

const facts = (notificationId: string, position: number, customerId: string | null = 'c-1'): NotificationFacts => ({ notificationId, customerId, position });
const mark = (scope: 'one' | 'upTo', notification: NotificationFacts | null, notificationId = notification?.notificationId ?? 'n-x'): MarkNotificationsRead => ({
  type: 'MarkNotificationsRead',
  customerId: 'c-1',
  scope,
  notificationId,
  notification,
});
const read = (notificationId: string, position: number): InboxEvent => ({ type: 'NotificationRead', data: { customerId: 'c-1', notificationId, position, at } });
const readUpTo = (notificationId: string, position: number): InboxEvent => ({
  type: 'NotificationsReadUpTo',
  data: { customerId: 'c-1', notificationId, position, at },
});

describe('MarkNotificationsRead, one', () => {
  it('records the customer reading their notification', () => {
    spec.given([]).when(mark('one', facts('n-5', 5)), { now }).then([read('n-5', 5)]);
  });

  it('records nothing for a notification already read, one by one or by a mark up to a newer one', () => {
    spec.given([read('n-5', 5)]).when(mark('one', facts('n-5', 5))).then([]);
    spec.given([readUpTo('n-9', 9)]).when(mark('one', facts('n-5', 5))).then([]);
    spec.given([readUpTo('n-9', 9)]).when(mark('one', facts('n-9', 9))).then([]);
  });

  it('still records a notification newer than the last mark up to one', () => {
    spec.given([readUpTo('n-5', 5)]).when(mark('one', facts('n-9', 9)), { now }).then([read('n-9', 9)]);
  });
});

describe('MarkNotificationsRead, upTo', () => {
  it('records the mark up to a notification', () => {
    spec.given([read('n-3', 3)]).when(mark('upTo', facts('n-7', 7)), { now }).then([readUpTo('n-7', 7)]);
  });

  it('records nothing when a mark already reached that far', () => {
    spec.given([readUpTo('n-7', 7)]).when(mark('upTo', facts('n-7', 7))).then([]);
    spec.given([readUpTo('n-7', 7)]).when(mark('upTo', facts('n-4', 4))).then([]);
  });

  it('marks up to a notification read one by one before (it covers the older ones)', () => {
    spec.given([read('n-7', 7)]).when(mark('upTo', facts('n-7', 7)), { now }).then([readUpTo('n-7', 7)]);
  });
});

describe('whose notification', () => {
  it('refuses another customer’s notification exactly as one that does not exist', () => {
    const missing = { _tag: 'NotificationNotFound', notificationId: 'n-5' } as const;
    for (const scope of ['one', 'upTo'] as const) {
      spec.given([]).when(mark(scope, facts('n-5', 5, 'c-2'))).then(missing);
      spec.given([]).when(mark(scope, null, 'n-5')).then(missing);
      // Not addressed to anyone yet (its order is not projected): nobody's to mark.
      spec.given([]).when(mark(scope, facts('n-5', 5, null))).then(missing);
    }
  });

  it('refuses facts about a different notification than the one named', () => {
    spec.given([]).when(mark('one', facts('n-6', 6), 'n-5')).then({ _tag: 'NotificationNotFound', notificationId: 'n-5' });
  });
});

describe('the inbox state', () => {
  it('forgets single marks a mark up to a newer notification covers', () => {
    const state = [read('n-2', 2), read('n-8', 8), read('n-4', 4), readUpTo('n-5', 5)].reduce(inbox.evolve, inbox.initialState());
    expect(state).toEqual({ readUpTo: 5, readAfter: [8] });
  });

  it('lives in one stream per customer', () => {
    expect(inboxStream('c-1')).toBe('inbox-c-1');
  });
});
