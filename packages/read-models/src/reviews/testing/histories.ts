import fc from 'fast-check';
import type { Sealed } from '@shopstream/commerce';
import type { ReviewEvent } from '@shopstream/commerce/reviews';
import type { UserEvent } from '@shopstream/commerce/identity';
import type { NewEvent } from '@shopstream/kernel';
import type { HistoryStep } from '../../testing/harness.js';

type Erased = Extract<UserEvent, { type: 'PersonalDataErased' }>;

export const at = (minute: number): string => new Date(Date.parse('2026-04-01T08:00:00.000Z') + minute * 60_000).toISOString();

export const reviewId = (k: number): string => `r-${k}`;
/** The stream of review `k`; `elsewhere` is another line's stream claiming the same review id. */
export const streamOf = (k: number, elsewhere = false): string => (elsewhere ? `review-o-${k}-other` : `review-o-${k}-l-${k}`);

/** A review event as version 1 stored it, its words in clear: logs written before sealing hold these. */
export interface LegacyEvent {
  readonly type: 'ReviewWritten' | 'FollowUpAdded';
  readonly data: Readonly<Record<string, unknown>>;
  readonly schemaVersion: 1;
}

export const step = (stream: string, events: readonly (ReviewEvent | Erased | LegacyEvent)[], occurredAt: string): HistoryStep => ({
  stream,
  events: events.map((event): NewEvent => ({ type: event.type, data: event.data, occurredAt, ...('schemaVersion' in event ? { schemaVersion: event.schemaVersion } : {}) })),
});

/** The words of review `k` (its follow-up's with `followUp`), as a shopper would read them once opened. */
export const wordsOf = (k: number, followUp = false): string => (followUp ? `我的追评 ${k}：住在西湖区` : `我的评论 ${k}：送给我妈妈`);

/**
 * An envelope as the vault seals it, for the projection, which never opens one: the header is real, the
 * ciphertext stands in (a base64 of nothing the plaintext checks look for).
 */
export const envelope = (subject: string, k: number): Sealed => ({
  v: 1,
  subject,
  keyId: 'key-1',
  iv: 'AAAAAAAAAAAAAAAA',
  data: Buffer.from(`ciphertext-${k}`).toString('base64'),
  tag: 'AAAAAAAAAAAAAAAAAAAAAA==',
});

export interface Written {
  readonly productId: string;
  readonly authorId: string;
  readonly rating: number;
  readonly anonymous?: boolean;
}

export const written = (k: number, w: Written, writtenAt: string): ReviewEvent => ({
  type: 'ReviewWritten',
  data: {
    reviewId: reviewId(k),
    orderId: `o-${k}`,
    lineId: `l-${k}`,
    productId: w.productId,
    authorId: w.authorId,
    anonymous: w.anonymous ?? false,
    rating: w.rating,
    content: envelope(w.authorId, k),
    writtenAt,
  },
});

/** Review `k` as version 1 wrote it: the same facts, its words in clear. */
export const writtenV1 = (k: number, w: Written, writtenAt: string): LegacyEvent => {
  const { content: _sealed, ...facts } = (written(k, w, writtenAt) as Extract<ReviewEvent, { type: 'ReviewWritten' }>).data;
  return { type: 'ReviewWritten', data: { ...facts, text: wordsOf(k), images: [`https://img.example.com/${k}.jpg`] }, schemaVersion: 1 };
};

