import fc from 'fast-check';
import type { HistoryStep } from '../../testing/harness.js';
import {
  brandDefined,
  caseApproved,
  caseRejected,
  cartItemAdded,
  cartMerged,
  cartOpened,
  categoryDefined,
  orderPaid,
  orderPlaced,
  paymentStarted,
  productCreated,
  productRevised,
  productViewed,
  refundRecorded,
  returnRequested,
  sessionIdentified,
} from './events.js';

const uuid = (prefix: string, n: number): string => `00000000-0000-4000-8000-${prefix}${String(n).padStart(12 - prefix.length, '0')}`;
export const PRODUCTS = [0, 1, 2].map((n) => uuid('a', n));
const CATEGORIES = [0, 1].map((n) => uuid('c', n));
const BRANDS = [0, 1].map((n) => uuid('b', n));
const PLACES = [
  ['浙江省', '杭州市'],
  ['浙江省', '宁波市'],
  ['广东省', '深圳市'],
] as const;
const METHODS = ['alipay', 'wechat_pay', 'unionpay', 'card'] as const;
const REASONS = ['no_reason', 'quality_defect', 'wrong_item'] as const;

type Action =
  | { readonly kind: 'catalog'; readonly product: number; readonly category: number | null; readonly brand: number | null }
  | {
      readonly kind: 'order';
      readonly customer: number;
      readonly place: number;
      readonly currency: 'CNY' | 'USD';
      readonly channel: 'web' | 'app' | 'mini_program' | 'api' | null;
      readonly lines: readonly { readonly product: number; readonly quantity: number; readonly net: number }[];
    }
  | { readonly kind: 'pay'; readonly order: number; readonly method: number }
  | { readonly kind: 'refund'; readonly order: number; readonly amount: number; readonly line: number | null }
  | { readonly kind: 'return'; readonly order: number; readonly reason: number; readonly outcome: 'none' | 'approved' | 'rejected' }
  | { readonly kind: 'view'; readonly guest: boolean; readonly who: number; readonly product: number }
  | { readonly kind: 'identify'; readonly session: number; readonly customer: number }
  | { readonly kind: 'cart'; readonly cart: number; readonly customer: number | null; readonly mergeInto: number | null };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('catalog' as const), product: fc.nat(2), category: fc.option(fc.nat(1)), brand: fc.option(fc.nat(1)) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('order' as const),
      customer: fc.nat(3),
      place: fc.nat(2),
      currency: fc.constantFrom('CNY' as const, 'CNY' as const, 'USD' as const),
      channel: fc.constantFrom('web' as const, 'app' as const, 'mini_program' as const, 'api' as const, null),
      lines: fc.array(fc.record({ product: fc.nat(2), quantity: fc.integer({ min: 1, max: 3 }), net: fc.nat(5_000) }), { minLength: 1, maxLength: 3 }),
    }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('pay' as const), order: fc.nat(20), method: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('refund' as const), order: fc.nat(20), amount: fc.nat(3_000), line: fc.option(fc.nat(2)) }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('return' as const), order: fc.nat(20), reason: fc.nat(2), outcome: fc.constantFrom('none' as const, 'approved' as const, 'rejected' as const) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('view' as const), guest: fc.boolean(), who: fc.nat(3), product: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('identify' as const), session: fc.nat(3), customer: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cart' as const), cart: fc.nat(3), customer: fc.option(fc.nat(3)), mergeInto: fc.option(fc.nat(3)) }) },
);

interface PlacedOrder {
  readonly orderId: string;
  readonly customerId: string;
  readonly total: number;
  readonly lines: readonly { readonly lineId: string; readonly sku: string; readonly quantity: number }[];
  paid: boolean;
}

