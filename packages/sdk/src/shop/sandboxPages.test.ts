import { ManualClock } from '@shopstream/kernel';
import { alipaySandbox } from '@shopstream/commerce/payment';
import { describe, expect, it } from 'vitest';
import { createShop } from './createShop.js';
import { address, cny, right, signedUp, testShop } from './testing.js';

describe("the sandbox providers' pages", () => {
  it("a host's base URL is where each payment's next action points, and the record shows its merchant", async () => {
    const { shop } = await testShop({ sandboxPages: { baseUrl: 'http://localhost:4321/api', merchantName: 'Tea House' } });
    const tea = right(await shop.catalog.createProduct({ title: { zh: '龙井', en: 'Longjing' }, skus: [{ sku: 'TEA', price: cny(5_000) }], publish: true }));
    right(await shop.inventory.receiveStock({ sku: 'TEA', quantity: 10, reference: 'PO-1' }));
    const userId = await signedUp(shop, 'mei@example.com');
    const { addressId } = right(await shop.accounts.addAddress(userId, { ...address, makeDefault: true }));
    right(await shop.cart.addItem(userId, { productId: tea.productId, sku: 'TEA', quantity: 1 }));
    const order = right(await shop.checkout.placeOrder(userId, { shipTo: { addressId } }));
    const started = right(await shop.payments.start(order.orderId, { method: 'alipay', returnUrl: 'http://localhost:4321/thanks' }, { customerId: userId }));
    expect(started.nextAction).toEqual({
      kind: 'redirect',
      url: `http://localhost:4321/api/alipay/gateway.do?trade_no=${started.providerReference}&return_url=http%3A%2F%2Flocalhost%3A4321%2Fthanks`,
    });
    expect(shop.sandbox?.payments.runs).toBe(true);
    expect(shop.sandbox?.payments.transaction(started.providerReference)).toMatchObject({
      method: 'alipay',
      merchantName: 'Tea House',
      amount: cny(5_000),
      returnUrl: 'http://localhost:4321/thanks',
      status: 'pending',
    });
    expect(shop.sandbox?.payments.transaction('no-such-reference')).toBeUndefined();
    await shop.stop();
  });

  it('a base URL that is not an absolute http(s) URL, or a blank merchant, is refused when the shop is created', async () => {
    for (const baseUrl of ['localhost:3000', '/api', 'ftp://pay.example', 'javascript:alert(1)']) {
      await expect(createShop({ storage: { kind: 'memory' }, sandboxPages: { baseUrl } })).rejects.toThrow(/sandboxPages.baseUrl/);
    }
    await expect(createShop({ storage: { kind: 'memory' }, sandboxPages: { merchantName: ' ' } })).rejects.toThrow(/merchantName/);
  });

  it('a shop with providers of its own says it runs no sandbox providers', async () => {
    const clock = new ManualClock('2026-05-04T08:00:00.000Z');
    const { shop } = await testShop({ clock, providers: { alipay: alipaySandbox({ secret: 's', clock, deliver: () => undefined }) } });
    expect(shop.sandbox?.payments.runs).toBe(false);
    await shop.stop();
  });
});
