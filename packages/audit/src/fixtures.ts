import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import * as E from 'fp-ts/lib/Either.js';
import { ManualClock } from '@shopstream/kernel';
import type { EventStore } from '@shopstream/kernel';
import { SCRYPT_DEFAULTS, scryptPasswordHasher } from '@shopstream/commerce/identity';
import { createShop } from '@shopstream/sdk';
import type { KeyStore } from '@shopstream/sdk';

const ok = <T>(result: E.Either<{ readonly _tag: string }, T>, what: string): T => {
  if (E.isLeft(result)) throw new Error(`${what} failed: ${JSON.stringify(result.left)}`);
  return result.right;
};

export const SHOP_START = '2026-05-04T08:00:00.000Z';

/** The request id the order was placed under. */
export const CHECKOUT_REQUEST = 'checkout-request-1';

/** What the fixture shop did, and when, for the tests to look back at. */
export interface ShopHistory {
  readonly dataDir: string;
  readonly productId: string;
  readonly customerId: string;
  readonly erasedCustomerId: string;
  readonly orderId: string;
  /** The shop clock at which the order was placed; payment happens twenty minutes later. */
  readonly placedAt: string;
  readonly paidAt: string;
}

/**
 * A real embedded shop's data folder, written through `createShop` on SQLite: a product, two customers (one who
 * closed their account and had their personal data erased), an order placed, then paid twenty minutes later. Its
 * personal-data keys go to `keyStore` when one is given, else to the folder's `keys.db`.
 */
export const writeShopData = async (dataDir = mkdtempSync(join(tmpdir(), 'shopstream-audit-')), options: { readonly keyStore?: KeyStore } = {}): Promise<ShopHistory> => {
  const clock = new ManualClock(SHOP_START);
  const passwordHasher = scryptPasswordHasher({ ...SCRYPT_DEFAULTS, N: 2 ** 4 });
  // A key store given (as a scaled-out shop's on MongoDB) replaces the folder's keys.db.
  const shop = await createShop({ dataDir, storage: { kind: 'sqlite', dataDir }, clock, passwordHasher, ...(options.keyStore ? { keyStore: options.keyStore } : {}) });
  await shop.start();
  try {
    const tea = ok(
      await shop.catalog.createProduct({
        title: { zh: '西湖龙井', en: 'Longjing tea' },
        skus: [{ sku: 'TEA-250G', price: { amount: 5_000, currency: 'CNY' } }],
        publish: true,
      }),
      'createProduct',
    );
    ok(await shop.inventory.receiveStock({ sku: 'TEA-250G', quantity: 10, reference: 'PO-1' }), 'receiveStock');
    const register = async (contact: string) => {
      const { userId } = ok(await shop.identity.register({ contact, password: 'a long passphrase' }), 'register');
      ok(await shop.identity.verifyContact(userId, shop.sandbox?.outbox.codeSentTo(contact) ?? ''), 'verifyContact');
      return userId;
    };
    const customerId = await register('mei@example.com');
    const erasedCustomerId = await register('lei@example.com');
    ok(await shop.identity.closeAccount(erasedCustomerId, { by: 'customer' }), 'closeAccount');
    ok(await shop.identity.erasePersonalData(erasedCustomerId), 'erasePersonalData');

    ok(await shop.cart.addItem(customerId, { productId: tea.productId, sku: 'TEA-250G', quantity: 2 }), 'addItem');
    const placedAt = clock.now().toISOString();
    const order = ok(
      await shop.checkout.placeOrder(
        customerId,
        { shipTo: { address: { recipientName: '李梅', phone: '13800138000', region: { country: 'CN', province: '上海', city: '上海', district: '徐汇区' }, lines: '漕溪北路 1 号' } } },
        // What a host passes for a request (the reference API: its X-Request-Id and the signed-in customer).
        { metadata: { correlationId: CHECKOUT_REQUEST, actor: { kind: 'customer', id: customerId } } },
      ),
      'placeOrder',
    );
    // Everything the order set off happens at the placing time, before the clock moves on.
    await shop.settle();
    // Inside the 30-minute payment window: past it, the payment timeout's timer is due, and whether the scheduler
    // fires it before the payment starts would depend on how busy the machine is (an extra event, now and then).
    clock.advance(20 * 60_000);
    const paidAt = clock.now().toISOString();
    const payment = ok(await shop.payments.start(order.orderId, { method: 'wechat_pay' }, { customerId }), 'startPayment');
    await shop.sandbox?.payments.complete(payment.providerReference);
    await shop.settle();
    return { dataDir, productId: tea.productId, customerId, erasedCustomerId, orderId: order.orderId, placedAt, paidAt };
  } finally {
    await shop.stop();
  }
};

/** A copy of a data folder with its log edited behind the store's back, as a tamperer would. */
export const tamperedCopy = (dataDir: string, sql: string): string => {
  const copy = join(mkdtempSync(join(tmpdir(), 'shopstream-tampered-')), 'data');
  cpSync(dataDir, copy, { recursive: true });
  const db = new Database(join(copy, 'events.sqlite'));
  db.exec(sql);
  db.close();
  return copy;
};

/**
 * Appends a log's events, as stored, to another store in log order, one conditioned append each: what moving a
 * shop's history to EventStoreDB with its adapter writes. The hash chain does not cover positions, so the copy's
 * hashes are the original's when the target store chains as every store must.
 */
export const copyHistory = async (from: EventStore, to: EventStore): Promise<number> => {
  let copied = 0;
  for (let after = 0; ; ) {
    const page = await from.readAll({ after, maxCount: 500, raw: true });
    for (const event of page) {
      const { id, type, schemaVersion, occurredAt, data, metadata } = event;
      await to.append(event.stream, [{ id, type, schemaVersion, occurredAt, data, metadata }], { expectedRevision: event.revision === 0 ? 'no_stream' : event.revision - 1 });
      copied += 1;
    }
    const last = page.at(-1);
    if (last === undefined) return copied;
    after = last.position;
  }
};
