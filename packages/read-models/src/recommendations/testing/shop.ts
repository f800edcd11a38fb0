import fc from 'fast-check';
import type { HistoryStep } from '../../testing/harness.js';
import {
  accountClosed,
  at,
  brandId,
  categoryId,
  consent,
  customer,
  favourited,
  orderCancelled,
  orderPaid,
  orderPlaced,
  productId,
  productListed,
  productPublished,
  productRevised,
  reservationEnded,
  session,
  sessionIdentified,
  stockCounted,
  stockReceived,
  stockReserved,
  uuidOf,
  viewed,
} from './events.js';

/**
 * A small shop for property tests: three categories of three products each, every category with its own brand,
 * all published with stock at first. Random actions then play on it; `referenceOf` says, independently of the
 * projection, what is listed and what each customer bought.
 */
export const CATEGORIES = [1, 2, 3].map(categoryId);
export const PRODUCTS = Array.from({ length: 9 }, (_, i) => productId(i + 1));
export const categoryOfProduct = (product: string): string => CATEGORIES[Math.floor(PRODUCTS.indexOf(product) / 3)] ?? '';
export const productsOf = (category: string): string[] => PRODUCTS.filter((p) => categoryOfProduct(p) === category);
export const CUSTOMERS = ['c-0', 'c-1', 'c-2', 'c-3'];
const SESSIONS = ['s-0', 's-1', 's-2'];

export const catalogSteps = (): HistoryStep[] =>
  PRODUCTS.flatMap((p) => {
    const index = Math.floor(PRODUCTS.indexOf(p) / 3) + 1;
    return [productListed(p, { categories: [categoryId(index)], brand: brandId(index) }), stockReceived(p, 10)];
  });

export type Action =
  | { readonly kind: 'view'; readonly who: { readonly kind: 'customer' | 'session'; readonly id: string }; readonly product: string }
  | { readonly kind: 'favourite'; readonly customer: string; readonly product: string }
  | { readonly kind: 'order'; readonly customer: string; readonly products: readonly string[]; readonly paid: boolean }
  | { readonly kind: 'stock'; readonly product: string; readonly counted: number }
  | { readonly kind: 'reserve'; readonly product: string; readonly quantity: number; readonly end: 'commit' | 'release' | 'hold' }
  | { readonly kind: 'revise'; readonly product: string; readonly category: number }
  | { readonly kind: 'publish'; readonly product: string; readonly published: boolean }
  | { readonly kind: 'consent'; readonly customer: string; readonly given: boolean }
  | { readonly kind: 'identify'; readonly session: string; readonly customer: string }
  | { readonly kind: 'close'; readonly customer: string };

/** An action with how many minutes passed before it: up to about two days, so windows open and close. */
export type TimedAction = { readonly gap: number; readonly action: Action };

const productArb = fc.constantFrom(...PRODUCTS);
const actionArb = (customers: readonly string[], catalogChanges: boolean): fc.Arbitrary<Action> => {
  const customerArb = fc.constantFrom(...customers);
  const revise = fc.record({ kind: fc.constant('revise' as const), product: productArb, category: fc.integer({ min: 1, max: CATEGORIES.length }) });
  return fc.oneof(
    ...(catalogChanges ? [{ weight: 1, arbitrary: revise }] : []),
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('reserve' as const),
        product: productArb,
        quantity: fc.integer({ min: 1, max: 3 }),
        end: fc.constantFrom('commit' as const, 'release' as const, 'hold' as const),
      }),
    },
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('view' as const), who: fc.oneof(customerArb.map(customer), fc.constantFrom(...SESSIONS).map(session)), product: productArb }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('favourite' as const), customer: customerArb, product: productArb }) },
    {
      weight: 4,
      arbitrary: fc.record({ kind: fc.constant('order' as const), customer: customerArb, products: fc.uniqueArray(productArb, { minLength: 1, maxLength: 3 }), paid: fc.boolean() }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('stock' as const), product: productArb, counted: fc.integer({ min: 0, max: 2 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('publish' as const), product: productArb, published: fc.boolean() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('consent' as const), customer: customerArb, given: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('identify' as const), session: fc.constantFrom(...SESSIONS), customer: customerArb }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), customer: customerArb }) },
  );
};

