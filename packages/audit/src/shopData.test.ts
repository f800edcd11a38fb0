import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, eventHash } from '@shopstream/kernel';
import type { RecordedEvent } from '@shopstream/kernel';
import { exportJsonLines } from './export/exportLog.js';
import { CHECKOUT_REQUEST, writeShopData } from './fixtures.js';
import type { ShopHistory } from './fixtures.js';
import { causationDepths, correlatedHistory, streamHistory } from './history/history.js';
import type { HistoryEntry } from './history/history.js';
import { keyStoreReader } from './privacy/keyStoreReader.js';
import { erasedSubjectsOf, presenter } from './privacy/personalData.js';
import { readModelsAt } from './readModels/readModelsAt.js';
import { replayAggregate } from './replay/replay.js';
import { openShopData } from './source/shopData.js';
import { verifyLog } from './verify/verify.js';

const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
};
const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('auditing an embedded shop data folder written by the SDK', { timeout: 120_000 }, () => {
  let shop: ShopHistory;
  beforeAll(async () => {
    shop = await writeShopData();
  }, 120_000);

  it('verifies the whole log, every stream and category, without changing a byte of the file', async () => {
    const before = digest(join(shop.dataDir, 'events.sqlite'));
    const data = openShopData(shop.dataDir);
    const { headPosition, lastAssignedPosition } = data.log.snapshot();
    const report = await verifyLog(data.log, { contiguousPositions: true, lastAssignedPosition, upTo: headPosition, pageSize: 5 });
    expect(report.findings).toEqual([]);
    expect([report.ok, report.firstPosition, report.lastPosition, report.events]).toEqual([true, 1, headPosition, headPosition]);
    const order = await verifyLog(data.log, { scope: { kind: 'stream', stream: `order-${shop.orderId}` } });
    expect([order.ok, order.events]).toEqual([true, 2]);
    const users = await verifyLog(data.log, { scope: { kind: 'category', category: 'user' } });
    expect([users.ok, users.streams]).toEqual([true, 2]);
    await expect(data.log.append(`order-${shop.orderId}`, [{ type: 'OrderPaid', data: {} }])).rejects.toMatchObject({ detail: { _tag: 'ReadOnly' } });
    await data.close();
    expect(digest(join(shop.dataDir, 'events.sqlite'))).toBe(before);
  });

  it("shows a stream's events with their metadata and follows a correlation id across streams", async () => {
    const data = openShopData(shop.dataDir);
    const order = await collect(streamHistory(data.log, `order-${shop.orderId}`));
    expect(order.map((entry) => [entry.revision, entry.type, entry.hashValid])).toEqual([
      [0, 'OrderPlaced', true],
      [1, 'OrderPaid', true],
    ]);
    // Who placed it and through which request, and what that request set off in the processes, caused step by step.
    expect(order[0]).toMatchObject({ actor: { kind: 'customer', id: shop.customerId }, correlationId: CHECKOUT_REQUEST, causationId: null });
    const checkout = await collect(correlatedHistory(data.log, CHECKOUT_REQUEST));
    expect(checkout.map((entry) => entry.type)).toEqual(expect.arrayContaining(['OrderPlaced', 'StockReserved', 'CartCheckedOut', 'TimeoutScheduled']));
    const placedDepths = causationDepths(checkout);
    checkout.forEach((entry, index) => {
      if (placedDepths[index] === 0) expect(entry.actor, entry.type).toEqual({ kind: 'customer', id: shop.customerId });
      else expect(entry.actor?.kind, entry.type).toBe('system');
    });
    const paid = order[1] as HistoryEntry;
    expect(paid.actor).toEqual({ kind: 'system', id: expect.stringMatching(/^process:/) as unknown });
    expect(paid.occurredAt).toBe(shop.paidAt);
    const caused = await collect(correlatedHistory(data.log, paid.correlationId ?? ''));
    const streams = caused.map((entry) => entry.stream.split('-')[0]);
    expect(streams).toEqual(expect.arrayContaining(['payment', 'order', 'inventory', 'risk']));
    expect(caused.every((entry) => entry.correlationId === paid.correlationId)).toBe(true);
    const depths = causationDepths(caused);
    // The provider's answer continues the chain of the attempt that asked (sdk sandbox, 1b4ba71): caused by it.
    expect(depths[caused.findIndex((entry) => entry.type === 'PaymentAttemptStarted')]).toBe(0);
    expect(depths[caused.findIndex((entry) => entry.type === 'PaymentCaptured')]).toBe(1);
    expect(Math.max(...depths)).toBeGreaterThan(0);
    await expect(collect(streamHistory(data.log, 'order-nobody'))).rejects.toMatchObject({ detail: { _tag: 'StreamNotFound' } });
    await data.close();
  });

  it('replays an order as it stood before and after it was paid, step by step', async () => {
    const data = openShopData(shop.dataDir);
    const stream = `order-${shop.orderId}`;
    const placed = await replayAggregate(data.log, stream, { at: { kind: 'instant', at: shop.placedAt } });
    expect([placed.aggregate, placed.revision, placed.latestRevision, (placed.state as { status: string }).status]).toEqual(['order', 0, 1, 'awaiting_payment']);
    const now = await replayAggregate(data.log, stream, { steps: true });
    expect((now.state as { status: string }).status).toBe('paid');
    expect(now.steps.map((step) => [step.revision, step.type, (step.state as { status: string }).status])).toEqual([
      [0, 'OrderPlaced', 'awaiting_payment'],
      [1, 'OrderPaid', 'paid'],
    ]);
    expect((await replayAggregate(data.log, stream, { at: { kind: 'revision', revision: 0 } })).state).toEqual(placed.state);
    const before = await replayAggregate(data.log, stream, { at: { kind: 'instant', at: '2020-01-01T00:00:00Z' } });
    expect([before.revision, (before.state as { status: string }).status]).toEqual([-1, 'initial']);
    await expect(replayAggregate(data.log, 'nonsense-1')).rejects.toMatchObject({ detail: { _tag: 'UnknownAggregate' } });
    await expect(replayAggregate(data.log, stream, { at: { kind: 'instant', at: 'yesterday' } })).rejects.toMatchObject({ detail: { _tag: 'InvalidArgument' } });
    await data.close();
  });

  it('keeps personal data sealed unless the key store is opened, and shows erased subjects as erased', async () => {
    const data = openShopData(shop.dataDir);
    const erased = await erasedSubjectsOf(data.log);
    expect([...erased]).toEqual([shop.erasedCustomerId]);
    const [placed] = await collect(streamHistory(data.log, `order-${shop.orderId}`));
    const sealed = JSON.stringify(await presenter({ erasedSubjects: erased })(placed?.data));
    expect(sealed).toContain(`"$sealed":{"subject":"${shop.customerId}"`);
    expect(sealed).not.toContain('李梅');
    const keysPath = join(shop.dataDir, 'keys.db');
    const keysBefore = digest(keysPath);
    const keys = keyStoreReader({ dataDir: shop.dataDir });
    const opened = JSON.stringify(await presenter({ erasedSubjects: erased, keys })(placed?.data));
    expect(opened).toContain('{"$opened":"李梅"');
    const erasedUser = await replayAggregate(data.log, `user-${shop.erasedCustomerId}`);
    const shown = JSON.stringify(await presenter({ erasedSubjects: erased, keys })(erasedUser.state));
    expect(shown).toContain(`{"$erased":{"subject":"${shop.erasedCustomerId}"}}`);
    expect(shown).not.toContain('lei@example.com');
    expect(await keys.erasedSubjects()).toEqual([shop.erasedCustomerId]);
    await expect(keys.create('anyone')).rejects.toMatchObject({ detail: { _tag: 'ReadOnly' } });
    await keys.close();
    expect(digest(keysPath)).toBe(keysBefore);
    expect(() => keyStoreReader({ dataDir: shop.dataDir, masterKey: Buffer.alloc(32, 7).toString('base64') })).toThrow(expect.objectContaining({ detail: { _tag: 'WrongMasterKey', path: keysPath } }) as Error);
    // The erased customer's events still verify: the hashes cover the sealed bytes, not the plaintext.
    expect((await verifyLog(data.log, { scope: { kind: 'stream', stream: `user-${shop.erasedCustomerId}` } })).ok).toBe(true);
    await data.close();
  });

  it('rebuilds the read models as they stood at an instant and at a position', async () => {
    const data = openShopData(shop.dataDir);
    const placed = await readModelsAt(data.log, { at: { kind: 'instant', at: shop.placedAt }, only: ['orders'] });
    expect((await placed.collection('orders', 'orders').get(shop.orderId))?.status).toBe('awaiting_payment');
    expect(await placed.collection('orders', 'payments').count({})).toBe(0);
    expect(() => placed.collection('search', 'products')).toThrow(expect.objectContaining({ detail: expect.objectContaining({ _tag: 'UnknownReadModel' }) as unknown }) as Error);
    await placed.close();
    const now = await readModelsAt(data.log);
    expect(now.position).toBe(await data.log.headPosition());
    expect((await now.collection('orders', 'orders').get(shop.orderId))?.status).toBe('paid');
    await now.close();
    const atStart = await readModelsAt(data.log, { at: { kind: 'position', position: 0 }, only: ['orders'] });
    expect(await atStart.collection('orders', 'orders').count({})).toBe(0);
    await atStart.close();
    await data.close();
  });

  it('exports the log as JSON Lines that verify off-line with the kernel hash', async () => {
    const data = openShopData(shop.dataDir);
    const lines = await collect(exportJsonLines(data.log, { pageSize: 4 }));
    expect(lines.length).toBe(await data.log.headPosition());
    const events = lines.map((line) => JSON.parse(line) as RecordedEvent);
    const tips = new Map<string, string>();
    for (const event of events) {
      expect(eventHash(tips.get(event.stream) ?? GENESIS_HASH, event)).toBe(event.hash);
      tips.set(event.stream, event.hash);
    }
    expect(lines.join('')).not.toContain('李梅');
    const order = await collect(exportJsonLines(data.log, { scope: { kind: 'stream', stream: `order-${shop.orderId}` } }));
    expect(order.map((line) => (JSON.parse(line) as RecordedEvent).type)).toEqual(['OrderPlaced', 'OrderPaid']);
    await data.close();
  });
});
