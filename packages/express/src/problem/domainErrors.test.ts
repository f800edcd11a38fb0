import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { domainProblem } from './domainErrors.js';

const statuses = { OrderNotOnRiskHold: 409, CartClosed: 409, Odd: 422 } as const;

describe('domainProblem', () => {
  it("keeps a domain error's own status apart from the HTTP status, named after what the error is about", () => {
    const notHeld = { _tag: 'OrderNotOnRiskHold', orderId: 'o-1', status: 'paid' } as const;
    expect(domainProblem(statuses, notHeld)).toMatchObject({ status: 409, code: 'OrderNotOnRiskHold', orderId: 'o-1', orderStatus: 'paid' });
    const closed = { _tag: 'CartClosed', cartId: 'c-1', status: 'checkedOut' } as const;
    expect(domainProblem(statuses, closed)).toMatchObject({ status: 409, cartStatus: 'checkedOut' });
    const odd = { _tag: 'Odd', title: 'x', status: 'y' } as const;
    expect(domainProblem(statuses, odd)).toMatchObject({ status: 422, title: 'Unprocessable Content', domainTitle: 'x', domainStatus: 'y' });
  });

  it('never lets a domain field replace a problem member, and keeps every other field (property)', () => {
    const member = fc.constantFrom('type', 'title', 'status', 'detail', 'instance');
    const plain = fc.string({ minLength: 1, maxLength: 8 }).filter((key) => /^[a-z]+$/.test(key) && !['type', 'title', 'status', 'detail', 'instance', 'code', 'token', 'secret', 'stack', 'cause', 'password'].includes(key));
    fc.assert(
      fc.property(fc.dictionary(fc.oneof(member, plain), fc.string()), (fields) => {
        const error = { ...fields, _tag: 'Odd' } as const;
        const body = domainProblem(statuses, error);
        expect(body.status).toBe(422);
        expect(body.type).toMatch(/Odd$/);
        for (const [key, value] of Object.entries(fields)) {
          const sent = ['type', 'title', 'status', 'detail', 'instance'].includes(key) ? `domain${key.charAt(0).toUpperCase()}${key.slice(1)}` : key;
          expect((body as Record<string, unknown>)[sent]).toBe(value);
        }
      }),
    );
  });
});
