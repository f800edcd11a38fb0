import * as E from 'fp-ts/lib/Either.js';
import { placed, unchanged } from './checks.js';
import type { Decide } from './checks.js';

/** Refunds on the order's ledger: never more than the balance, nor more than a line cost. */
export const recordRefund: Decide<'RecordOrderRefund'> = (data, state, { now }) => {
  const found = placed(state, data.orderId);
  if (E.isLeft(found)) return found;
  const order = found.right;
  const earlier = order.refunds.find((r) => r.refundId === data.refundId);
  if (earlier) {
    const same = earlier.amount.amount === data.amount.amount && earlier.amount.currency === data.amount.currency && earlier.lineId === (data.lineId ?? null);
    return same ? unchanged : E.left({ _tag: 'RefundAlreadyRecorded', refundId: data.refundId });
  }
  if (data.amount.currency !== order.currency) return E.left({ _tag: 'CurrencyMismatch', expected: order.currency, received: data.amount.currency });
  if (data.amount.amount <= 0) return E.left({ _tag: 'RefundAmountNotPositive', requested: data.amount });
  if (data.amount.amount > order.ledger.balance.amount) {
    return E.left({ _tag: 'RefundExceedsBalance', orderId: order.orderId, requested: data.amount, refundable: order.ledger.balance });
  }
  if (data.lineId !== undefined) {
    const line = order.lines.find((l) => l.lineId === data.lineId);
    if (!line) return E.left({ _tag: 'UnknownOrderLine', orderId: order.orderId, lineId: data.lineId });
    const refundable = { amount: line.net.amount - line.refunded.amount, currency: order.currency };
    if (data.amount.amount > refundable.amount) return E.left({ _tag: 'LineRefundExceedsNet', lineId: line.lineId, requested: data.amount, refundable });
  }
  return E.right([
    {
      type: 'OrderRefundRecorded',
      data: {
        orderId: order.orderId,
        refundId: data.refundId,
        amount: data.amount,
        reason: data.reason,
        ...(data.lineId === undefined ? {} : { lineId: data.lineId }),
        recordedAt: now.toISOString(),
      },
    },
  ]);
};
