import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi } from '../routing/testing/harness.js';
import type { Answer, Customer, TestApi } from '../routing/testing/harness.js';

/** The customer's inbox over HTTP: listing with read state, the unread count, marking read, and nobody else's. */
const PASSWORD = 'correct horse battery staple';

let api: TestApi;
let alice: Customer;
let bob: Customer;

/** A password change tells its customer: one notification each time. */
const notify = async (customer: Customer, times: number): Promise<void> => {
  let current = PASSWORD;
  for (let i = 0; i < times; i += 1) {
    const next = `${PASSWORD} ${i}`;
    const changed = await api.shop.identity.changePassword(customer.userId, { currentPassword: current, newPassword: next });
    expect(changed._tag).toBe('Right');
    current = next;
  }
};

beforeAll(async () => {
  api = await startApi();
  alice = await api.customer('alice');
  bob = await api.customer('bob');
  await notify(alice, 4);
  await notify(bob, 1);
  await api.shop.settle();
});
afterAll(async () => api.close());

const problemOf = (answer: Answer, status: number, code?: string): void => {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  if (code !== undefined) expect((answer.body as { code: string }).code).toBe(code);
};

type Item = { notificationId: string; kind: string; readAt: string | null };
const inbox = async (customer: Customer, query = ''): Promise<Item[]> => {
  const answer = await api.call('GET', `/me/notifications${query}`, { token: customer.token });
  expect(answer.status, answer.text).toBe(200);
  return (answer.body as { items: Item[] }).items;
};
const unreadCount = async (customer: Customer): Promise<unknown> => (await api.call('GET', '/me/notifications/unread-count', { token: customer.token })).body;
const markRead = (customer: Customer, body: unknown, headers?: Record<string, string>) =>
  api.call('POST', '/me/notifications/read', { token: customer.token, body, ...(headers === undefined ? {} : { headers }) });

describe('the inbox over HTTP', () => {
  it('lists every notification unread at first, and counts them for the badge', async () => {
    const items = await inbox(alice);
    expect(items.map((n) => [n.kind, n.readAt])).toEqual(Array.from({ length: 4 }, () => ['password_changed', null]));
    expect(await unreadCount(alice)).toEqual({ unread: 4 });
    expect(await unreadCount(bob)).toEqual({ unread: 1 });
  });

  it('marks one read, then everything up to one, and lists only the unread on request', async () => {
    const [newest, second, third] = (await inbox(alice)).map((n) => n.notificationId);
    const one = await markRead(alice, { notificationId: second });
    expect(one.status, one.text).toBe(200);
    expect(one.body).toEqual({ unread: 3 });
    expect((await inbox(alice, '?unread=true')).map((n) => n.notificationId)).toEqual((await inbox(alice)).filter((n) => n.notificationId !== second).map((n) => n.notificationId));

    expect((await markRead(alice, { upTo: third })).body).toEqual({ unread: 1 });
    expect((await inbox(alice, '?unread=true')).map((n) => n.notificationId)).toEqual([newest]);
    expect((await inbox(alice, '?unread=false')).length).toBe(4);
    expect((await inbox(alice)).map((n) => n.readAt === null)).toEqual([true, false, false, false]);
    expect(await unreadCount(alice)).toEqual({ unread: 1 });
  });

  it('is idempotent: marking what is read again changes nothing, and a repeated Idempotency-Key replays', async () => {
    const [newest] = (await inbox(alice)).map((n) => n.notificationId);
    const headers = { 'idempotency-key': 'mark-newest-1' };
    const first = await markRead(alice, { upTo: newest }, headers);
    expect(first.body).toEqual({ unread: 0 });
    const replay = await markRead(alice, { upTo: newest }, headers);
    expect(replay.body).toEqual({ unread: 0 });
    expect(replay.headers.get('idempotency-replayed')).toBe('true');
    expect((await markRead(alice, { notificationId: newest })).body).toEqual({ unread: 0 });
    expect(await api.shop.eventStore.streamRevision(`inbox-${alice.userId}`)).toBe(2);
  });

  it('a customer cannot mark another’s notification: 404 as for one that does not exist, and the other’s stays unread', async () => {
    const [bobs] = (await inbox(bob)).map((n) => n.notificationId);
    for (const body of [{ notificationId: bobs }, { upTo: bobs }]) {
      const refused = await markRead(alice, body);
      problemOf(refused, 404, 'NotFound');
      expect(JSON.stringify(refused.body)).not.toContain(bob.userId);
    }
    problemOf(await markRead(alice, { notificationId: 'no-such-notification' }), 404, 'NotFound');
    expect(await unreadCount(bob)).toEqual({ unread: 1 });
    expect((await inbox(bob))[0]?.readAt).toBeNull();
    // Alice never sees Bob's.
    expect((await inbox(alice)).some((n) => n.notificationId === bobs)).toBe(false);
  });

  it('refuses a malformed request before it reaches the shop, and anyone signed out', async () => {
    for (const body of [{}, { notificationId: 'a', upTo: 'b' }, { all: true }, { notificationId: '' }, { notificationId: 'bad id!' }]) problemOf(await markRead(alice, body), 400);
    problemOf(await api.call('GET', '/me/notifications?unread=yes', { token: alice.token }), 400);
    problemOf(await api.call('GET', '/me/notifications/unread-count'), 401);
    problemOf(await api.call('POST', '/me/notifications/read', { body: { upTo: 'x' } }), 401);
  });

  it('documents the three operations in the OpenAPI document', async () => {
    const paths = ((await api.call('GET', '/openapi.json')).body as { paths: Record<string, Record<string, { operationId: string }>> }).paths;
    expect([paths['/me/notifications']?.['get']?.operationId, paths['/me/notifications/unread-count']?.['get']?.operationId, paths['/me/notifications/read']?.['post']?.operationId]).toEqual([
      'listMyNotifications',
      'countMyUnreadNotifications',
      'markMyNotificationsRead',
    ]);
  });
});
