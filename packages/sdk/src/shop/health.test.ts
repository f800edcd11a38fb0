import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commerceEventRegistry } from '@shopstream/commerce';
import { sqliteEventStore, sqliteReadStore } from '@shopstream/store-sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { createShop } from './createShop.js';
import { cheapPasswords } from './testing.js';

let dataDir = '';
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('health during a stop', () => {
  it('answers the shop’s own state, never a closed store’s error, while the stores close and after', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'shopstream-health-'));
    // The embedded stores, which refuse every read once closed.
    const eventStore = sqliteEventStore({ path: join(dataDir, 'events.sqlite'), registry: commerceEventRegistry() });
    const readStore = sqliteReadStore({ path: join(dataDir, 'read.sqlite') });
    let finishClosing: () => void = () => undefined;
    const closing = new Promise<void>((resolve) => {
      finishClosing = resolve;
    });
    let closed: () => void = () => undefined;
    const storesClosed = new Promise<void>((resolve) => {
      closed = resolve;
    });
    const shop = await createShop({
      storage: {
        kind: 'custom',
        eventStore,
        readStore,
        // The stores are closed, and the stop is held there: the window a probe used to see a closed store's error in.
        close: async () => {
          await readStore.close();
          await eventStore.close();
          closed();
          await closing;
        },
      },
      passwordHasher: cheapPasswords(),
    });
    await shop.start();
    expect(await shop.health()).toMatchObject({ status: 'ok', shop: 'running' });

    const stopped = shop.stop();
    await storesClosed;
    await expect(eventStore.headPosition()).rejects.toThrow();
    expect(await shop.health()).toEqual({ status: 'degraded', shop: 'stopping', head: -1, projections: [], reactors: expect.any(Array) as unknown });

    finishClosing();
    await stopped;
    expect(await shop.health()).toMatchObject({ status: 'stopped', shop: 'stopped', head: -1, projections: [] });
  });
});
