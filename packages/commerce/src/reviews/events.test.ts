import { eventRegistry, memoryEventStore, verifyStreamIntegrity } from '@shopstream/kernel';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FollowUpAdded, ReviewWritten, reviewEvents } from './events.js';

const registry = eventRegistry(reviewEvents);
const sealed = { v: 1, subject: 'c-1', keyId: 'key-1', iv: 'AAAAAAAAAAAAAAAA', data: 'AAAA', tag: 'AAAAAAAAAAAAAAAAAAAAAA==' } as const;

/** A ReviewWritten payload as version 1 stored it: text and images in clear. */
const v1Written = fc.record({
  reviewId: fc.constantFrom('r-1', 'r-2'),
  orderId: fc.constant('o-1'),
  lineId: fc.constant('l-1'),
  productId: fc.constant('p-1'),
  authorId: fc.constantFrom('c-1', 'c-2'),
  anonymous: fc.boolean(),
  rating: fc.integer({ min: 1, max: 5 }),
  text: fc.string({ maxLength: 50 }),
  images: fc.array(fc.webUrl({ validSchemes: ['https'] }), { maxLength: 3 }),
  writtenAt: fc.constant('2025-06-01T00:00:00.000Z'),
});

describe('review events, version 2', () => {
  it('are at version 2, with the words sealed', () => {
    expect(ReviewWritten.version).toBe(2);
    expect(FollowUpAdded.version).toBe(2);
    const data = { reviewId: 'r-1', orderId: 'o-1', lineId: 'l-1', productId: 'p-1', authorId: 'c-1', anonymous: false, rating: 5, content: sealed, writtenAt: '2026-01-01T00:00:00.000Z' };
    expect(registry.validate('ReviewWritten', data)).toMatchObject({ ok: true, schemaVersion: 2 });
    expect(registry.validate('ReviewWritten', { ...data, content: undefined, text: 'clear' })).toMatchObject({ ok: false });
  });

  it('read any version-1 payload on as its words in clear, unchanged, and still accept it at version 1', () => {
    fc.assert(
      fc.property(v1Written, (v1) => {
        const { text, images, ...rest } = v1;
        expect(registry.upcast('ReviewWritten', 1, v1)).toEqual({ schemaVersion: 2, data: { ...rest, content: { clear: { text, images } } } });
        expect(registry.validate('ReviewWritten', v1, 1)).toMatchObject({ ok: true, schemaVersion: 1 });
        const followUp = { reviewId: v1.reviewId, authorId: v1.authorId, text, images, at: v1.writtenAt };
        expect(registry.upcast('FollowUpAdded', 1, followUp).data).toEqual({ reviewId: v1.reviewId, authorId: v1.authorId, content: { clear: { text, images } }, at: v1.writtenAt });
      }),
      { numRuns: 100 },
    );
  });

  it('keep a log holding both versions verifiable: stored as written, read upcast', async () => {
    const store = memoryEventStore({ registry });
    const old = { reviewId: 'r-1', orderId: 'o-1', lineId: 'l-1', productId: 'p-1', authorId: 'c-1', anonymous: false, rating: 4, text: '旧评论', images: [], writtenAt: '2025-06-01T00:00:00.000Z' };
    await store.append('review-o-1-l-1', [{ type: 'ReviewWritten', data: old, schemaVersion: 1 }], { expectedRevision: 'no_stream' });
    await store.append('review-o-1-l-1', [{ type: 'FollowUpAdded', data: { reviewId: 'r-1', authorId: 'c-1', content: sealed, at: '2026-01-01T00:00:00.000Z' } }]);
    const [written, followUp] = await store.readStream('review-o-1-l-1');
    expect(written).toMatchObject({ schemaVersion: 2, data: { content: { clear: { text: '旧评论', images: [] } } } });
    expect(followUp).toMatchObject({ schemaVersion: 2, data: { content: sealed } });
    expect((await store.readStream('review-o-1-l-1', { raw: true }))[0]).toMatchObject({ schemaVersion: 1, data: old });
    expect(verifyStreamIntegrity(await store.readStream('review-o-1-l-1', { raw: true }))).toEqual([]);
  });
});
