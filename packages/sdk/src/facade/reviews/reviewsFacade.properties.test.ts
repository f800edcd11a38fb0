import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { reviewStream } from '@shopstream/commerce/reviews';
import type { Shop } from '../shop.js';
import { right, testShop } from '../../shop/testing.js';
import type { ProductReviewsPage, PublicReview } from './api.js';
import { buyer, teaOnSale } from './testing.js';

const BUYERS = 3;
const who = fc.nat({ max: BUYERS - 1 });

type Action =
  | { readonly kind: 'post'; readonly who: number; readonly rating: number; readonly anonymous: boolean; readonly legacy: boolean }
  | { readonly kind: 'followUp'; readonly who: number; readonly legacy: boolean }
  | { readonly kind: 'erase'; readonly who: number }
  | { readonly kind: 'moderate'; readonly who: number; readonly action: 'hide' | 'restore' };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('post' as const), who, rating: fc.integer({ min: 1, max: 5 }), anonymous: fc.boolean(), legacy: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('followUp' as const), who, legacy: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('erase' as const), who }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('moderate' as const), who, action: fc.constantFrom('hide' as const, 'restore' as const) }) },
);

/** Words no other data of the shop contains: a review's and a follow-up's, per buyer. */
const reviewWords = (n: number) => `买家${n}的评论：我妈妈住在西湖区`;
const followUpWords = (n: number) => `买家${n}的追评：邻居也喜欢`;
const image = (n: number) => `https://img.example.com/buyer-${n}.jpg`;

const allPages = async (shop: Shop, productId: string): Promise<PublicReview[]> => {
  const items: PublicReview[] = [];
  for (let cursor: string | null = null; ; ) {
    const page: ProductReviewsPage = right(await shop.reviews.forProduct(productId, { limit: 2, ...(cursor === null ? {} : { cursor }) }), 'forProduct');
    items.push(...page.items);
    if (page.nextCursor === null) return items;
    cursor = page.nextCursor;
  }
};

