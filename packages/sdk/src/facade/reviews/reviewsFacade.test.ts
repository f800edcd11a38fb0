import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '@shopstream/kernel';
import { reviewStream } from '@shopstream/commerce/reviews';
import type { Shop } from '../shop.js';
import { MINUTE, left, right, testShop } from '../../shop/testing.js';
import { buyer as buyerOf, teaOnSale } from './testing.js';

let shop: Shop;
let clock: ManualClock;
let teaId = '';
/** Each customer's delivered tea line, to review. */
const teaLines = new Map<string, { readonly orderId: string; readonly lineId: string }>();

/** A customer who bought the tea and received it. */
const buyer = async (contact: string): Promise<string> => {
  const { customerId, orderId, lineId } = await buyerOf(shop, clock, contact, teaId);
  teaLines.set(customerId, { orderId, lineId });
  return customerId;
};

const review = async (customerId: string, rating: number, text: string, anonymous = false): Promise<string> => {
  const line = teaLines.get(customerId);
  if (!line) throw new Error('not a buyer');
  clock.advance(MINUTE);
  return right(await shop.reviews.post(customerId, { ...line, rating, text, anonymous }), 'postReview').reviewId;
};

const listed = async (limit?: number, cursor?: string | null) => right(await shop.reviews.forProduct(teaId, { ...(limit === undefined ? {} : { limit }), ...(cursor === undefined ? {} : { cursor }) }), 'forProduct');

let alice = '';
let bob = '';
let carol = '';
let dan = '';
let eve = '';

/** Everything the shop stores of its reviews: the review events as stored, and the reviews and search read models. */
const stored = async (): Promise<string> => {
  const events = (await shop.eventStore.readAll({ raw: true })).filter((e) => e.stream.startsWith('review-'));
  const documents = await Promise.all([shop.projections.collection('reviews', 'reviews').find({}), shop.projections.collection('search', 'reviews').find({})]);
  return JSON.stringify({ events, documents });
};

beforeAll(async () => {
  ({ shop, clock } = await testShop());
  teaId = await teaOnSale(shop);
  alice = await buyer('alice@example.com');
  bob = await buyer('bob@example.com');
  carol = await buyer('carol@example.com');
  dan = await buyer('dan@example.com');
  eve = await buyer('eve@example.com');
}, 60_000);
afterAll(() => shop.stop());

