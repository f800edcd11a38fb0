import { randomUUID } from 'node:crypto';
import { verifyStreamIntegrity } from '@shopstream/kernel';
import type { SubscriptionMessage } from '@shopstream/kernel';
import { eventStoreContract } from '@shopstream/kernel/testing';
import { describe, expect, it } from 'vitest';
import { eventStoreDbEventStore } from './eventStoreDbEventStore.js';
import { serverModel } from './testing/serverModel.js';

// The adapter's own logic against an in-process model of the server (see serverModel.ts). The real server is
// eventStoreDbEventStore.contract.test.ts, skipped without ESDB_CONNECTION_STRING.
const shared = serverModel();

eventStoreContract('eventstoredb adapter over a model of the server', {
  // One shared model, a namespace per store, as the suite runs against a real server.
  create: ({ registry }) => eventStoreDbEventStore({ client: shared.client, namespace: `m${randomUUID().replaceAll('-', '')}`, ...(registry ? { registry } : {}) }),
  numRuns: 10,
});

describe('eventStoreDbEventStore over a model of the server', () => {
  it("hands out the server's commit positions, and sees no system records or other namespaces", async () => {
    const model = serverModel();
    const mine = eventStoreDbEventStore({ client: model.client, namespace: 'mine' });
    const theirs = eventStoreDbEventStore({ client: model.client, namespace: 'theirs' });
    const everything = eventStoreDbEventStore({ client: model.client });
    await theirs.append('cart-1', [{ type: 'ItemAdded', data: {} }]);
    const written = await mine.append('cart-1', [{ type: 'ItemAdded', data: { n: 1 } }, { type: 'ItemAdded', data: { n: 2 } }]);
    model.writeSystemRecord('$stats-127.0.0.1:2113', '$statsCollected');
    const commits: bigint[] = [];
    for await (const server of model.client.readStream('mine.cart-1')) commits.push(server.event?.position?.commit ?? -1n);
    expect(written.events.map((e) => BigInt(e.position))).toEqual(commits);
    expect(written.events[1]?.position).toBeGreaterThan(written.events[0]?.position ?? Infinity);
    expect(await mine.headPosition()).toBe(written.position);
    expect((await mine.readAll()).map((e) => e.stream)).toEqual(['cart-1', 'cart-1']);
    expect((await everything.readAll()).map((e) => e.stream)).toEqual(['theirs.cart-1', 'mine.cart-1', 'mine.cart-1']);
    await Promise.all([mine.close(), theirs.close(), everything.close()]);
  });

  it('retries an append made with any expectation when another writer moved the head, and chains from the new head', async () => {
    const model = serverModel();
    const store = eventStoreDbEventStore({ client: model.client });
    const other = eventStoreDbEventStore({ client: model.client });
    await store.append('cart-1', [{ type: 'A', data: {} }]);
    const racing = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? store : other).append('cart-1', [{ type: 'B', data: { i } }])));
    expect(racing.map((r) => r.nextExpectedRevision).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(verifyStreamIntegrity(await store.readStream('cart-1', { raw: true }))).toEqual([]);
    await Promise.all([store.close(), other.close()]);
  });

  it('refuses an id claimed by another stream even when its event never got written, and lets its own stream use it', async () => {
    const model = serverModel();
    const store = eventStoreDbEventStore({ client: model.client });
    const id = randomUUID();
    // A writer that stopped between its claim and its event.
    await model.client.appendToStream(`shopstream.eventid-${id}`, { id: randomUUID(), contentType: 'application/json', type: 'ShopStreamEventIdClaimed', data: { stream: 'cart-1' }, metadata: undefined });
    await expect(store.append('cart-2', [{ id, type: 'A', data: {} }])).rejects.toMatchObject({ detail: { _tag: 'DuplicateEventId', existingStream: 'cart-1' } });
    const written = await store.append('cart-1', [{ id, type: 'A', data: {} }], { expectedRevision: 'no_stream' });
    expect(written.events.map((e) => e.id)).toEqual([id]);
    expect(await store.append('cart-1', [{ id, type: 'A', data: {} }], { expectedRevision: 'no_stream' })).toEqual(written);
    await store.close();
  });

  it('reads after a position that is no record on the server, as after any other', async () => {
    const model = serverModel();
    const store = eventStoreDbEventStore({ client: model.client });
    const { events } = await store.append('cart-1', [{ type: 'A', data: {} }, { type: 'B', data: {} }, { type: 'C', data: {} }]);
    const [a, b] = events;
    if (!a || !b) throw new Error('three appended');
    expect((await store.readAll({ after: a.position + 1 })).map((e) => e.type)).toEqual(['B', 'C']);
    expect((await store.readAll({ after: b.position - 1 })).map((e) => e.type)).toEqual(['B', 'C']);
    expect((await store.readAll({ after: 17 })).map((e) => e.type)).toEqual(['A', 'B', 'C']);
    await store.close();
  });

  it('wakes a waiting subscription for an append by another process, through its watch on the server', async () => {
    const model = serverModel();
    const reader = eventStoreDbEventStore({ client: model.client, namespace: 'shop' });
    const writer = eventStoreDbEventStore({ client: model.client, namespace: 'shop' });
    const subscription = reader.subscribe({ filter: { streamCategories: ['order'] } });
    const iterator = subscription[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ type: 'caughtUp', position: 0 });
    for (let i = 0; i < 5; i++) {
      const next = iterator.next();
      await writer.append('cart-1', [{ type: 'Ignored', data: { i } }]);
      const { position } = await writer.append(`order-${i}`, [{ type: 'OrderPlaced', data: { i } }]);
      // Woken by the cart append, it may first report having scanned past it; the order comes next either way.
      let message = (await next).value as SubscriptionMessage;
      while (message.type === 'caughtUp') {
        expect(message.position).toBeLessThan(position);
        message = (await iterator.next()).value as SubscriptionMessage;
      }
      expect(message).toMatchObject({ type: 'event', event: { stream: `order-${i}`, position } });
      expect(await iterator.next()).toMatchObject({ value: { type: 'caughtUp', position } });
    }
    await reader.close();
    expect((await iterator.next()).done).toBe(true);
    await writer.close();
  });
});