describe('shop.reviews, properties', () => {
  it('for any reviews, follow-ups (sealed or from before sealing) and erasures: no erased author’s words can be read, no stored document holds words in clear, envelopes carry their author, and erasure changes no rating', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 10 }), async (actions) => {
        const { shop, clock } = await testShop();
        try {
          const productId = await teaOnSale(shop);
          const buyers = [];
          for (let n = 0; n < BUYERS; n++) buyers.push(await buyer(shop, clock, `buyer${n}@example.com`, productId));
          const model = buyers.map(() => ({ rating: null as number | null, followUp: false, erased: false, hidden: false }));

          for (const a of actions) {
            const b = buyers[a.who];
            const m = model[a.who];
            if (b === undefined || m === undefined) continue;
            const reviewId = `${b.orderId}~${b.lineId}`;
            const stream = reviewStream(b.orderId, b.lineId);
            clock.advance(60_000);
            if (a.kind === 'post' && m.rating === null) {
              if (a.legacy) {
                // A review as version 1 stored it, words in clear: a log from before sealing.
                const v1 = { reviewId, orderId: b.orderId, lineId: b.lineId, productId, authorId: b.customerId, anonymous: a.anonymous, rating: a.rating, text: reviewWords(a.who), images: [image(a.who)], writtenAt: clock.now().toISOString() };
                await shop.eventStore.append(stream, [{ type: 'ReviewWritten', data: v1, schemaVersion: 1 }], { expectedRevision: 'no_stream' });
                await shop.settle();
                m.rating = a.rating;
              } else {
                const posted = await shop.reviews.post(b.customerId, { orderId: b.orderId, lineId: b.lineId, rating: a.rating, text: reviewWords(a.who), images: [image(a.who)], anonymous: a.anonymous });
                if (m.erased) expect(posted).toMatchObject(E.left({ _tag: 'AccountIsClosed' }));
                else m.rating = right(posted, 'post').rating;
              }
            }
            if (a.kind === 'followUp' && m.rating !== null && !m.followUp) {
              if (a.legacy) {
                const v1 = { reviewId, authorId: b.customerId, text: followUpWords(a.who), images: [], at: clock.now().toISOString() };
                await shop.eventStore.append(stream, [{ type: 'FollowUpAdded', data: v1, schemaVersion: 1 }]);
                await shop.settle();
                m.followUp = true;
              } else {
                const added = await shop.reviews.addFollowUp(b.customerId, reviewId, { text: followUpWords(a.who) });
                if (m.erased) expect(added).toMatchObject(E.left({ _tag: 'AccountIsClosed' }));
                else m.followUp = right(added, 'followUp').followUpAt !== null;
              }
            }
            if (a.kind === 'erase' && !m.erased) {
              right(await shop.identity.closeAccount(b.customerId, { by: 'customer' }), 'close');
              right(await shop.identity.erasePersonalData(b.customerId), 'erase');
              m.erased = true;
            }
            if (a.kind === 'moderate' && m.rating !== null && m.hidden !== (a.action === 'hide')) {
              right(await shop.reviews.moderate(reviewId, { moderatorId: 'mod-1', action: a.action, reason: 'checked' }), 'moderate');
              m.hidden = a.action === 'hide';
            }
          }

          // What a shopper reads: the erased author's rating without words, everyone else's words as written.
          const items = await allPages(shop, productId);
          const published = buyers.flatMap((b, n) => {
            const m = model[n];
            return m !== undefined && m.rating !== null && !m.hidden ? [{ b, n, m, rating: m.rating }] : [];
          });
          expect(items.map((r) => r.reviewId).sort()).toEqual(published.map(({ b }) => `${b.orderId}~${b.lineId}`).sort());
          for (const { b, n, m } of published) {
            const shown = items.find((r) => r.reviewId === `${b.orderId}~${b.lineId}`);
            if (m.erased) {
              expect(shown).toMatchObject({ text: null, images: [], removed: 'author-erased', authorId: null, rating: m.rating });
              if (m.followUp) expect(shown?.followUp).toMatchObject({ text: null, images: [], removed: 'author-erased' });
            } else {
              expect(shown).toMatchObject({ text: reviewWords(n), images: [image(n)], removed: null, rating: m.rating });
              if (m.followUp) expect(shown?.followUp).toMatchObject({ text: followUpWords(n), removed: null });
            }
          }
          // The summary is the recount of the published ratings, erased authors' included.
          const ratings = published.map(({ rating }) => rating);
          expect(await shop.reviews.ratingSummary(productId)).toMatchObject({ count: ratings.length, average: ratings.length === 0 ? null : ratings.reduce((x, y) => x + y, 0) / ratings.length });

          // Nowhere a customer or staff member reads does an erased author's word appear.
          const reachable = JSON.stringify([items, ...(await Promise.all(buyers.map((b) => shop.reviews.writtenBy(b.customerId)))), ...(await Promise.all(buyers.map((b) => shop.reviews.get(`${b.orderId}~${b.lineId}`))))]);
          model.forEach((m, n) => {
            if (!m.erased) return;
            for (const words of [reviewWords(n), followUpWords(n), image(n)]) expect(reachable).not.toContain(words);
          });

          // No read-model document holds anyone's words in clear; every sealed envelope is its author's.
          const documents = JSON.stringify(await Promise.all([shop.projections.collection('reviews', 'reviews').find({}), shop.projections.collection('search', 'reviews').find({})]));
          for (let n = 0; n < BUYERS; n++) for (const words of [reviewWords(n), followUpWords(n), image(n)]) expect(documents).not.toContain(words);
          for (const event of await shop.eventStore.readAll({ raw: true, filter: { eventTypes: ['ReviewWritten', 'FollowUpAdded'] } })) {
            const data = event.data as { readonly authorId: string; readonly content?: { readonly subject: string } };
            if (event.schemaVersion === 2) expect(data.content?.subject).toBe(data.authorId);
          }
        } finally {
          await shop.stop();
        }
      }),
      { numRuns: 15 },
    );
  }, 180_000);
});
