import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { add, allocate, money, subtract, sum, times } from '../shared/money.js';
import type { Money } from '../shared/money.js';
import type { OrderLineInput } from './commands.js';
import type { OrderingError } from './errors.js';
import type { OrderDiscount, PlacedOrderLine } from './events.js';

export interface PricedOrder {
  readonly lines: readonly PlacedOrderLine[];
  readonly itemsSubtotal: Money;
  readonly discountTotal: Money;
  readonly total: Money;
}

/**
 * Prices an order from the cart's facts. Order-level discounts are spread over the lines in proportion to
 * what each line costs after its own discounts, so that a later refund of one line gives back exactly what
 * the customer paid for it, and the shares add up to the discount to the fen.
 */
export const priceOrder = (
  currency: string,
  inputs: readonly OrderLineInput[],
  discounts: readonly OrderDiscount[],
  shippingFee: Money,
): Either<OrderingError, PricedOrder> => {
  const seen = new Set<string>();
  const amounts = [...inputs.flatMap((l) => [l.unitPrice, l.discount]), ...discounts.map((d) => d.amount), shippingFee];
  const foreign = amounts.find((m) => m.currency !== currency);
  if (foreign) return E.left({ _tag: 'CurrencyMismatch', expected: currency, received: foreign.currency });

  const afterLineDiscounts: Money[] = [];
  for (const line of inputs) {
    if (seen.has(line.lineId)) return E.left({ _tag: 'RepeatedOrderLine', lineId: line.lineId });
    seen.add(line.lineId);
    const subtotal = times(line.unitPrice, line.quantity);
    if (line.discount.amount > subtotal.amount) {
      return E.left({ _tag: 'LineDiscountExceedsSubtotal', lineId: line.lineId, subtotal, discount: line.discount });
    }
    afterLineDiscounts.push(subtract(subtotal, line.discount));
  }

  const items = sum(afterLineDiscounts, currency);
  const orderDiscount = sum(
    discounts.map((d) => d.amount),
    currency,
  );
  if (orderDiscount.amount > items.amount) return E.left({ _tag: 'OrderDiscountExceedsItems', items, discount: orderDiscount });

  const shares = allocate(
    orderDiscount,
    afterLineDiscounts.map((m) => m.amount),
  );
  const lines = inputs.map((line, i): PlacedOrderLine => {
    const before = afterLineDiscounts[i] ?? money(0, currency);
    const share = shares[i] ?? money(0, currency);
    return {
      lineId: line.lineId,
      productId: line.productId,
      sku: line.sku,
      title: line.title,
      unitPrice: line.unitPrice,
      quantity: line.quantity,
      subtotal: times(line.unitPrice, line.quantity),
      lineDiscount: line.discount,
      orderDiscountShare: share,
      net: subtract(before, share),
    };
  });
  const itemsSubtotal = sum(
    lines.map((l) => l.subtotal),
    currency,
  );
  const discountTotal = add(
    sum(
      lines.map((l) => l.lineDiscount),
      currency,
    ),
    orderDiscount,
  );
  return E.right({ lines, itemsSubtotal, discountTotal, total: add(sum(lines.map((l) => l.net), currency), shippingFee) });
};
