import { afterEach, describe, expect, it } from 'vitest';
import { readModelHarness } from '../testing/harness.js';
import type { ReadModelHarness } from '../testing/harness.js';
import type { RatingSummaryDocument, ReviewDocument } from './documents.js';
import { reviewsProjections } from './index.js';
import { at, envelope, erased, followedUp, followedUpV1, hidden, replied, replyEdited, restored, step, streamOf, voted, withdrawn, wordsOf, written, writtenV1 } from './testing/histories.js';

let harness: ReadModelHarness;
afterEach(() => harness.stop());

const review = (id: string) => harness.runtime.collection<ReviewDocument>('reviews', 'reviews').get(id);
const summary = (productId: string) => harness.runtime.collection<RatingSummaryDocument>('reviews', 'summaries').get(productId);

describe('reviews projection', () => {
  it('holds a written review with its sealed words, follow-up, reply and helpful voters', async () => {
    harness = await readModelHarness(reviewsProjections);
    await harness.append(step(streamOf(1), [written(1, { productId: 'p-1', authorId: 'a-1', rating: 4 }, at(0))], at(0)));
    await harness.append(step(streamOf(1), [followedUp(1, 'a-1', at(5)), replied(1, at(6)), replyEdited(1, at(7)), voted(1, 'a-2', at(8)), voted(1, 'a-3', at(8)), withdrawn(1, 'a-2', at(9))], at(9)));
    expect(await review('r-1')).toEqual({
      _id: 'r-1',
      stream: streamOf(1),
      status: 'published',
      reviewId: 'r-1',
      orderId: 'o-1',
      lineId: 'l-1',
      productId: 'p-1',
      authorId: 'a-1',
      anonymous: false,
      authorErased: false,
      rating: 4,
      words: { kind: 'sealed', sealed: envelope('a-1', 1) },
      writtenAt: at(0),
      followUp: { words: { kind: 'sealed', sealed: envelope('a-1', 101) }, at: at(5) },
      reply: { merchantId: 'm-1', text: '非常感谢', at: at(6), editedAt: at(7) },
      helpfulVoters: ['a-3'],
      hiddenReason: null,
      updatedAt: at(9),
    });
  });

  it('counts a review in its product’s summary while it is published, out while hidden, back in when restored', async () => {
    harness = await readModelHarness(reviewsProjections);
    await harness.append(step(streamOf(1), [written(1, { productId: 'p-1', authorId: 'a-1', rating: 5 }, at(0))], at(0)));
    await harness.append(step(streamOf(2), [written(2, { productId: 'p-1', authorId: 'a-2', rating: 2 }, at(1))], at(1)));
    expect(await summary('p-1')).toMatchObject({ count: 2, ratingSum: 7, distribution: [0, 1, 0, 0, 1] });

    await harness.append(step(streamOf(1), [hidden(1, at(2))], at(2)));
    expect(await review('r-1')).toMatchObject({ status: 'hidden', hiddenReason: 'spam' });
    expect(await summary('p-1')).toMatchObject({ count: 1, ratingSum: 2, distribution: [0, 1, 0, 0, 0] });
    // A second hide (the decider would refuse it) changes nothing.
    await harness.append(step(streamOf(1), [hidden(1, at(3))], at(3)));
    expect(await summary('p-1')).toMatchObject({ count: 1, ratingSum: 2 });

    await harness.append(step(streamOf(1), [restored(1, at(4))], at(4)));
    expect(await summary('p-1')).toMatchObject({ count: 2, ratingSum: 7, distribution: [0, 1, 0, 0, 1], updatedAt: at(4) });
    expect(await summary('p-2')).toBeNull();
  });

  it('points at the words of a review written before sealing, in the log, and never copies them', async () => {
    harness = await readModelHarness(reviewsProjections);
    await harness.append(step(streamOf(1), [writtenV1(1, { productId: 'p-1', authorId: 'a-1', rating: 4 }, at(0))], at(0)));
    await harness.append(step(streamOf(1), [voted(1, 'a-2', at(1)), followedUpV1(1, 'a-1', at(2))], at(2)));
    expect(await review('r-1')).toMatchObject({
      words: { kind: 'legacy', stream: streamOf(1), revision: 0 },
      followUp: { words: { kind: 'legacy', stream: streamOf(1), revision: 2 }, at: at(2) },
      rating: 4,
    });
    const stored = JSON.stringify(await harness.dump());
    expect(stored).not.toContain(wordsOf(1));
    expect(stored).not.toContain(wordsOf(1, true));
    expect(stored).not.toContain('img.example.com');
  });

  it('drops the words of every review of an erased author, old and new, and of a review of theirs projected after the erasure', async () => {
    harness = await readModelHarness(reviewsProjections);
    await harness.append(step(streamOf(1), [written(1, { productId: 'p-1', authorId: 'a-1', rating: 5 }, at(0))], at(0)));
    await harness.append(step(streamOf(2), [written(2, { productId: 'p-2', authorId: 'a-2', rating: 3 }, at(1))], at(1)));
    await harness.append(step(streamOf(4), [writtenV1(4, { productId: 'p-2', authorId: 'a-1', rating: 2 }, at(1)), followedUp(4, 'a-1', at(1))], at(1)));
    await harness.append(step('user-a-1', [erased(at(2))], at(2)));
    await harness.append(step(streamOf(3), [written(3, { productId: 'p-1', authorId: 'a-1', rating: 1 }, at(3))], at(3)));
    await harness.append(step(streamOf(5), [writtenV1(5, { productId: 'p-1', authorId: 'a-1', rating: 3 }, at(4)), followedUpV1(5, 'a-1', at(4))], at(4)));
    expect(await review('r-1')).toMatchObject({ authorErased: true, words: null, updatedAt: at(2) });
    expect(await review('r-2')).toMatchObject({ authorErased: false, words: { kind: 'sealed', sealed: envelope('a-2', 2) } });
    expect(await review('r-3')).toMatchObject({ authorErased: true, words: null });
    expect(await review('r-4')).toMatchObject({ authorErased: true, words: null, followUp: { words: null, at: at(1) } });
    expect(await review('r-5')).toMatchObject({ authorErased: true, words: null, followUp: { words: null, at: at(4) } });
    const stored = JSON.stringify(await harness.dump());
    for (const k of [1, 3, 104]) expect(stored).not.toContain(envelope('a-1', k).data);
    expect(stored).toContain(envelope('a-2', 2).data);
    // The rating still counts: erasure forgets who, not what was said of the product.
    expect(await summary('p-1')).toMatchObject({ count: 3, ratingSum: 9 });
    expect(await summary('p-2')).toMatchObject({ count: 2, ratingSum: 5 });
  });

  it('ignores news of a review never written, and another line’s stream claiming a written review’s id', async () => {
    harness = await readModelHarness(reviewsProjections);
    await harness.append(step(streamOf(9), [hidden(9, at(0)), voted(9, 'a-1', at(0))], at(0)));
    expect(await harness.runtime.collection('reviews', 'reviews').count({})).toBe(0);

    await harness.append(step(streamOf(1), [written(1, { productId: 'p-1', authorId: 'a-1', rating: 5 }, at(1))], at(1)));
    await harness.append(step(streamOf(1, true), [written(1, { productId: 'p-2', authorId: 'a-2', rating: 1 }, at(2)), hidden(1, at(2))], at(2)));
    expect(await review('r-1')).toMatchObject({ stream: streamOf(1), productId: 'p-1', status: 'published' });
    expect(await summary('p-1')).toMatchObject({ count: 1 });
    expect(await summary('p-2')).toBeNull();
  });
});