describe('shop.reviews, answered from the reviews read model', () => {
  it('lists a review as soon as it is posted, newest first, with the product’s rating summary', async () => {
    const a = await review(alice, 5, '清香，回甘。');
    const b = await review(bob, 3, '一般', true);
    const c = await review(carol, 1, '太苦了');
    // No settle: the post returned once the read model had its event.
    const page = await listed();
    expect(page.items.map((r) => [r.reviewId, r.authorId, r.rating])).toEqual([
      [c, carol, 1],
      [b, null, 3],
      [a, alice, 5],
    ]);
    expect(page.summary).toEqual({ productId: teaId, count: 3, average: 3, distribution: { '1': 1, '2': 0, '3': 1, '4': 0, '5': 1 } });
    expect(await shop.reviews.ratingSummary(teaId)).toEqual(page.summary);
    expect(page.items.map((r) => [r.text, r.images, r.removed])).toEqual([
      ['太苦了', [], null],
      ['一般', [], null],
      ['清香，回甘。', [], null],
    ]);
  });

  it('keeps the words sealed under their author’s key: no review text in the log or the read models', async () => {
    const text = await stored();
    for (const words of ['清香，回甘。', '一般', '太苦了']) expect(text).not.toContain(words);
    const written = await shop.eventStore.readAll({ filter: { eventTypes: ['ReviewWritten'] } });
    expect(written).toHaveLength(3);
    for (const event of written) {
      expect(event).toMatchObject({ schemaVersion: 2, data: { content: { subject: (event.data as { authorId: string }).authorId } } });
    }
  });

  it('checks the words before sealing them', async () => {
    const line = teaLines.get(dan) ?? { orderId: '', lineId: '' };
    const post = (text: string, images: string[]) => shop.reviews.post(dan, { ...line, rating: 4, text, images });
    expect(left(await post('长'.repeat(2001), []))).toMatchObject({ _tag: 'InvalidRequest', issues: [{ path: 'text' }] });
    expect(left(await post('ok', ['http://img.example.com/1.jpg']))).toEqual({ _tag: 'InvalidImageUrl', url: 'http://img.example.com/1.jpg' });
    expect(left(await post('ok', Array.from({ length: 10 }, (_, i) => `https://img.example.com/${i}.jpg`)))).toEqual({ _tag: 'TooManyImages', given: 10, max: 9 });
    expect((await listed()).items).toHaveLength(3);
  });

  it('keeps its pages in place while a review is written between two of them', async () => {
    const first = await listed(2);
    expect(first.items.map((r) => r.authorId)).toEqual([carol, null]);
    const d = await review(dan, 4, '不错');
    const second = await listed(2, first.nextCursor);
    expect(second.items.map((r) => r.authorId)).toEqual([alice]);
    expect(second.nextCursor).toBeNull();
    expect((await listed(1)).items.map((r) => r.reviewId)).toEqual([d]);
    expect(await shop.reviews.forProduct(teaId, { cursor: '2' })).toEqual(E.left({ _tag: 'InvalidCursor' }));
  });

  it('drops a hidden review from the list and the summary until a moderator restores it', async () => {
    const carols = (await listed()).items.find((r) => r.authorId === carol)?.reviewId ?? '';
    right(await shop.reviews.moderate(carols, { moderatorId: 'mod-1', action: 'hide', reason: '辱骂' }), 'hide');
    expect((await listed()).items.map((r) => r.reviewId)).not.toContain(carols);
    expect((await shop.reviews.ratingSummary(teaId)).count).toBe(3);
    right(await shop.reviews.moderate(carols, { moderatorId: 'mod-1', action: 'restore', reason: '申诉成立' }), 'restore');
    expect((await listed()).items.map((r) => r.reviewId)).toContain(carols);
    expect(await shop.reviews.ratingSummary(teaId)).toMatchObject({ count: 4, average: 13 / 4 });
  });

  it('shows the follow-up, the merchant’s reply and the helpful votes', async () => {
    const alices = (await listed()).items.find((r) => r.authorId === alice)?.reviewId ?? '';
    expect(left(await shop.reviews.addFollowUp(alice, alices, { text: ' ' }))).toEqual({ _tag: 'EmptyFollowUp', reviewId: alices });
    right(await shop.reviews.addFollowUp(alice, alices, { text: '第二泡更好', images: ['https://img.example.com/cup.jpg'] }), 'followUp');
    right(await shop.reviews.reply(alices, { merchantId: 'merchant-1', text: '谢谢' }), 'reply');
    right(await shop.reviews.voteHelpful(alices, bob, true), 'vote');
    const shown = (await listed()).items.find((r) => r.reviewId === alices);
    expect(shown).toMatchObject({ followUp: { text: '第二泡更好', images: ['https://img.example.com/cup.jpg'], removed: null }, reply: { merchantId: 'merchant-1', text: '谢谢', editedAt: null }, helpful: 1 });
  });

  it('shows a review written before sealing from the log, and never copies its words into a read model', async () => {
    const line = teaLines.get(eve) ?? { orderId: '', lineId: '' };
    const reviewId = `${line.orderId}~${line.lineId}`;
    // As version 1 wrote it, words in clear: logs from before sealing hold such events.
    const v1 = { reviewId, ...line, productId: teaId, authorId: eve, anonymous: false, rating: 2, text: '快递员说我家在三楼', images: ['https://img.example.com/door.jpg'], writtenAt: clock.now().toISOString() };
    await shop.eventStore.append(reviewStream(line.orderId, line.lineId), [{ type: 'ReviewWritten', data: v1, schemaVersion: 1 }], { expectedRevision: 'no_stream' });
    await shop.settle();
    expect((await listed()).items.find((r) => r.reviewId === reviewId)).toMatchObject({ authorId: eve, rating: 2, text: '快递员说我家在三楼', images: ['https://img.example.com/door.jpg'], removed: null });
    expect(await shop.reviews.writtenBy(eve)).toMatchObject([{ reviewId, text: '快递员说我家在三楼', removed: null }]);
    const documents = JSON.stringify(await shop.projections.collection('reviews', 'reviews').find({}));
    expect(documents).not.toContain('三楼');
    expect(documents).not.toContain('door.jpg');
  });

  it('shows an erased author’s reviews, old and new, as ratings without words, and counts them as before', async () => {
    const before = await listed();
    for (const erased of [alice, eve]) {
      right(await shop.identity.closeAccount(erased, { by: 'customer' }), 'closeAccount');
      right(await shop.identity.erasePersonalData(erased), 'erase');
    }
    const page = await listed();
    expect(page.items.map((r) => r.authorId)).not.toContain(alice);
    expect(page.items).toHaveLength(5);
    expect(page.summary).toEqual(before.summary);
    const gone = { text: null, images: [], removed: 'author-erased' };
    const alices = page.items.find((r) => r.rating === 5);
    expect(alices).toMatchObject({ ...gone, authorId: null, followUp: gone, reply: { text: '谢谢' }, helpful: 1 });
    expect(page.items.find((r) => r.rating === 2)).toMatchObject({ ...gone, authorId: null });
    expect(page.items.filter((r) => r.removed === null).map((r) => r.text).sort()).toEqual(['一般', '不错', '太苦了'].sort());
    const shown = JSON.stringify([page, await shop.reviews.writtenBy(alice), await shop.reviews.writtenBy(eve)]);
    for (const words of [alice, '清香', '第二泡', 'cup.jpg', '三楼', 'door.jpg']) expect(shown).not.toContain(words);
    expect(await shop.reviews.writtenBy(alice)).toMatchObject([{ rating: 5, ...gone, followUp: gone }]);
    // Nothing new can be sealed for them.
    expect(left(await shop.reviews.addFollowUp(alice, alices?.reviewId ?? '', { text: '还在吗' }))).toMatchObject({ _tag: 'AccountIsClosed' });
    // Moderation goes on: hiding the erased author's review takes its rating out, restoring brings it back.
    right(await shop.reviews.moderate(alices?.reviewId ?? '', { moderatorId: 'mod-1', action: 'hide', reason: 'outdated' }), 'hide');
    expect((await shop.reviews.ratingSummary(teaId)).count).toBe(4);
    right(await shop.reviews.moderate(alices?.reviewId ?? '', { moderatorId: 'mod-1', action: 'restore', reason: 'fine' }), 'restore');
    expect(await shop.reviews.ratingSummary(teaId)).toEqual(before.summary);
  });
});
