import { describe, expect, it } from 'vitest';
import { ManualClock } from '@shopstream/kernel';
import { causationDepths, correlatedHistory, replayAggregate, verifyLog } from '@shopstream/audit';
import type { HistoryEntry } from '@shopstream/audit';
import { pinnedShop, simulate } from '@shopstream/simulator';

/**
 * What an auditor does with a simulated shop: the log verifies, one customer's purchase reads as one request with
 * who did each step, and the order replays to what the shop holds.
 */
describe('an auditor on a simulated shop', () => {
  it('verifies the log, follows a purchase by its correlation and replays the order', async () => {
    const clock = new ManualClock('2026-03-02T00:00:00.000Z');
    const shop = await pinnedShop({ clock });
    try {
      await shop.start();
      await simulate(shop, { seed: 3, customers: 15, days: 3, clock });
      const store = shop.eventStore;

      const report = await verifyLog(store);
      expect(report.totalFindings).toBe(0);
      expect(report.ok).toBe(true);
      expect(report.events).toBe((await store.readAll()).length);

      // The first order paid: the visit that placed it, from the cart checked out to the processes' reactions.
      const paid = (await store.readAll()).find((event) => event.type === 'OrderPaid');
      if (paid === undefined) throw new Error('the simulation paid no order');
      const orderId = (paid.data as { readonly orderId: string }).orderId;
      const entries: HistoryEntry[] = [];
      for await (const entry of correlatedHistory(store, paid.metadata.correlationId)) entries.push(entry);
      const actorOf = (type: string) => entries.find((entry) => entry.type === type && entry.stream.endsWith(orderId))?.actor;
      const placed = (await store.readStream(`order-${orderId}`))[0];
      const customerId = (placed?.data as { readonly customerId: string }).customerId;
      expect(paid.metadata.correlationId).toMatch(/^sim-3\.d\d+\.c\d+\.visit$/);
      expect(actorOf('OrderPlaced')).toEqual({ kind: 'customer', id: customerId });
      expect(actorOf('OrderPaid')?.kind).toBe('system');
      expect(entries.filter((entry) => entry.actor === null)).toEqual([]);
      // The visit's own steps at the top, the processes' reactions beneath what they reacted to.
      const depths = causationDepths(entries);
      expect(Math.min(...depths)).toBe(0);
      expect(Math.max(...depths)).toBeGreaterThan(0);
      for (const [i, entry] of entries.entries()) expect(depths[i] === 0, `${entry.type} by ${entry.actor?.kind ?? 'nobody'}`).toBe(entry.actor?.kind !== 'system');

      const replayed = await replayAggregate(store, `order-${orderId}`);
      expect(replayed.latestRevision).toBe(replayed.revision);
      expect(replayed.state).toMatchObject({ status: (await shop.orders.get(orderId))?.status });
    } finally {
      await shop.stop();
    }
  }, 120_000);
});