export const hidden = (k: number, time: string): ReviewEvent => ({ type: 'ReviewHidden', data: { reviewId: reviewId(k), moderatorId: 'mod-1', reason: 'spam', at: time } });
export const restored = (k: number, time: string): ReviewEvent => ({ type: 'ReviewRestored', data: { reviewId: reviewId(k), moderatorId: 'mod-1', reason: 'appeal upheld', at: time } });
export const followedUp = (k: number, authorId: string, time: string): ReviewEvent => ({
  type: 'FollowUpAdded',
  data: { reviewId: reviewId(k), authorId, content: envelope(authorId, 100 + k), at: time },
});
export const followedUpV1 = (k: number, authorId: string, time: string): LegacyEvent => ({
  type: 'FollowUpAdded',
  data: { reviewId: reviewId(k), authorId, text: wordsOf(k, true), images: ['https://img.example.com/f.jpg'], at: time },
  schemaVersion: 1,
});
export const replied = (k: number, time: string): ReviewEvent => ({ type: 'MerchantReplied', data: { reviewId: reviewId(k), merchantId: 'm-1', text: '谢谢', at: time } });
export const replyEdited = (k: number, time: string): ReviewEvent => ({ type: 'MerchantReplyEdited', data: { reviewId: reviewId(k), merchantId: 'm-1', text: '非常感谢', at: time } });
export const voted = (k: number, voterId: string, time: string): ReviewEvent => ({ type: 'HelpfulVoteCast', data: { reviewId: reviewId(k), voterId, at: time } });
export const withdrawn = (k: number, voterId: string, time: string): ReviewEvent => ({ type: 'HelpfulVoteWithdrawn', data: { reviewId: reviewId(k), voterId, at: time } });
export const erased = (time: string): Erased => ({ type: 'PersonalDataErased', data: { at: time } });

export const PRODUCTS = ['p-1', 'p-2'] as const;
export const AUTHORS = ['a-1', 'a-2', 'a-3'] as const;
const REVIEWS = 5;

const review = fc.nat({ max: REVIEWS - 1 });
const person = fc.constantFrom(...AUTHORS);

/**
 * One thing that happens to the reviews, as an append. Events are generated freely rather than through the decider,
 * so the projection also meets what the decider would refuse (news of a review never written, a second hide, an
 * id claimed by another line's stream), which the aggregate's `evolve` absorbs and so must the read model.
 */
const action: fc.Arbitrary<(i: number) => HistoryStep> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record({
        k: review,
        productId: fc.constantFrom(...PRODUCTS),
        authorId: person,
        rating: fc.integer({ min: 1, max: 5 }),
        anonymous: fc.boolean(),
        elsewhere: fc.nat({ max: 7 }).map((n) => n === 0),
        legacy: fc.boolean(),
      })
      // Every second review shares its time with the one before, so the pages' tie-break on the id is exercised.
      .map(({ k, elsewhere, legacy, ...w }) => (i: number) => step(streamOf(k, elsewhere), [(legacy ? writtenV1 : written)(k, w, at(Math.floor(i / 2)))], at(i))),
  },
  { weight: 2, arbitrary: review.map((k) => (i: number) => step(streamOf(k), [hidden(k, at(i))], at(i))) },
  { weight: 2, arbitrary: review.map((k) => (i: number) => step(streamOf(k), [restored(k, at(i))], at(i))) },
  { weight: 1, arbitrary: fc.tuple(review, person, fc.boolean()).map(([k, a, legacy]) => (i: number) => step(streamOf(k), [(legacy ? followedUpV1 : followedUp)(k, a, at(i))], at(i))) },
  { weight: 1, arbitrary: review.map((k) => (i: number) => step(streamOf(k), [replied(k, at(i))], at(i))) },
  { weight: 1, arbitrary: review.map((k) => (i: number) => step(streamOf(k), [replyEdited(k, at(i))], at(i))) },
  { weight: 2, arbitrary: fc.tuple(review, person).map(([k, v]) => (i: number) => step(streamOf(k), [voted(k, v, at(i))], at(i))) },
  { weight: 1, arbitrary: fc.tuple(review, person).map(([k, v]) => (i: number) => step(streamOf(k), [withdrawn(k, v, at(i))], at(i))) },
  { weight: 1, arbitrary: person.map((a) => (i: number) => step(`user-${a}`, [erased(at(i))], at(i))) },
);

/**
 * A history of the reviews context (and erasures), one append per step, in time order. Reviews and follow-ups
 * come both as version 1 wrote them (words in clear) and as version 2 does (sealed), as in a log that spans the change.
 */
export const reviewHistory: fc.Arbitrary<readonly HistoryStep[]> = fc.array(action, { minLength: 4, maxLength: 30, size: 'max' }).map((actions) => actions.map((make, i) => make(i)));