/** Turns actions into valid appends, with instants that move forward by up to four days a step (spanning weeks and months). */
const historyOf = (actions: readonly Action[], gaps: readonly number[]): HistoryStep[] => {
  const steps: HistoryStep[] = [
    ...CATEGORIES.map((id, n) => categoryDefined(id, `类目${n}`, `Category ${n}`, '2026-01-01T00:00:00.000Z')),
    ...BRANDS.map((id, n) => brandDefined(id, `品牌${n}`, `Brand ${n}`, '2026-01-01T00:00:00.000Z')),
  ];
  const orders: PlacedOrder[] = [];
  const created = new Set<number>();
  const carts = new Map<number, string | null>();
  let clock = Date.parse('2026-01-01T00:00:00.000Z');
  actions.forEach((act, i) => {
    clock += (gaps[i] ?? 0) * 60_000;
    const at = new Date(clock).toISOString();
    const orderAt = (n: number): PlacedOrder | undefined => (orders.length === 0 ? undefined : orders[n % orders.length]);
    switch (act.kind) {
      case 'catalog': {
        const categories = act.category === null ? [] : [CATEGORIES[act.category] ?? ''];
        const brand = act.brand === null ? null : (BRANDS[act.brand] ?? null);
        const product = PRODUCTS[act.product] ?? '';
        steps.push(created.has(act.product) ? productRevised(product, categories, brand, at) : productCreated(product, categories, brand, at));
        created.add(act.product);
        return;
      }
      case 'order': {
        const orderId = `o${orders.length}`;
        const [province, city] = PLACES[act.place] ?? PLACES[0];
        const lines = act.lines.map((line, n) => ({ lineId: `l${n}`, productId: PRODUCTS[line.product] ?? '', quantity: line.quantity, net: line.net }));
        steps.push(orderPlaced({ orderId, customerId: `c${act.customer}`, lines, province, city, currency: act.currency, at, ...(act.channel === null ? {} : { client: { channel: act.channel } }) }));
        orders.push({
          orderId,
          customerId: `c${act.customer}`,
          total: lines.reduce((sum, line) => sum + line.net, 0),
          lines: lines.map((line) => ({ lineId: line.lineId, sku: `SKU-${line.lineId}`, quantity: line.quantity })),
          paid: false,
        });
        return;
      }
      case 'pay': {
        const order = orderAt(act.order);
        if (order === undefined || order.paid) return;
        steps.push(paymentStarted(order.orderId, `${order.orderId}-a`, METHODS[act.method] ?? 'alipay', order.total, at));
        steps.push(orderPaid(order.orderId, `${order.orderId}-a`, order.total, at));
        order.paid = true;
        return;
      }
      case 'refund': {
        const order = orderAt(act.order);
        if (order === undefined || !order.paid) return;
        const line = act.line === null ? undefined : order.lines[act.line % order.lines.length]?.lineId;
        steps.push(refundRecorded(order.orderId, `${order.orderId}-r${i}`, act.amount, at, line));
        return;
      }
      case 'return': {
        const order = orderAt(act.order);
        if (order === undefined || !order.paid) return;
        const caseId = `case${i}`;
        steps.push(returnRequested({ caseId, orderId: order.orderId, customerId: order.customerId, reason: REASONS[act.reason] ?? 'no_reason', lines: order.lines.slice(0, 1), at }));
        if (act.outcome === 'approved') steps.push(caseApproved(caseId, order.orderId, at));
        if (act.outcome === 'rejected') steps.push(caseRejected(caseId, order.orderId, at));
        return;
      }
      case 'view':
        steps.push(productViewed({ kind: act.guest ? 'session' : 'customer', id: act.guest ? `s${act.who}` : `c${act.who}` }, PRODUCTS[act.product] ?? '', at));
        return;
      case 'identify':
        steps.push(sessionIdentified(`s${act.session}`, `c${act.customer}`, at));
        return;
      case 'cart': {
        const cartId = uuid('d', act.cart);
        if (!carts.has(act.cart)) {
          const user = act.customer === null ? null : `c${act.customer}`;
          steps.push(cartOpened(cartId, user, at));
          carts.set(act.cart, user);
        }
        steps.push(cartItemAdded(cartId, PRODUCTS[0] ?? '', at));
        if (act.mergeInto !== null && act.mergeInto !== act.cart && carts.get(act.cart) === null && carts.has(act.mergeInto)) {
          steps.push(cartMerged(cartId, uuid('d', act.mergeInto), at));
        }
        return;
      }
    }
  });
  return steps;
};

/** Random but valid shop histories touching everything the reports project. */
export const shopHistory = (maxActions = 30): fc.Arbitrary<HistoryStep[]> =>
  fc
    .array(fc.tuple(action, fc.integer({ min: 0, max: 4 * 24 * 60 })), { minLength: 5, maxLength: maxActions, size: 'max' })
    .map((pairs) => historyOf(pairs.map(([a]) => a), pairs.map(([, gap]) => gap)));
