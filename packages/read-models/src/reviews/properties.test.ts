import fc from 'fast-check';
import { reviews as reviewDecider } from '@shopstream/commerce/reviews';
import type { Review, ReviewEvent } from '@shopstream/commerce/reviews';
import { fold, idOf, toEvent } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { ReadModelHarness } from '../testing/harness.js';
import { incrementalAndRebuilt, readModelHarness } from '../testing/harness.js';
import type { ReviewDocument } from './documents.js';
import { reviewsProjections, reviewsQueries } from './index.js';
import type { RatingSummary, ReviewView } from './index.js';
import { AUTHORS, PRODUCTS, at, reviewHistory, step, streamOf, written } from './testing/histories.js';

/** Every review of the history as the domain folds it, from the stream that first wrote its id, with how it was written. */
const domainReviews = async (harness: ReadModelHarness) => {
  const firstStream = new Map<string, string>();
  const anonymous = new Map<string, boolean>();
  const erased = new Set<string>();
  for (const e of await harness.eventStore.readAll()) {
    if (e.type === 'PersonalDataErased') erased.add(idOf(e.stream));
    const event = toEvent<ReviewEvent>(e);
    if (event.type === 'ReviewWritten' && !firstStream.has(event.data.reviewId)) {
      firstStream.set(event.data.reviewId, e.stream);
      anonymous.set(event.data.reviewId, event.data.anonymous);
    }
  }
  const folded: { readonly review: Review; readonly stream: string; readonly named: boolean }[] = [];
  for (const [reviewId, stream] of firstStream) {
    const state = fold(reviewDecider, (await harness.eventStore.readStream(stream)).map((e) => toEvent<ReviewEvent>(e)));
    if (state.status === 'none') throw new Error(`${reviewId} was written on ${stream}`);
    folded.push({ review: state, stream, named: anonymous.get(reviewId) === false && !erased.has(state.authorId) });
  }
  return folded;
};

/** The summary recomputed from scratch over the published reviews. */
const recomputed = (productId: string, published: readonly Review[]): RatingSummary => {
  const ratings = published.filter((r) => r.productId === productId).map((r) => r.rating);
  const count = ratings.length;
  const stars = (n: number) => ratings.filter((r) => r === n).length;
  return {
    productId,
    count,
    average: count === 0 ? null : ratings.reduce((a, b) => a + b, 0) / count,
    distribution: { '1': stars(1), '2': stars(2), '3': stars(3), '4': stars(4), '5': stars(5) },
  };
};

/** Newest first, ties by review id: the order the list promises. */
const newestFirst = (a: Review, b: Review): number => (a.writtenAt === b.writtenAt ? (a.reviewId < b.reviewId ? -1 : 1) : a.writtenAt > b.writtenAt ? -1 : 1);

const allPages = async (queries: ReturnType<typeof reviewsQueries>, productId: string, limit: number, between: () => Promise<void> = async () => undefined) => {
  const seen: ReviewView[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await queries.productReviews(productId, { limit, after });
    if (E.isLeft(page)) throw new Error(page.left._tag);
    seen.push(...page.right.items);
    if (page.right.nextCursor === null) return seen;
    after = page.right.nextCursor;
    await between();
  }
};

