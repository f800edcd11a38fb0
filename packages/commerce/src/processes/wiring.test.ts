import { ManualClock, memoryEventStore, memoryReadStore, pendingTimeouts, projectionRuntime, sequentialIds } from '@shopstream/kernel';
import { describe, expect, it } from 'vitest';
import { inventoryStream } from '../inventory/index.js';
import { orderStream } from '../ordering/index.js';
import { placeOrderFixture } from '../ordering/testing.js';
import { paymentExpiryTimeoutId } from './ids.js';
import { commerceHandlers } from './ports.js';
import { commerceProcesses } from './wiring.js';

const ORDER = '2f0e9d8c-7b6a-4954-8321-000000000001';

const waitUntil = async (check: () => Promise<boolean>) => {
  const deadline = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('gave up waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('commerceProcesses', () => {
  it('polls for due timeouts on its own once started, over a projection runtime the host runs', async () => {
    const clock = new ManualClock('2026-03-02T09:00:00.000Z');
    const ids = sequentialIds(3);
    const eventStore = memoryEventStore();
    const readStore = memoryReadStore();
    const projections = projectionRuntime({ eventStore, readStore, projections: [pendingTimeouts], clock });
    await projections.start();
    const processes = commerceProcesses({ eventStore, readStore, clock, ids, providers: {}, projections, pollIntervalMs: 5, config: { paymentTimeoutMs: 10 * 60_000 } });
    expect(processes.config).toMatchObject({ paymentTimeoutMs: 600_000, reservationGraceMs: 900_000, autoConfirmReceiptAfterDays: 10 });
    expect(processes.reactors.map((r) => r.name)).toEqual(['checkout', 'fulfilment', 'receipt-confirmation', 'refunds', 'case-claims', 'refund-retries']);
    expect(processes.projections).toEqual([pendingTimeouts]);
    await processes.start();

    const handlers = commerceHandlers({ eventStore, clock, ids });
    for (const sku of ['SKU-TEA-250G', 'SKU-CUP']) await handlers.inventory(inventoryStream(sku), { type: 'ReceiveStock', sku, quantity: 5, reference: null });
    await handlers.orders(orderStream(ORDER), placeOrderFixture({ orderId: ORDER, discounts: [], paymentDueAt: '2026-03-02T09:10:00.000Z' }));
    const pending = projections.collection('timeouts', 'pending');
    await waitUntil(async () => (await pending.get(paymentExpiryTimeoutId(ORDER))) !== null);

    clock.advance(10 * 60_000);
    await waitUntil(async () => (await eventStore.readStream(orderStream(ORDER))).some((e) => e.type === 'OrderCancelled'));
    await processes.stop();
    await projections.stop();
    const types = (await eventStore.readStream(orderStream(ORDER))).map((e) => e.type);
    expect(types).toEqual(['OrderPlaced', 'OrderCancelled']);
    const [cancelled] = (await eventStore.readStream(orderStream(ORDER))).slice(1);
    expect(cancelled?.data).toMatchObject({ reason: 'payment_timeout' });
    const [tea] = await eventStore.readStream(inventoryStream('SKU-TEA-250G'), { fromRevision: 2 });
    expect(tea?.type).toBe('StockReservationReleased');
  });
});
