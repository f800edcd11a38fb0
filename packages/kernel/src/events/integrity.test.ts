import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { memoryEventStore } from '../eventStore/memoryEventStore.js';
import { GENESIS_HASH, eventHash, verifyStreamIntegrity } from './integrity.js';

describe('verifyStreamIntegrity', () => {
  it('finds a changed, a removed and a reordered event', async () => {
    const store = memoryEventStore();
    await store.append('order-1', [1, 2, 3, 4].map((n) => ({ type: 'N', data: { n } })));
    const events = await store.readStream('order-1', { raw: true });
    expect(verifyStreamIntegrity(events)).toEqual([]);

    const changedMetadata = events.map((e, i) => (i === 2 ? { ...e, metadata: { ...e.metadata, actor: { kind: 'staff' as const, id: 'x' } } } : e));
    expect(verifyStreamIntegrity(changedMetadata)).toEqual([expect.objectContaining({ _tag: 'HashMismatch', revision: 2 })]);

    const removed = events.filter((_, i) => i !== 1);
    expect(verifyStreamIntegrity(removed).map((f) => f._tag)).toContain('RevisionGap');
    expect(verifyStreamIntegrity(removed).map((f) => f._tag)).toContain('HashMismatch');

    const first = events[0];
    const second = events[1];
    if (!first || !second) throw new Error('expected four events');
    const swapped = [{ ...second, revision: 0 }, { ...first, revision: 1 }, ...events.slice(2)];
    expect(verifyStreamIntegrity(swapped).filter((f) => f._tag === 'HashMismatch').length).toBeGreaterThan(0);
  });
});

describe('eventHash', () => {
  it('is SHA-256 over the previous hash, a newline and the canonical JSON of the event, a format stored hashes depend on', () => {
    const event = {
      id: '3f1c2a4e-1b2c-4d5e-8f90-123456789abc',
      type: 'ItemAdded',
      schemaVersion: 1,
      stream: 'cart-1',
      revision: 0,
      occurredAt: '2026-11-25T09:00:00.000Z',
      data: { sku: '华为-1', quantity: 2, price: { currency: 'CNY', amount: 2099 }, note: undefined },
      metadata: { correlationId: 'c', causationId: null, actor: { kind: 'customer' as const, id: 'u' }, traceparent: null, tracestate: null },
    };
    const canonical =
      '{"data":{"price":{"amount":2099,"currency":"CNY"},"quantity":2,"sku":"华为-1"},"id":"3f1c2a4e-1b2c-4d5e-8f90-123456789abc",' +
      '"metadata":{"actor":{"id":"u","kind":"customer"},"causationId":null,"correlationId":"c","traceparent":null,"tracestate":null},' +
      '"occurredAt":"2026-11-25T09:00:00.000Z","revision":0,"schemaVersion":1,"stream":"cart-1","type":"ItemAdded"}';
    const expected = createHash('sha256').update(`${GENESIS_HASH}\n${canonical}`, 'utf8').digest('hex');
    expect(eventHash(GENESIS_HASH, event)).toBe(expected);
  });
});