describe('reviews projection, properties', () => {
  it('builds the same documents incrementally as a rebuild from scratch does', async () => {
    await fc.assert(
      fc.asyncProperty(reviewHistory, async (history) => {
        const { incremental, rebuilt } = await incrementalAndRebuilt(reviewsProjections, history);
        expect(incremental).toEqual(rebuilt);
      }),
      { numRuns: 30 },
    );
  });

  it('holds each review as the aggregate folds it; the summary always equals a recount of the published reviews; hidden reviews and erased or anonymous authors never show', async () => {
    await fc.assert(
      fc.asyncProperty(reviewHistory, fc.integer({ min: 1, max: 4 }), async (history, limit) => {
        const harness = await readModelHarness(reviewsProjections);
        for (const s of history) await harness.append(s);
        const queries = reviewsQueries(harness.runtime);
        const domain = await domainReviews(harness);
        const documents = harness.runtime.collection<ReviewDocument>('reviews', 'reviews');
        for (const { review, stream } of domain) {
          const doc = await documents.get(review.reviewId);
          const { _id, stream: held, anonymous: _a, authorErased: _e, words: _w, followUp, updatedAt: _u, ...rest } = doc ?? ({} as ReviewDocument);
          expect(held).toBe(stream);
          expect({ ...rest, followUpAt: followUp?.at ?? null }).toEqual(review);
        }
        expect(await documents.count({})).toBe(domain.length);

        const published = domain.filter(({ review }) => review.status === 'published');
        for (const productId of [...PRODUCTS, 'p-none']) {
          expect(await queries.ratingSummary(productId)).toEqual(recomputed(productId, published.map((p) => p.review)));
          const expected = published.filter(({ review }) => review.productId === productId).sort((a, b) => newestFirst(a.review, b.review));
          const seen = await allPages(queries, productId, limit);
          expect(seen.map((r) => r.reviewId)).toEqual(expected.map((p) => p.review.reviewId));
          expect(seen.map((r) => r.authorId)).toEqual(expected.map((p) => (p.named ? p.review.authorId : null)));
        }
        await harness.stop();
      }),
      { numRuns: 40 },
    );
  });

  it('holds no words in clear, none at all of an erased author, sealed ones only under their author’s subject; erasure changes no rating', async () => {
    await fc.assert(
      fc.asyncProperty(reviewHistory, async (history) => {
        const harness = await readModelHarness(reviewsProjections);
        for (const s of history) await harness.append(s);
        const withoutErasures = await readModelHarness(reviewsProjections);
        for (const s of history.filter((s) => !s.stream.startsWith('user-'))) await withoutErasures.append(s);

        const erased = new Set(history.filter((s) => s.stream.startsWith('user-')).map((s) => idOf(s.stream)));
        const dump = await harness.dump();
        const stored = JSON.stringify(dump);
        expect(stored).not.toMatch(/我的评论|我的追评|img\.example\.com/);
        for (const review of await harness.runtime.collection<ReviewDocument>('reviews', 'reviews').find({})) {
          const all = [review.words, review.followUp?.words ?? null];
          if (erased.has(review.authorId)) {
            expect(review.authorErased).toBe(true);
            expect(all).toEqual([null, null]);
          } else {
            expect(review.words).not.toBeNull();
            for (const words of all) if (words?.kind === 'sealed') expect(words.sealed.subject).toBe(review.authorId);
            for (const words of all) if (words?.kind === 'legacy') expect(words.stream).toBe(review.stream);
          }
        }
        expect(dump['reviews.summaries']).toEqual((await withoutErasures.dump())['reviews.summaries']);
        const [withQueries, withoutQueries] = [reviewsQueries(harness.runtime), reviewsQueries(withoutErasures.runtime)];
        for (const productId of PRODUCTS) expect(await withQueries.ratingSummary(productId)).toEqual(await withoutQueries.ratingSummary(productId));
        await harness.stop();
        await withoutErasures.stop();
      }),
      { numRuns: 40 },
    );
  });

  it('visits every published review of a product exactly once, in order, whatever the page size, while new reviews are written between pages', async () => {
    await fc.assert(
      fc.asyncProperty(reviewHistory, fc.integer({ min: 1, max: 4 }), fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 6 }), async (history, limit, arrivals) => {
        const harness = await readModelHarness(reviewsProjections);
        for (const s of history) await harness.append(s);
        const queries = reviewsQueries(harness.runtime);
        const before = (await domainReviews(harness))
          .filter(({ review }) => review.status === 'published' && review.productId === 'p-1')
          .map(({ review }) => review)
          .sort(newestFirst);
        let next = 0;
        // A shopper pages while others write: each new review is newer than anything already listed.
        const between = async () => {
          const rating = arrivals[next];
          if (rating === undefined) return;
          const k = 100 + next;
          next += 1;
          await harness.append(step(streamOf(k), [written(k, { productId: 'p-1', authorId: AUTHORS[k % AUTHORS.length] ?? 'a-1', rating }, at(10_000 + k))], at(10_000 + k)));
        };
        const seen = await allPages(queries, 'p-1', limit, between);
        expect(seen.map((r) => r.reviewId)).toEqual(before.map((r) => r.reviewId));
        await harness.stop();
      }),
      { numRuns: 40 },
    );
  });
});
