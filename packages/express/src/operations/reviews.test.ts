import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi } from '../routing/testing/harness.js';
import type { Answer, Customer, TestApi } from '../routing/testing/harness.js';
import { productOnSale } from '../routing/testing/orders.js';

/** The review routes over HTTP, around an author's erasure. */
let api: TestApi;
let admin: Customer;
let alice: Customer;
let bob: Customer;
let productId = '';
const lines = new Map<string, { readonly orderId: string; readonly lineId: string }>();

const address = { recipientName: '王小明', phone: '13800138000', region: { country: 'CN', province: '浙江省', city: '杭州市', district: '西湖区' }, lines: '文三路 1 号' };
const key = (): Record<string, string> => ({ 'idempotency-key': randomUUID() });

const problemOf = (answer: Answer, status: number, code?: string): void => {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  if (code !== undefined) expect((answer.body as { code: string }).code).toBe(code);
};

type Item = { reviewId: string; authorId: string | null; rating: number; text: string | null; images: string[]; removed: string | null };
type Listed = { items: Item[]; summary: { count: number; average: number | null } };
const listed = async (): Promise<Listed> => {
  const answer = await api.call('GET', `/products/${productId}/reviews`);
  expect(answer.status, answer.text).toBe(200);
  return answer.body as Listed;
};

/** Buys the product through the shop itself and has it delivered: the HTTP journey covers those routes. */
const deliveredLine = async (customer: Customer): Promise<{ readonly orderId: string; readonly lineId: string }> => {
  const { shop } = api;
  const must = <T>(result: { _tag: 'Left'; left: unknown } | { _tag: 'Right'; right: T }): T => {
    if (result._tag === 'Left') throw new Error(JSON.stringify(result.left));
    return result.right;
  };
  must(await shop.cart.addItem(customer.userId, { productId, sku: 'LJ-250', quantity: 1 }));
  const { addressId } = must(await shop.accounts.addAddress(customer.userId, { ...address, makeDefault: true }));
  const order = must(await shop.checkout.placeOrder(customer.userId, { shipTo: { addressId } }));
  await shop.settle();
  const started = must(await shop.payments.start(order.orderId, { method: 'alipay' }, { customerId: customer.userId }));
  await shop.sandbox?.payments.complete(started.providerReference);
  must(await shop.shipping.shipOrder(order.orderId));
  await shop.sandbox?.carrier.advance(10 * 86_400_000);
  await shop.settle();
  const line = (await shop.orders.get(order.orderId))?.lines[0];
  if (!line) throw new Error('no line');
  return { orderId: order.orderId, lineId: line.lineId };
};

beforeAll(async () => {
  api = await startApi();
  admin = await api.staff('admin', 'admin');
  alice = await api.customer('alice');
  bob = await api.customer('bob');
  ({ productId } = await productOnSale(api, admin, { title: { zh: '龙井茶', en: 'Longjing tea' }, sku: 'LJ-250', price: { amount: 8800, currency: 'CNY' }, quantity: 20, reference: 'PO-1' }));
  for (const customer of [alice, bob]) lines.set(customer.userId, await deliveredLine(customer));
}, 60_000);
afterAll(async () => api.close());

