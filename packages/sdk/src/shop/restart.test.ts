import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryEventStore, memoryReadStore } from '@shopstream/kernel';
import type { RecordedEvent } from '@shopstream/kernel';
import { commerceEventRegistry } from '@shopstream/commerce';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { embeddedKeyStore } from '../keys/index.js';
import { createShop } from './createShop.js';
import type { ShopConfig } from './config.js';
import { address, cheapPasswords, cny, right } from './testing.js';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'shopstream-sdk-'));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

const onDisk = (extra: Partial<ShopConfig> = {}) => createShop({ dataDir, passwordHasher: cheapPasswords(), ...extra });
const product = (sku: string) => ({ title: { zh: sku, en: sku }, skus: [{ sku, price: cny(1_000) }], publish: true });
const productIdOf = (event: RecordedEvent): string => (event.data as { productId: string }).productId;

describe('a shop on the embedded default (SQLite under dataDir)', () => {
  it('keeps everything across a restart: events, read models, keys, peppers and state', async () => {
    const first = await onDisk();
    await first.start();
    const tea = right(await first.catalog.createProduct(product('TEA-1')));
    const { userId } = right(await first.identity.register({ contact: '+86 138 0013 8000', password: 'a long passphrase' }));
    right(await first.accounts.addAddress(userId, address));
    await first.state.put('sessions', 'abc', { userId });
    await first.stop();

    const second = await onDisk();
    await second.start();
    expect((await second.catalog.product(tea.productId))?.title.zh).toBe('TEA-1');
    expect((await second.search.product(tea.productId))?.productId).toBe(tea.productId);
    // The same contact pepper finds the phone; the same keys open the sealed address.
    expect(right(await second.identity.logIn({ contact: '13800138000', password: 'a long passphrase' })).userId).toBe(userId);
    expect((await second.accounts.addresses(userId)).map((a) => a.recipientName)).toEqual([address.recipientName]);
    expect((await second.state.get('sessions', 'abc'))?.value).toEqual({ userId });
    await second.stop();
  });

  it('keeps keys, peppers and state under dataDir for stores of its own, so a customer signs in after a restart', async () => {
    const eventStore = memoryEventStore({ registry: commerceEventRegistry() });
    const readStore = memoryReadStore();
    const custom = () => onDisk({ storage: { kind: 'custom', eventStore, readStore } });
    const first = await custom();
    await first.start();
    const { userId } = right(await first.identity.register({ contact: '+86 138 0013 8001', password: 'a long passphrase' }));
    right(await first.accounts.addAddress(userId, address));
    await first.state.put('sessions', 'abc', { userId });
    await first.stop();
    expect(readdirSync(dataDir).sort()).toEqual(expect.arrayContaining(['keys.db', 'secrets.json', 'state.sqlite']));
    expect(readdirSync(dataDir)).not.toContain('events.sqlite');

    const second = await custom();
    await second.start();
    expect(right(await second.identity.logIn({ contact: '13800138001', password: 'a long passphrase' })).userId).toBe(userId);
    expect((await second.accounts.addresses(userId)).map((a) => a.recipientName)).toEqual([address.recipientName]);
    expect((await second.state.get('sessions', 'abc'))?.value).toEqual({ userId });
    await second.stop();
  });

  it('delivers hooks at least once: an event a hook failed on comes again after a restart, one it finished does not', async () => {
    const first = await onDisk({ hookMaxAttempts: 2 });
    const seenFirst: string[] = [];
    let failing = false;
    first.on('ProductCreated', (event) => {
      if (failing) throw new Error('the integrator is down');
      seenFirst.push(productIdOf(event));
    });
    await first.start();
    const a = right(await first.catalog.createProduct(product('HOOK-A')));
    await first.settle();
    expect(seenFirst).toEqual([a.productId]);
    failing = true;
    const b = right(await first.catalog.createProduct(product('HOOK-B')));
    await vi.waitFor(async () => expect((await first.health()).reactors.find((r) => r.name === 'shop-hooks')?.state).toBe('failed'), { timeout: 5_000 });
    await first.stop();

    const second = await onDisk();
    const seenSecond: string[] = [];
    const all: string[] = [];
    second.on('ProductCreated', (event) => {
      seenSecond.push(productIdOf(event));
    });
    second.on('*', (event) => {
      all.push(event.type);
    });
    await second.start();
    await second.settle();
    expect(seenSecond).toEqual([b.productId]);
    expect(all).toContain('ProductPublished');
    await second.stop();
  });

  it('erases again at start the keys of everyone the log says was erased, when a backup of the key store brought them back', async () => {
    const first = await onDisk();
    await first.start();
    const { userId } = right(await first.identity.register({ contact: '+86 138 0013 8001', password: 'a long passphrase' }));
    right(await first.accounts.addAddress(userId, address));
    await first.stop();
    // Last night's backup of the key store, taken while the customer was still a customer.
    const backup = join(dataDir, 'backup');
    mkdirSync(backup);
    const keyFiles = readdirSync(dataDir).filter((name) => name.startsWith('keys.db') && !name.endsWith('.erasures'));
    for (const name of keyFiles) copyFileSync(join(dataDir, name), join(backup, name));

    const second = await onDisk();
    await second.start();
    right(await second.identity.closeAccount(userId, { by: 'customer' }));
    right(await second.identity.erasePersonalData(userId));
    await second.stop();

    // The whole key store is restored, its own erasure log included: nothing in it remembers the erasure.
    for (const name of readdirSync(dataDir).filter((name) => name.startsWith('keys.db'))) rmSync(join(dataDir, name));
    for (const name of keyFiles) copyFileSync(join(backup, name), join(dataDir, name));
    expect(existsSync(join(dataDir, 'keys.db.erasures'))).toBe(false);
    const restored = embeddedKeyStore({ dataDir });
    expect(await restored.current(userId)).not.toBeNull();
    await restored.close();

    const third = await onDisk();
    await third.start();
    // The log is the authority: the key is gone again, so the sealed address opens to nothing.
    expect((await third.accounts.addresses(userId)).map((a) => a.recipientName)).not.toContain(address.recipientName);
    await third.stop();
    const after = embeddedKeyStore({ dataDir });
    expect(await after.current(userId)).toBeNull();
    await after.close();
  });
});
