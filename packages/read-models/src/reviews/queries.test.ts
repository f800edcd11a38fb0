import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModelHarness } from '../testing/harness.js';
import type { ReadModelHarness } from '../testing/harness.js';
import { reviewsProjections, reviewsQueries } from './index.js';
import type { ReviewsQueries } from './index.js';
import { at, envelope, erased, hidden, step, streamOf, written } from './testing/histories.js';

let harness: ReadModelHarness;
let queries: ReviewsQueries;

const right = <L, R>(either: E.Either<L, R>): R => {
  if (E.isLeft(either)) throw new Error(`expected a right, got ${JSON.stringify(either.left)}`);
  return either.right;
};

beforeAll(async () => {
  harness = await readModelHarness(reviewsProjections);
  await harness.append(step(streamOf(1), [written(1, { productId: 'p-1', authorId: 'a-1', rating: 5 }, at(1))], at(1)));
  await harness.append(step(streamOf(2), [written(2, { productId: 'p-1', authorId: 'a-2', rating: 4, anonymous: true }, at(2))], at(2)));
  await harness.append(step(streamOf(3), [written(3, { productId: 'p-1', authorId: 'a-3', rating: 1 }, at(3))], at(3)));
  await harness.append(step(streamOf(4), [written(4, { productId: 'p-1', authorId: 'a-1', rating: 4 }, at(4))], at(4)));
  await harness.append(step(streamOf(5), [written(5, { productId: 'p-2', authorId: 'a-1', rating: 3 }, at(5))], at(5)));
  await harness.append(step(streamOf(3), [hidden(3, at(6))], at(6)));
  queries = reviewsQueries(harness.runtime);
});
afterAll(() => harness.stop());

describe('reviews queries', () => {
  it('lists a product’s published reviews newest first, naming only authors who did not ask to stay anonymous', async () => {
    const page = right(await queries.productReviews('p-1'));
    expect(page.items.map((r) => [r.reviewId, r.authorId])).toEqual([
      ['r-4', 'a-1'],
      ['r-2', null],
      ['r-1', 'a-1'],
    ]);
    expect(page.nextCursor).toBeNull();
    expect(page.items[0]).toEqual({ reviewId: 'r-4', productId: 'p-1', authorId: 'a-1', rating: 4, words: { kind: 'sealed', sealed: envelope('a-1', 4) }, writtenAt: at(4), followUp: null, reply: null, helpful: 0 });
  });

  it('pages with an opaque cursor that a review written meanwhile does not shift', async () => {
    const first = right(await queries.productReviews('p-1', { limit: 2 }));
    expect(first.items.map((r) => r.reviewId)).toEqual(['r-4', 'r-2']);
    await harness.append(step(streamOf(6), [written(6, { productId: 'p-1', authorId: 'a-2', rating: 2 }, at(7))], at(7)));
    const second = right(await queries.productReviews('p-1', { limit: 2, after: first.nextCursor }));
    expect(second.items.map((r) => r.reviewId)).toEqual(['r-1']);
    expect(second.nextCursor).toBeNull();
    expect(await queries.productReviews('p-1', { after: 'not-a-cursor' })).toEqual(E.left({ _tag: 'InvalidCursor' }));
  });

  it('summarises the published ratings, and says nothing of a product without any', async () => {
    expect(await queries.ratingSummary('p-2')).toEqual({ productId: 'p-2', count: 1, average: 3, distribution: { '1': 0, '2': 0, '3': 1, '4': 0, '5': 0 } });
    expect(await queries.ratingSummary('p-9')).toEqual({ productId: 'p-9', count: 0, average: null, distribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 } });
  });

  it('lists every review one author wrote, hidden and on any product, oldest first, and nobody else\'s', async () => {
    expect((await queries.writtenBy('a-1')).map((r) => [r.reviewId, r.productId, r.status])).toEqual([
      ['r-1', 'p-1', 'published'],
      ['r-4', 'p-1', 'published'],
      ['r-5', 'p-2', 'published'],
    ]);
    expect((await queries.writtenBy('a-3')).map((r) => [r.reviewId, r.status])).toEqual([['r-3', 'hidden']]);
    expect((await queries.writtenBy('a-2')).map((r) => [r.reviewId, r.anonymous])).toEqual([
      ['r-2', true],
      ['r-6', false],
    ]);
    expect(await queries.writtenBy('nobody')).toEqual([]);
  });

  it('stops naming an author once their personal data is erased, and hands out none of their words', async () => {
    await harness.append(step('user-a-1', [erased(at(8))], at(8)));
    const page = right(await queries.productReviews('p-1'));
    expect(page.items.map((r) => r.authorId)).toEqual(['a-2', null, null, null]);
    expect(page.items.map((r) => [r.reviewId, r.rating, r.words === null])).toEqual([
      ['r-6', 2, false],
      ['r-4', 4, true],
      ['r-2', 4, false],
      ['r-1', 5, true],
    ]);
  });
});
