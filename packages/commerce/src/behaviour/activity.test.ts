import { deciderSpecification } from '@shopstream/kernel/testing';
import { describe, expect, it } from 'vitest';
import { activity, activityDecider, defaultActivityPolicy, normaliseQuery } from './activity.js';
import type { ActivityEvent, Subject } from './events.js';
import { activityStream } from './streams.js';

const spec = deciderSpecification(activity);
const customer: Subject = { kind: 'customer', id: 'c-1' };
const guest: Subject = { kind: 'session', id: 'sess-1' };
const day = '2026-01-01';
const t = (seconds: number) => new Date(Date.parse('2026-01-01T08:00:00.000Z') + seconds * 1000);
const viewed = (productId: string, seconds: number, subject: Subject = customer): ActivityEvent => ({
  type: 'ProductViewed',
  data: { subject, productId, source: 'search', at: t(seconds).toISOString() },
});
const view = { type: 'RecordProductView' as const, subject: customer, day, productId: 'p-1', source: 'search' as const };
const search = { type: 'RecordSearch' as const, subject: customer, day, query: '  西湖 龙井 ', resultCount: 42, page: 1 };
const searched = (seconds: number): ActivityEvent => ({
  type: 'ProductsSearched',
  data: { subject: customer, query: '西湖 龙井', normalisedQuery: '西湖 龙井', resultCount: 42, page: 1, at: t(seconds).toISOString() },
});

describe('daily activity streams', () => {
  it('are named per subject and UTC day', () => {
    expect(activityStream(customer, day)).toBe('behaviour-customer_c-1-2026-01-01');
    expect(activityStream(guest, day)).toBe('behaviour-session_sess-1-2026-01-01');
  });
});

describe('RecordProductView', () => {
  it('records a view', () => {
    spec.given([]).when(view, { now: t(0) }).then([viewed('p-1', 0)]);
  });

  it('treats a view of the same product within 30 seconds as a refresh', () => {
    spec.given([viewed('p-1', 0)]).when(view, { now: t(29) }).then([]);
  });

  it('records the same product again after the window, and another product at once', () => {
    spec.given([viewed('p-1', 0)]).when(view, { now: t(30) }).then([viewed('p-1', 30)]);
    spec.given([viewed('p-1', 0)]).when({ ...view, productId: 'p-2' }, { now: t(1) }).then([viewed('p-2', 1)]);
  });

  it('refuses a command for another day’s stream', () => {
    spec.given([]).when({ ...view, day: '2025-12-31' }, { now: t(0) }).then({ _tag: 'WrongDay', streamDay: '2025-12-31', today: day });
  });

  it('refuses another subject on this stream', () => {
    spec.given([viewed('p-1', 0)]).when({ ...view, subject: guest }, { now: t(60) }).then({ _tag: 'SubjectMismatch', expected: customer, received: guest });
  });

  it('refuses beyond the daily limit', () => {
    const small = deciderSpecification(activityDecider({ ...defaultActivityPolicy, maxEventsPerDay: 2 }));
    small.given([viewed('p-1', 0), viewed('p-2', 1)]).when({ ...view, productId: 'p-3' }, { now: t(2) }).then({ _tag: 'DailyLimitReached', limit: 2 });
  });
});

describe('RecordSearch', () => {
  it('records a search with its normalised query', () => {
    spec.given([]).when(search, { now: t(0) }).then([searched(0)]);
  });

  it('folds width and case so reports group queries', () => {
    expect(normaliseQuery(' ＴＥＡ   Set ')).toBe('tea set');
  });

  it('treats the same search within five seconds as a double submit, but not the next page', () => {
    spec.given([searched(0)]).when({ ...search, query: '西湖  龙井' }, { now: t(4) }).then([]);
    const next = spec.given([searched(0)]).when({ ...search, page: 2 }, { now: t(4) }).decision();
    expect(next).toMatchObject({ _tag: 'Right', right: [{ type: 'ProductsSearched', data: { page: 2 } }] });
  });

  it('refuses an empty query', () => {
    spec.given([]).when({ ...search, query: '   ' }, { now: t(0) }).then({ _tag: 'EmptyQuery' });
  });

  it('refuses a negative result count or page', () => {
    spec.given([]).when({ ...search, resultCount: -1 }, { now: t(0) }).then({ _tag: 'InvalidCount', field: 'resultCount', value: -1 });
    spec.given([]).when({ ...search, page: 0 }, { now: t(0) }).then({ _tag: 'InvalidCount', field: 'page', value: 0 });
  });

  it('refuses a command for another day’s stream', () => {
    spec.given([]).when({ ...search, day: '2026-01-02' }, { now: t(0) }).thenFails('WrongDay');
  });
});

describe('RecordCartView', () => {
  const command = { type: 'RecordCartView' as const, subject: guest, day, itemCount: 3 };
  const cartViewed = (seconds: number): ActivityEvent => ({ type: 'CartViewed', data: { subject: guest, itemCount: 3, at: t(seconds).toISOString() } });

  it('records a cart view, once per 30 seconds', () => {
    spec.given([]).when(command, { now: t(0) }).then([cartViewed(0)]);
    spec.given([cartViewed(0)]).when(command, { now: t(10) }).then([]);
  });

  it('refuses a negative item count', () => {
    spec.given([]).when({ ...command, itemCount: -2 }, { now: t(0) }).then({ _tag: 'InvalidCount', field: 'itemCount', value: -2 });
  });
});

describe('IdentifySession', () => {
  const command = { type: 'IdentifySession' as const, subject: guest, day, customerId: 'c-1' };
  const identified: ActivityEvent = { type: 'SessionIdentified', data: { sessionId: 'sess-1', customerId: 'c-1', at: t(0).toISOString() } };

  it('links a guest session to the customer who signed in', () => {
    spec.given([]).when(command, { now: t(0) }).then([identified]);
  });

  it('is a no-op for the same customer again', () => {
    spec.given([identified]).when(command, { now: t(5) }).then([]);
  });

  it('refuses a different customer on the same session', () => {
    spec.given([identified]).when({ ...command, customerId: 'c-2' }, { now: t(5) }).then({ _tag: 'SessionAlreadyIdentified', sessionId: 'sess-1', customerId: 'c-1' });
  });

  it('refuses a customer subject', () => {
    spec.given([]).when({ ...command, subject: customer }, { now: t(0) }).then({ _tag: 'NotASession', subject: customer });
  });
});
