import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Shop } from '../shop.js';
import { address, cny, DAY, MINUTE, right, signedUp, testShop } from '../../shop/testing.js';
import type { ManualClock } from '@shopstream/kernel';

let shop: Shop;
let clock: ManualClock;
let teaId = '';
/** Each customer's delivered tea line, to review. */
const teaLines = new Map<string, { readonly orderId: string; readonly lineId: string }>();

/** A customer who bought the tea and received it. */
const buyer = async (contact: string): Promise<string> => {
  const customerId = await signedUp(shop, contact);
  right(await shop.cart.addItem(customerId, { productId: teaId, sku: 'TEA-250G', quantity: 1 }), 'addItem');
  const { addressId } = right(await shop.accounts.addAddress(customerId, { ...address, makeDefault: true }), 'addAddress');
  const order = right(await shop.checkout.placeOrder(customerId, { shipTo: { addressId } }), 'placeOrder');
  await shop.settle();
  const started = right(await shop.payments.start(order.orderId, { method: 'alipay' }, { customerId }), 'startPayment');
  await shop.sandbox?.payments.complete(started.providerReference);
  right(await shop.shipping.shipOrder(order.orderId), 'shipOrder');
  await shop.sandbox?.carrier.advance(5 * DAY);
  const line = (await shop.orders.get(order.orderId))?.lines[0];
  if (!line) throw new Error('no line');
  teaLines.set(customerId, { orderId: order.orderId, lineId: line.lineId });
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

beforeAll(async () => {
  ({ shop, clock } = await testShop());
  teaId = right(await shop.catalog.createProduct({ title: { zh: '西湖龙井', en: 'Longjing tea' }, skus: [{ sku: 'TEA-250G', price: cny(5_000) }], publish: true })).productId;
  right(await shop.inventory.receiveStock({ sku: 'TEA-250G', quantity: 10, reference: 'PO-1' }));
  alice = await buyer('alice@example.com');
  bob = await buyer('bob@example.com');
  carol = await buyer('carol@example.com');
  dan = await buyer('dan@example.com');
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
    right(await shop.reviews.addFollowUp(alice, alices, { text: '第二泡更好' }), 'followUp');
    right(await shop.reviews.reply(alices, { merchantId: 'merchant-1', text: '谢谢' }), 'reply');
    right(await shop.reviews.voteHelpful(alices, bob, true), 'vote');
    const shown = (await listed()).items.find((r) => r.reviewId === alices);
    expect(shown).toMatchObject({ followUp: { text: '第二泡更好' }, reply: { merchantId: 'merchant-1', text: '谢谢', editedAt: null }, helpful: 1 });
  });

  it('stops naming an author whose personal data is erased, and keeps their rating', async () => {
    right(await shop.identity.closeAccount(alice, { by: 'customer' }), 'closeAccount');
    right(await shop.identity.erasePersonalData(alice), 'erase');
    const page = await listed();
    expect(page.items.map((r) => r.authorId)).not.toContain(alice);
    expect(page.items).toHaveLength(4);
    expect(page.summary.count).toBe(4);
    expect(JSON.stringify(page)).not.toContain(alice);
  });
});