describe('review routes and personal data', () => {
  it('refuses, as problem+json, words the domain does not take', async () => {
    const line = lines.get(alice.userId);
    problemOf(await api.call('POST', '/reviews', { token: alice.token, headers: key(), body: { ...line, rating: 5, text: '好'.repeat(2001) } }), 400);
    problemOf(await api.call('POST', '/reviews', { token: alice.token, headers: key(), body: { ...line, rating: 5, text: 'ok', images: ['http://img.example.com/1.jpg'] } }), 400, 'InvalidImageUrl');
    problemOf(await api.call('POST', '/reviews', { token: alice.token, headers: key(), body: { ...line, rating: 5, text: 'ok', images: ['https://img.example.com/1.jpg'], extra: 1 } }), 400);
    expect((await listed()).items).toEqual([]);
  });

  it('lists reviews with their words and no removal marker while their authors exist', async () => {
    for (const [customer, rating, text] of [[alice, 5, '我妈妈很喜欢，住在西湖边'], [bob, 3, '一般']] as const) {
      const posted = await api.call('POST', '/reviews', { token: customer.token, headers: key(), body: { ...lines.get(customer.userId), rating, text, images: ['https://img.example.com/tea.jpg'] } });
      expect(posted.status, posted.text).toBe(201);
      // The answer is the review's state: no words in it either way.
      expect(posted.text).not.toContain(text);
    }
    const page = await listed();
    // Both were written in the same instant: the list breaks the tie by review id, so compare by rating.
    expect(page.items.map((r) => [r.authorId, r.rating, r.text, r.images, r.removed]).sort((a, b) => Number(a[1]) - Number(b[1]))).toEqual([
      [bob.userId, 3, '一般', ['https://img.example.com/tea.jpg'], null],
      [alice.userId, 5, '我妈妈很喜欢，住在西湖边', ['https://img.example.com/tea.jpg'], null],
    ]);
    expect(page.summary).toEqual({ productId, count: 2, average: 4, distribution: { '1': 0, '2': 0, '3': 1, '4': 0, '5': 1 } });
  });

  it('takes an author’s one follow-up and other customers’ helpful votes, answering the review’s standing without voters or words', async () => {
    const bobs = (await listed()).items.find((r) => r.authorId === bob.userId)?.reviewId ?? '';
    problemOf(await api.call('POST', `/reviews/${bobs}/follow-up`, { token: alice.token, headers: key(), body: { text: '不是我的' } }), 404, 'NotTheAuthor');
    problemOf(await api.call('POST', `/reviews/${randomUUID()}/follow-up`, { token: bob.token, headers: key(), body: { text: '追评' } }), 404);
    problemOf(await api.call('POST', `/reviews/${bobs}/follow-up`, { token: bob.token, headers: key(), body: { text: '好'.repeat(2001) } }), 400);
    const followed = await api.call('POST', `/reviews/${bobs}/follow-up`, { token: bob.token, headers: key(), body: { text: '用了一个月，还行' } });
    expect(followed.status, followed.text).toBe(201);
    expect(followed.body).toMatchObject({ reviewId: bobs, status: 'published', rating: 3, helpfulVotes: 0 });
    expect((followed.body as { followUpAt: string | null }).followUpAt).not.toBeNull();
    expect(followed.text).not.toContain('还行');
    problemOf(await api.call('POST', `/reviews/${bobs}/follow-up`, { token: bob.token, headers: key(), body: { text: '再追' } }), 409, 'FollowUpAlreadyAdded');
    const shown = (await api.call('GET', `/products/${productId}/reviews`)).body as { items: { reviewId: string; followUp: { text: string | null } | null }[] };
    expect(shown.items.find((r) => r.reviewId === bobs)?.followUp).toMatchObject({ text: '用了一个月，还行' });

    const voted = await api.call('POST', `/reviews/${bobs}/helpful-vote`, { token: alice.token, headers: key() });
    expect(voted.status, voted.text).toBe(200);
    expect(voted.body).toMatchObject({ reviewId: bobs, helpfulVotes: 1 });
    expect(voted.text).not.toContain(alice.userId);
    problemOf(await api.call('POST', `/reviews/${bobs}/helpful-vote`, { token: alice.token, headers: key() }), 409, 'AlreadyVoted');
    problemOf(await api.call('POST', `/reviews/${bobs}/helpful-vote`, { token: bob.token, headers: key() }), 422, 'CannotVoteOwnReview');
    problemOf(await api.call('POST', `/reviews/${bobs}/helpful-vote`, { headers: key() }), 401);
    const withdrawn = await api.call('DELETE', `/reviews/${bobs}/helpful-vote`, { token: alice.token, headers: key() });
    expect(withdrawn.status, withdrawn.text).toBe(200);
    expect(withdrawn.body).toMatchObject({ helpfulVotes: 0 });
    problemOf(await api.call('DELETE', `/reviews/${bobs}/helpful-vote`, { token: alice.token, headers: key() }), 422, 'NotVoted');
  });

  it('shows an erased author’s review as its rating with the words removed, keeps the summary, and still moderates it', async () => {
    const before = await listed();
    const closed = await api.call('POST', `/users/${alice.userId}/closure`, { token: admin.token, headers: key(), body: { erasePersonalData: true } });
    expect(closed.status, closed.text).toBe(200);
    const answer = await api.call('GET', `/products/${productId}/reviews`);
    expect(answer.text).not.toContain('西湖边');
    expect(answer.text).not.toContain(alice.userId);
    const page = answer.body as Listed;
    expect(page.items.find((r) => r.rating === 3)).toMatchObject({ authorId: bob.userId, text: '一般', removed: null });
    const erased = page.items.find((r) => r.rating === 5);
    expect(erased).toMatchObject({ authorId: null, text: null, images: [], removed: 'author-erased' });
    expect(page.summary).toEqual(before.summary);

    const erasedReview = erased?.reviewId ?? '';
    expect((await api.call('POST', `/reviews/${erasedReview}/moderation`, { token: admin.token, headers: key(), body: { action: 'hide', reason: 'outdated' } })).status).toBe(200);
    expect((await listed()).summary).toMatchObject({ count: 1, average: 3 });
    expect((await api.call('POST', `/reviews/${erasedReview}/moderation`, { token: admin.token, headers: key(), body: { action: 'restore', reason: 'fine' } })).status).toBe(200);
    expect((await listed()).summary).toEqual(before.summary);
    problemOf(await api.call('POST', `/reviews/${erasedReview}/moderation`, { token: admin.token, headers: key(), body: { action: 'restore', reason: 'again' } }), 422, 'ReviewNotHidden');
  });
});
