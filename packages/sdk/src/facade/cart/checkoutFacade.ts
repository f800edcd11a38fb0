import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { AddressInput, CHINA, normalisePhone } from '@shopstream/commerce/identity';
import type { AddressSnapshot, PlacedOrderState } from '@shopstream/commerce/ordering';
import type { CustomerCarts } from '../../shop/carts.js';
import type { ShopContext } from '../../shop/context.js';
import type { ShopError } from '../errors.js';
import { parse } from '../support.js';
import type { CheckoutAddress, CheckoutFacade } from './api.js';

export const checkoutFacade = (context: ShopContext, carts: CustomerCarts): CheckoutFacade => {
  const { gate, processes, identity, vault, ids, settings } = context;

  /** The order's copy of the address, sealed under the customer's key like the address book's. */
  const snapshot = async (customerId: string, shipTo: CheckoutAddress): Promise<Either<ShopError, AddressSnapshot>> => {
    if ('addressId' in shipTo) {
      // The identity service's cached user after one head read: the stream grows with every sign-in.
      const state = await identity.user(customerId);
      const saved = state.addresses.find((a) => a.addressId === shipTo.addressId);
      if (!saved) return E.left({ _tag: 'AddressNotFound', addressId: shipTo.addressId });
      const { recipientName, phone, lines, region } = saved.address;
      return E.right({ recipientName, phone, addressLines: lines, province: region.province, city: region.city, district: region.district ?? region.city });
    }
    const parsed = parse(AddressInput, shipTo.address);
    if (E.isLeft(parsed)) return parsed;
    const phone = normalisePhone(parsed.right.phone, CHINA);
    if (E.isLeft(phone)) return E.left({ _tag: 'InvalidInput', field: 'phone', reason: phone.left.reason });
    const { recipientName, lines, region } = parsed.right;
    const [sealedName, sealedPhone, sealedLines] = await Promise.all([vault.seal(customerId, recipientName), vault.seal(customerId, phone.right.value), vault.seal(customerId, lines)]);
    return E.right({ recipientName: sealedName, phone: sealedPhone, addressLines: sealedLines, province: region.province, city: region.city, district: region.district ?? region.city });
  };

  return {
    placeOrder: (customerId, request, options) =>
      gate.run(options, async (h): Promise<Either<ShopError, PlacedOrderState>> => {
        const cart = await carts.current(customerId);
        if (cart.state.status === 'none') return E.left({ _tag: 'CartEmpty', cartId: cart.cartId });
        const address = await snapshot(customerId, request.shipTo);
        if (E.isLeft(address)) return address;
        const placed = await processes.checkout.placeOrder(
          { cartId: cart.cartId, orderId: request.orderId ?? ids.next(), customerId, address: address.right, shippingFee: request.shippingFee ?? settings.shippingFee },
          h,
        );
        if (E.isLeft(placed)) return placed;
        const order = placed.right.state;
        return order.status === 'initial' ? E.left({ _tag: 'NotFound', entity: 'order', id: request.orderId ?? '' }) : E.right(order);
      }),
  };
};
