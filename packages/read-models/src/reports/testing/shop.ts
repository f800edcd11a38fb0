import type { HistoryStep } from '../../testing/harness.js';
import { brandDefined, categoryDefined, orderPaid, orderPlaced, paymentStarted, productCreated, refundRecorded } from './events.js';

/** Ids of the small shop the sales tests compute by hand. */
export const TEA = '00000000-0000-4000-8000-000000000001';
export const CUP = '00000000-0000-4000-8000-000000000002';
export const TEA_CATEGORY = '00000000-0000-4000-8000-0000000000c1';
export const TEAWARE_CATEGORY = '00000000-0000-4000-8000-0000000000c2';
export const WEST_LAKE_BRAND = '00000000-0000-4000-8000-0000000000b1';

/**
 * Four orders, in Asia/Shanghai:
 * - o1 (c1, first order) 2026-02-01 01:00 local: tea x2 net 32.40, cup x1 net 4.50; Hangzhou; alipay.
 * - o2 (c1, returning) 2026-02-10: tea x1 net 19.99; Hangzhou; wechat_pay; 5.00 refunded on the tea line.
 * - o3 (c2, first order) 2026-02-15: tea x1 net 18.00, cup x3 net 12.00; Shenzhen; card; 10.00 refunded on
 *   the whole order, spread 18:12 -> 6.00 tea, 4.00 cup.
 * - o4 (c3, first order) 2026-01-20: cup x1 net 5.00; Hangzhou; never paid.
 */
export const smallShop: readonly HistoryStep[] = [
  categoryDefined(TEA_CATEGORY, '茶叶', 'Tea', '2026-01-01T00:00:00.000Z'),
  categoryDefined(TEAWARE_CATEGORY, '茶具', 'Teaware', '2026-01-01T00:00:00.000Z'),
  brandDefined(WEST_LAKE_BRAND, '西湖', 'West Lake', '2026-01-01T00:00:00.000Z'),
  productCreated(TEA, [TEA_CATEGORY], WEST_LAKE_BRAND, '2026-01-01T00:00:00.000Z'),
  productCreated(CUP, [TEAWARE_CATEGORY], null, '2026-01-01T00:00:00.000Z'),
  orderPlaced({ orderId: 'o4', customerId: 'c3', lines: [{ lineId: 'l1', productId: CUP, quantity: 1, net: 500 }], at: '2026-01-20T03:00:00.000Z' }),
  orderPlaced({
    orderId: 'o1',
    customerId: 'c1',
    lines: [
      { lineId: 'l1', productId: TEA, quantity: 2, net: 3240 },
      { lineId: 'l2', productId: CUP, quantity: 1, net: 450 },
    ],
    shippingFee: 1000,
    at: '2026-01-31T17:00:00.000Z',
  }),
  paymentStarted('o1', 'a1', 'alipay', 4690, '2026-01-31T17:01:00.000Z'),
  orderPaid('o1', 'a1', 4690, '2026-01-31T17:02:00.000Z'),
  orderPlaced({ orderId: 'o2', customerId: 'c1', lines: [{ lineId: 'l1', productId: TEA, quantity: 1, net: 1999 }], at: '2026-02-10T02:00:00.000Z' }),
  paymentStarted('o2', 'a2', 'wechat_pay', 1999, '2026-02-10T02:01:00.000Z'),
  orderPaid('o2', 'a2', 1999, '2026-02-10T02:02:00.000Z'),
  refundRecorded('o2', 'r1', 500, '2026-02-12T02:00:00.000Z', 'l1'),
  orderPlaced({
    orderId: 'o3',
    customerId: 'c2',
    lines: [
      { lineId: 'l1', productId: TEA, quantity: 1, net: 1800 },
      { lineId: 'l2', productId: CUP, quantity: 3, net: 1200 },
    ],
    province: '广东省',
    city: '深圳市',
    at: '2026-02-15T03:00:00.000Z',
  }),
  paymentStarted('o3', 'a3', 'card', 3000, '2026-02-15T03:01:00.000Z'),
  orderPaid('o3', 'a3', 3000, '2026-02-15T03:02:00.000Z'),
  refundRecorded('o3', 'r2', 1000, '2026-02-20T03:00:00.000Z'),
];
