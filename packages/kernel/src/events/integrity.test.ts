import { describe, expect, it } from 'vitest';
import { memoryEventStore } from '../eventStore/memoryEventStore.js';
import { verifyStreamIntegrity } from './integrity.js';

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
