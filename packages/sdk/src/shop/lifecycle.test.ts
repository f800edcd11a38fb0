import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { memoryEventStore, memoryReadStore } from '@shopstream/kernel';
import { commerceEventRegistry } from '@shopstream/commerce';
import { createShop } from './createShop.js';
import { cheapPasswords, cny, left, right, testShop } from './testing.js';

const product = (sku: string) => ({ title: { zh: sku, en: sku }, skus: [{ sku, price: cny(1_000) }], publish: true });

describe('the shop lifecycle', () => {
  it('refuses commands before start and after stop, as values', async () => {
    const shop = await createShop({ storage: { kind: 'memory' }, passwordHasher: cheapPasswords() });
    expect(shop.status).toBe('created');
    expect(left(await shop.catalog.createProduct(product('EARLY-1')))).toEqual({ _tag: 'ShopUnavailable', reason: 'not_started' });
    await shop.start();
    expect(shop.status).toBe('running');
    right(await shop.catalog.createProduct(product('ON-TIME-1')));
    await shop.stop();
    expect(shop.status).toBe('stopped');
    expect(left(await shop.catalog.createProduct(product('LATE-1')))).toEqual({ _tag: 'ShopUnavailable', reason: 'stopped' });
  });

  it('starts and stops once however often it is asked, at the same time or again', async () => {
    const shop = await createShop({ storage: { kind: 'memory' } });
    await Promise.all([shop.start(), shop.start()]);
    await shop.start();
    expect(shop.status).toBe('running');
    await Promise.all([shop.stop(), shop.stop()]);
    await shop.stop();
    expect(shop.status).toBe('stopped');
    await expect(shop.start()).rejects.toThrow(/cannot be started again/);
  });

  it('runs on stores handed to it, and lets its host close them', async () => {
    const eventStore = memoryEventStore({ registry: commerceEventRegistry() });
    let closed = 0;
    const shop = await createShop({ storage: { kind: 'custom', eventStore, readStore: memoryReadStore(), close: async () => void (closed += 1) } });
    await shop.start();
    const created = right(await shop.catalog.createProduct(product('CUSTOM-1')));
    expect((await eventStore.readAll()).some((e) => e.type === 'ProductPublished' && (e.data as { productId: string }).productId === created.productId)).toBe(true);
    await shop.stop();
    expect(closed).toBe(1);
  });

  it('a shop never started stops cleanly', async () => {
    const shop = await createShop({ storage: { kind: 'memory' } });
    await shop.stop();
    expect(shop.status).toBe('stopped');
  });

  it('drains: commands under way when stop is called finish and are answered; new ones are refused', async () => {
    const { shop } = await testShop();
    const underWay = [shop.catalog.createProduct(product('DRAIN-1')), shop.catalog.createProduct(product('DRAIN-2'))];
    const stopping = shop.stop();
    expect(shop.status).toBe('stopping');
    expect(left(await shop.catalog.createProduct(product('DRAIN-3')))).toEqual({ _tag: 'ShopUnavailable', reason: 'stopping' });
    const results = await Promise.all(underWay);
    expect(results.every(E.isRight)).toBe(true);
    await stopping;
    expect(shop.status).toBe('stopped');
  });

  it('reports its health: ok while running, stopped after', async () => {
    const { shop } = await testShop();
    right(await shop.catalog.createProduct(product('HEALTH-1')));
    const health = await shop.health();
    expect(health).toMatchObject({ status: 'ok', shop: 'running' });
    expect(health.head).toBeGreaterThan(0);
    expect(health.projections.map((p) => p.name)).toEqual(expect.arrayContaining(['timeouts', 'orders', 'search']));
    await shop.stop();
    expect(await shop.health()).toMatchObject({ status: 'stopped', shop: 'stopped' });
  });
});

describe('read-your-writes', () => {
  it('a query right after a command sees it, by default', async () => {
    const { shop } = await testShop();
    for (let i = 0; i < 5; i++) {
      const created = right(await shop.catalog.createProduct(product(`RYW-${i}`)));
      expect((await shop.search.product(created.productId))?.productId).toBe(created.productId);
    }
    await shop.stop();
  });

  it('can be switched off for a shop and back on for one call', async () => {
    const { shop } = await testShop({ readYourWrites: false });
    const created = right(await shop.catalog.createProduct(product('RYW-CALL'), { readYourWrites: true }));
    expect((await shop.search.product(created.productId))?.productId).toBe(created.productId);
    await shop.stop();
  });
});