export const timedActionsArb = (
  options: {
    readonly customers?: readonly string[];
    readonly minLength?: number;
    readonly maxLength?: number;
    /** Whether products may move to another category (which the "strong preference" property cannot follow). */
    readonly catalogChanges?: boolean;
  } = {},
): fc.Arbitrary<TimedAction[]> =>
  fc.array(
    fc.record({ gap: fc.oneof(fc.integer({ min: 0, max: 90 }), fc.integer({ min: 0, max: 3000 })), action: actionArb(options.customers ?? CUSTOMERS, options.catalogChanges ?? false) }),
    { minLength: options.minLength ?? 0, maxLength: options.maxLength ?? 25 },
  );

/** The history steps of timed actions, starting at `startMinute`; orders get ids from `orderPrefix`. */
export const stepsOf = (actions: readonly TimedAction[], startMinute = 0, orderPrefix = 'o'): { readonly steps: HistoryStep[]; readonly endMinute: number } => {
  let minute = startMinute;
  const steps: HistoryStep[] = [];
  actions.forEach(({ gap, action }, index) => {
    minute += gap;
    const when = at(minute);
    switch (action.kind) {
      case 'view':
        steps.push(viewed(action.who, action.product, when));
        break;
      case 'favourite':
        steps.push(favourited(customer(action.customer), action.product, when));
        break;
      case 'order': {
        const orderId = `${orderPrefix}-${index}`;
        steps.push(orderPlaced(orderId, action.customer, action.products, when));
        steps.push(action.paid ? orderPaid(orderId, 1000 * action.products.length, when) : orderCancelled(orderId, when));
        break;
      }
      case 'stock':
        steps.push(stockCounted(action.product, action.counted, 0, when));
        break;
      case 'publish':
        steps.push(productPublished(action.product, action.published, when));
        break;
      case 'reserve': {
        const reservation = uuidOf(index + 1);
        const order = uuidOf(1000 + index);
        steps.push(stockReserved(action.product, reservation, order, action.quantity, when));
        if (action.end === 'commit') steps.push(reservationEnded(action.product, reservation, order, action.quantity, 'StockReservationCommitted', when));
        if (action.end === 'release') steps.push(reservationEnded(action.product, reservation, order, action.quantity, 'StockReservationReleased', when));
        break;
      }
      case 'revise':
        steps.push(productRevised(action.product, categoryId(action.category), brandId(action.category), when));
        break;
      case 'consent':
        steps.push(consent(action.customer, action.given, when));
        break;
      case 'identify':
        steps.push(sessionIdentified(action.session, action.customer, when));
        break;
      case 'close':
        steps.push(accountClosed(action.customer, when));
        break;
    }
  });
  return { steps, endMinute: minute };
};

export interface Reference {
  readonly listed: ReadonlySet<string>;
  /** What each customer bought since their account last closed. */
  readonly bought: ReadonlyMap<string, ReadonlySet<string>>;
  /** Customers whose latest word on personalisation is yes, and whose account has not closed since. */
  readonly consenting: ReadonlySet<string>;
}

/** What the actions mean, folded without the projection. */
export const referenceOf = (actions: readonly Action[]): Reference => {
  const published = new Map(PRODUCTS.map((p) => [p, true]));
  const stock = new Map(PRODUCTS.map((p) => [p, 10]));
  /** Units held by reservations still open, per product. */
  const held = new Map(PRODUCTS.map((p) => [p, 0]));
  const bought = new Map<string, Set<string>>();
  const consenting = new Set<string>();
  for (const action of actions) {
    if (action.kind === 'stock') stock.set(action.product, action.counted);
    if (action.kind === 'reserve' && action.end === 'hold') held.set(action.product, (held.get(action.product) ?? 0) + action.quantity);
    if (action.kind === 'reserve' && action.end === 'commit') stock.set(action.product, (stock.get(action.product) ?? 0) - action.quantity);
    if (action.kind === 'publish') published.set(action.product, action.published);
    if (action.kind === 'order' && action.paid) {
      const set = bought.get(action.customer) ?? new Set<string>();
      for (const p of action.products) set.add(p);
      bought.set(action.customer, set);
    }
    if (action.kind === 'consent') {
      if (action.given) consenting.add(action.customer);
      else consenting.delete(action.customer);
    }
    if (action.kind === 'close') {
      bought.delete(action.customer);
      consenting.delete(action.customer);
    }
  }
  return { listed: new Set(PRODUCTS.filter((p) => published.get(p) === true && (stock.get(p) ?? 0) - (held.get(p) ?? 0) > 0)), bought, consenting };
};
