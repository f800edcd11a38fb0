/**
 * The throwaway project that installs the packed tarballs: as small as a shop's first program can be, so
 * that it breaks only when the published packages do.
 */

export const consumerPackageJson = {
  name: 'shopstream-pack-check',
  private: true,
  type: 'module',
};

/** Run with plain node: a shop in memory, a product with stock, a customer who signs up and checks out, a search. */
export const smokeScript = `
import { createShop } from '@shopstream/sdk';

const right = (outcome, what) => {
  if (outcome._tag !== 'Right') throw new Error(what + ' failed: ' + JSON.stringify(outcome.left));
  return outcome.right;
};
const cny = (amount) => ({ amount, currency: 'CNY' });

const shop = await createShop({ storage: { kind: 'memory' } });
await shop.start();
const tea = right(
  await shop.catalog.createProduct({ title: { zh: '西湖龙井', en: 'Longjing tea' }, skus: [{ sku: 'TEA-250G', price: cny(5000) }], publish: true }),
  'createProduct',
);
right(await shop.inventory.receiveStock({ sku: 'TEA-250G', quantity: 5, reference: 'PO-1' }), 'receiveStock');
const contact = 'alice@example.com';
const { userId } = right(await shop.identity.register({ contact, password: 'a long passphrase' }), 'register');
right(await shop.identity.verifyContact(userId, shop.sandbox.outbox.codeSentTo(contact)), 'verifyContact');
right(await shop.cart.addItem(userId, { productId: tea.productId, sku: 'TEA-250G', quantity: 2 }), 'addItem');
const address = {
  recipientName: '王小明',
  phone: '13800138000',
  region: { country: 'CN', province: '上海', city: '上海', district: '浦东新区' },
  lines: '世纪大道 100 号',
  postalCode: '200120',
};
const { addressId } = right(await shop.accounts.addAddress(userId, { ...address, makeDefault: true }), 'addAddress');
const order = right(await shop.checkout.placeOrder(userId, { shipTo: { addressId } }), 'placeOrder');
await shop.settle();
const found = right(await shop.search.products({ text: '龙井' }), 'search');
console.log(JSON.stringify({ orderId: order.orderId, total: order.total, found: found.items.map((item) => item.productId), productId: tea.productId }));
await shop.stop();
`;

/** Type-checked against the published declarations only (no TypeScript sources are installed). */
export const typecheckSource = `
import { createShop } from '@shopstream/sdk';
import type { Shop, ShopConfig } from '@shopstream/sdk';
import { eventRegistry } from '@shopstream/kernel';
import { identityEvents } from '@shopstream/commerce/identity';
import { sqliteEventStore } from '@shopstream/store-sqlite';

const config: ShopConfig = { storage: { kind: 'memory' } };
const shop: Shop = await createShop(config);
const outcome = await shop.search.products({ text: '龙井', limit: 10 });
if (outcome._tag === 'Right') {
  const ids: readonly string[] = outcome.right.items.map((item) => item.productId);
  console.log(ids.length);
}
// @ts-expect-error an unknown storage kind is refused by the published types
await createShop({ storage: { kind: 'postgres' } });
const registry = eventRegistry([...identityEvents]);
const store = sqliteEventStore({ path: ':memory:', registry });
await store.close();
await shop.stop();
`;

export const consumerTsconfig = (typeRoots: string) => ({
  compilerOptions: {
    target: 'ES2023',
    lib: ['ES2023'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noEmit: true,
    // Check the published .d.ts files too: an import inside them that does not resolve must fail here.
    skipLibCheck: false,
    typeRoots: [typeRoots],
    types: ['node'],
  },
  files: ['check.ts'],
});
