import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isEventStoreError, verifyStreamIntegrity } from '@shopstream/kernel';
import type { EventStore, RecordedEvent, Subscription } from '@shopstream/kernel';
import { afterAll, describe, expect, it } from 'vitest';
import { startWriter } from '../../scripts/writerProcess.js';
import { sqliteEventStore } from './sqliteEventStore.js';

const folder = mkdtempSync(join(tmpdir(), 'shopstream-processes-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Collects `count` events, failing instead of hanging if they do not all come. */
const collect = async (subscription: Subscription, count: number, timeoutMs = 20_000): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  const timer = setTimeout(() => void subscription.stop(), timeoutMs);
  try {
    for await (const message of subscription) {
      if (message.type === 'event') events.push(message.event);
      if (events.length >= count) break;
    }
  } finally {
    clearTimeout(timer);
  }
  if (events.length < count) throw new Error(`only ${events.length} of ${count} events arrived`);
  return events;
};

const expectExactlyTheLog = async (store: EventStore, delivered: readonly RecordedEvent[]) => {
  const stored = await store.readAll();
  expect(delivered.map((event) => event.id)).toEqual(stored.map((event) => event.id));
  expect(delivered).toEqual(stored);
};

describe('several processes on one file', () => {
  it("a subscription sees every event another process appends, and its own, exactly once and in order", async () => {
    const path = join(folder, 'subscribed.db');
    const store = sqliteEventStore({ path, pollIntervalMs: 10 });
    await store.append('local-1', [{ type: 'Local', data: { i: -1 } }]);
    const subscription = store.subscribe({ batchSize: 5 });
    const writer = startWriter({ path, writer: 'child', appends: 40, seed: 7, durability: 'normal' });
    await writer.acknowledgedAtLeast(1);
    for (let i = 0; i < 20; i++) {
      await store.append('local-1', [{ type: 'Local', data: { i } }]);
      await new Promise((done) => setTimeout(done, 2));
    }
    const exit = await writer.exited;
    expect(exit).toMatchObject({ code: 0, signal: null });
    const fromChild = writer.acknowledged.reduce((sum, ack) => sum + ack.count, 0);
    const delivered = await collect(subscription, 21 + fromChild);
    await subscription.stop();
    await expectExactlyTheLog(store, delivered);
    expect(new Set(delivered.map((event) => event.stream)).size).toBeGreaterThan(1);
    await store.close();
  }, 120_000);

  it('a subscription notices appends through another connection in the same process', async () => {
    const path = join(folder, 'two-connections.db');
    const reader = sqliteEventStore({ path, pollIntervalMs: 10 });
    const writer = sqliteEventStore({ path });
    const subscription = reader.subscribe();
    const delivered = collect(subscription, 3);
    await writer.append('cart-1', [{ type: 'ItemAdded', data: { n: 1 } }]);
    await new Promise((done) => setTimeout(done, 30));
    await writer.append('cart-1', [{ type: 'ItemAdded', data: { n: 2 } }, { type: 'ItemAdded', data: { n: 3 } }]);
    await expectExactlyTheLog(reader, await delivered);
    await Promise.all([reader.close(), writer.close()]);
  });

  it('writers in two processes contending for one stream serialise: no lost update, revisions contiguous, chain intact', async () => {
    const path = join(folder, 'contended.db');
    const store = sqliteEventStore({ path });
    const shared = 'order-contended';
    const writer = startWriter({ path, writer: 'child', appends: 60, seed: 11, durability: 'normal', sharedStream: shared });
    await writer.acknowledgedAtLeast(1);
    let mine = 0;
    let revision = await store.streamRevision(shared);
    const running = () => writer.child.exitCode === null && writer.child.signalCode === null;
    while (running()) {
      try {
        const result = await store.append(shared, [{ type: 'Parent', data: { mine } }], { expectedRevision: revision });
        revision = result.nextExpectedRevision;
        mine += 1;
      } catch (error) {
        // A refusal because the child appended first: take the actual revision and try again, as a command handler would.
        if (!isEventStoreError(error, 'WrongExpectedRevision') || error.detail._tag !== 'WrongExpectedRevision') throw error;
        revision = error.detail.actual;
      }
      await new Promise((done) => setImmediate(done));
    }
    expect(await writer.exited).toMatchObject({ code: 0, signal: null });
    const events = await store.readStream(shared, { raw: true });
    const fromChild = writer.acknowledged.reduce((sum, ack) => sum + ack.count, 0);
    expect(events).toHaveLength(mine + fromChild);
    expect(verifyStreamIntegrity(events)).toEqual([]);
    expect(events.filter((event) => event.type === 'Parent').map((event) => (event.data as { mine: number }).mine)).toEqual(
      Array.from({ length: mine }, (_, i) => i),
    );
    await store.close();
  }, 120_000);
});
