import { memoryEventStore, memoryReadStore } from '@shopstream/kernel';
import type { Collection, Document, ReadStore, ReadStoreSession } from '@shopstream/kernel';
import { commerceEventRegistry } from '@shopstream/commerce';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startApi } from '../routing/testing/harness.js';
import type { Answer, TestApi } from '../routing/testing/harness.js';

/**
 * A read store whose writes to the search read model's collections can be made to fail (a bug in the projection,
 * a full disk) or to hang until released (a slow store): the projection, not a stand-in for it, fails or lags.
 */
const faultyReadStore = () => {
  const inner = memoryReadStore();
  let mode: 'work' | 'fail' | 'hang' = 'work';
  let release: () => void = () => undefined;
  let hanging: Promise<void> = Promise.resolve();
  const WRITES = new Set(['replaceOne', 'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'bulkWrite']);
  const guarded = <T extends Document>(collection: Collection<T>): Collection<T> =>
    !collection.name.startsWith('search.')
      ? collection
      : new Proxy(collection, {
          get: (target, key, receiver) => {
            const value: unknown = Reflect.get(target, key, receiver);
            if (typeof key !== 'string' || !WRITES.has(key) || typeof value !== 'function') return value;
            return async (...args: unknown[]): Promise<unknown> => {
              if (mode === 'fail') throw new Error('the search index refuses writes');
              if (mode === 'hang') await hanging;
              return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
            };
          },
        });
  const session = (of: ReadStoreSession): ReadStoreSession => ({ collection: <T extends Document>(name: string) => guarded(of.collection<T>(name)) });
  const store: ReadStore = {
    collection: <T extends Document>(name: string) => guarded(inner.collection<T>(name)),
    transaction: (work) => inner.transaction((s) => work(session(s))),
    listCollections: () => inner.listCollections(),
    dropCollection: (name) => inner.dropCollection(name),
    close: () => inner.close(),
  };
  return {
    store,
    fail: () => {
      mode = 'fail';
    },
    hang: () => {
      mode = 'hang';
      hanging = new Promise<void>((resolve) => {
        release = resolve;
      });
    },
    work: () => {
      mode = 'work';
      release();
    },
  };
};

let api: TestApi;
const readStore = faultyReadStore();

beforeAll(async () => {
  api = await startApi({ readiness: { maxLagSeconds: 30 } }, { storage: { kind: 'custom', eventStore: memoryEventStore({ registry: commerceEventRegistry() }), readStore: readStore.store } });
});
afterAll(async () => api.close());

const product = (sku: string) => ({ title: { zh: sku, en: sku }, skus: [{ sku, price: { amount: 1_000, currency: 'CNY' } }], publish: true });
/** A product created without waiting for the read models, which are what the test breaks. */
const createProduct = async (sku: string): Promise<string> => {
  const created = await api.shop.catalog.createProduct(product(sku), { readYourWrites: false });
  if (created._tag === 'Left') throw new Error(`createProduct: ${created.left._tag}`);
  return created.right.productId;
};
const probe = async (path: string): Promise<Answer> => api.call('GET', path);
const searchState = async (): Promise<string | undefined> => (await api.shop.health()).projections.find((p) => p.name === 'search')?.state;

describe('liveness and readiness', () => {
  it('a running shop with its read models caught up is alive and ready, and says nothing more', async () => {
    await createProduct('HEALTH-1');
    await api.shop.settle();
    for (const [path, status] of [
      ['/health', 'ok'],
      ['/health/live', 'alive'],
      ['/health/ready', 'ready'],
    ] as const) {
      const answer = await probe(path);
      expect(answer.status, path).toBe(200);
      expect(answer.body, path).toEqual(path === '/health' ? { status, shop: 'running' } : { status });
    }
  });

  it('a failed projection: degraded on /health (200), 503 failing on readiness, still alive; a retry after the fix makes it ready', async () => {
    readStore.fail();
    const productId = await createProduct('HEALTH-2');
    await vi.waitFor(async () => expect(await searchState()).toBe('failed'), { timeout: 5_000 });

    expect(await probe('/health/ready')).toMatchObject({ status: 503, body: { status: 'failing' } });
    expect(await probe('/health/live')).toMatchObject({ status: 200, body: { status: 'alive' } });
    expect(await probe('/health')).toMatchObject({ status: 200, body: { status: 'degraded', shop: 'running' } });
    // The failure (its event, its error) is for staff, not in the public answers.
    expect((await probe('/health/ready')).text).not.toContain('refuses');
    expect((await probe('/health')).text).not.toContain('search');

    readStore.work();
    await api.shop.projections.retry('search');
    await api.shop.settle();
    expect(await probe('/health/ready')).toMatchObject({ status: 200, body: { status: 'ready' } });
    expect(await probe('/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
    // The retried projection applied the event it had failed on.
    expect((await api.shop.search.product(productId))?.productId).toBe(productId);
  });

  it('read models further behind than the policy allows: 503 lagging until they catch up', async () => {
    readStore.hang();
    await createProduct('HEALTH-3');
    // Waiting up to the policy's 30 s is still ready: a command's read-your-writes wait would see its write.
    api.clock.advance(30_000);
    expect(await probe('/health/ready')).toMatchObject({ status: 200, body: { status: 'ready' } });
    api.clock.advance(1_000);
    expect(await probe('/health/ready')).toMatchObject({ status: 503, body: { status: 'lagging' } });
    expect(await probe('/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await probe('/health/live')).toMatchObject({ status: 200 });

    readStore.work();
    await api.shop.settle();
    expect(await probe('/health/ready')).toMatchObject({ status: 200, body: { status: 'ready' } });
  });

  it('a stopped shop: 503 on /health and readiness, the process still alive', async () => {
    const other = await startApi();
    await other.shop.stop();
    expect(await other.call('GET', '/health')).toMatchObject({ status: 503, body: { status: 'stopped', shop: 'stopped' } });
    expect(await other.call('GET', '/health/ready')).toMatchObject({ status: 503, body: { status: 'stopped' } });
    expect(await other.call('GET', '/health/live')).toMatchObject({ status: 200, body: { status: 'alive' } });
    await other.close();
  });
});
