import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoryOutbox } from './notifier.js';
import type { Notification } from './notifier.js';

const notification = fc.record({
  to: fc.constantFrom('a@example.com', 'b@example.com', 'c@example.com', '+8613800000001', '+8613800000002'),
  channel: fc.constantFrom('email' as const, 'sms' as const),
  template: fc.constantFrom('verify-contact', 'reset-password'),
  params: fc.record({ code: fc.stringMatching(/^\d{6}$/) }),
});

/** What a bounded outbox must answer: the latest `limit` notifications, and each of the latest `limit` addresses' last. */
const model = (all: readonly Notification[], limit: number) => {
  const recent: string[] = [];
  for (const n of all) {
    const at = recent.indexOf(n.to);
    if (at >= 0) recent.splice(at, 1);
    recent.push(n.to);
  }
  const kept = new Set(recent.slice(-limit));
  return {
    sent: all.slice(-limit),
    lastTo: (to: string) => (kept.has(to) ? all.filter((n) => n.to === to).at(-1) : undefined),
  };
};

describe('memoryOutbox', () => {
  it('keeps the latest notifications and each recent address\'s last one, however many are sent', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(notification, { maxLength: 60 }), fc.integer({ min: 1, max: 8 }), async (all, limit) => {
        const outbox = memoryOutbox({ limit });
        for (const n of all) await outbox.send(n);
        const expected = model(all, limit);
        expect(outbox.sent).toEqual(expected.sent);
        for (const to of new Set(all.map((n) => n.to))) expect(outbox.lastTo(to)).toBe(expected.lastTo(to));
      }),
    );
  });

  it('forgets everything on clear and keeps working after it', async () => {
    const outbox = memoryOutbox({ limit: 2 });
    for (const code of ['1', '2', '3']) await outbox.send({ to: 'a@example.com', channel: 'email', template: 'verify-contact', params: { code } });
    outbox.clear();
    expect(outbox.sent).toEqual([]);
    expect(outbox.lastTo('a@example.com')).toBeUndefined();
    await outbox.send({ to: 'b@example.com', channel: 'sms', template: 'reset-password', params: { code: '4' } });
    expect(outbox.sent.map((n) => n.params['code'])).toEqual(['4']);
  });

  it('refuses a limit below one', () => {
    expect(() => memoryOutbox({ limit: 0 })).toThrow(RangeError);
    expect(() => memoryOutbox({ limit: 1.5 })).toThrow(RangeError);
  });
});
