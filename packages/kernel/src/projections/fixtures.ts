/**
 * Test fixtures for the projection runtime: a small cart history and two projections over it. Not exported
 * from the package; the runtime's tests, the crash test and the rebuild benchmark share them.
 */
import fc from 'fast-check';
import type { NewEvent, RecordedEvent } from '../events/event.js';
import type { EventStore } from '../eventStore/eventStore.js';
import type { Document, ReadStore } from '../readStore/readStore.js';
import type { Projection } from './projection.js';
import { defineProjection } from './projection.js';
import type { ProjectionRuntime } from './runtime.js';

export type CartEvent =
  | { readonly type: 'CartOpened'; readonly data: { readonly cartId: string; readonly customerId: string } }
  | { readonly type: 'ItemAdded'; readonly data: { readonly cartId: string; readonly sku: string; readonly quantity: number; readonly unitPrice: number } }
  | { readonly type: 'ItemRemoved'; readonly data: { readonly cartId: string; readonly sku: string } }
  | { readonly type: 'CheckedOut'; readonly data: { readonly cartId: string; readonly orderId: string } }
  | { readonly type: 'Poison'; readonly data: { readonly cartId: string } };

type CartLine = { readonly sku: string; readonly quantity: number; readonly unitPrice: number };
type CartDocument = {
  readonly _id: string;
  readonly customerId: string;
  readonly lines: readonly CartLine[];
  readonly total: number;
  readonly status: 'open' | 'checkedOut';
  readonly orderId: string | null;
  readonly updatedAt: string;
  readonly revision: number;
};

const totalOf = (lines: readonly CartLine[]) => lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);

/**
 * Carts and per-customer totals: reads its own documents back, replaces whole documents and uses `$inc`
 * upserts, so an event applied twice or skipped shows up in the result. `version` and `variant` let tests
 * change what the projection builds, as a real version bump would.
 */
export const cartProjection = (version = 1, variant: (event: RecordedEvent & CartEvent) => void | Promise<void> = () => undefined): Projection<CartEvent, 'carts' | 'customers'> =>
  defineProjection<CartEvent, 'carts' | 'customers'>({
    name: 'carts',
    version,
    collections: {
      carts: { indexes: [{ keys: { customerId: 1 } }, { keys: { status: 1, total: -1 } }] },
      customers: {},
    },
    handlers: {
      CartOpened: async (event, ctx) => {
        await variant(event);
        const cart: CartDocument = {
          _id: event.data.cartId,
          customerId: event.data.customerId,
          lines: [],
          total: 0,
          status: 'open',
          orderId: null,
          updatedAt: event.occurredAt,
          revision: event.revision,
        };
        await ctx.collection<CartDocument>('carts').replaceOne(cart, { upsert: true });
        await ctx.collection('customers').updateOne({ _id: event.data.customerId }, { $inc: { carts: 1 } }, { upsert: true });
      },
      ItemAdded: async (event, ctx) => {
        await variant(event);
        const carts = ctx.collection<CartDocument>('carts');
        const cart = await carts.get(event.data.cartId);
        if (!cart) return;
        const { sku, quantity, unitPrice } = event.data;
        const existing = cart.lines.find((line) => line.sku === sku);
        const lines = existing
          ? cart.lines.map((line) => (line.sku === sku ? { ...line, quantity: line.quantity + quantity } : line))
          : [...cart.lines, { sku, quantity, unitPrice }];
        await carts.replaceOne({ ...cart, lines, total: totalOf(lines) * version, updatedAt: event.occurredAt, revision: event.revision });
      },
      ItemRemoved: async (event, ctx) => {
        await variant(event);
        const carts = ctx.collection<CartDocument>('carts');
        const cart = await carts.get(event.data.cartId);
        if (!cart) return;
        const lines = cart.lines.filter((line) => line.sku !== event.data.sku);
        await carts.replaceOne({ ...cart, lines, total: totalOf(lines) * version, updatedAt: event.occurredAt, revision: event.revision });
      },
      CheckedOut: async (event, ctx) => {
        await variant(event);
        const carts = ctx.collection<CartDocument>('carts');
        const cart = await carts.get(event.data.cartId);
        if (!cart) return;
        await carts.updateOne({ _id: cart._id }, { $set: { status: 'checkedOut', orderId: event.data.orderId, updatedAt: event.occurredAt, revision: event.revision } });
        await ctx.collection('customers').updateOne({ _id: cart.customerId }, { $inc: { orders: 1, spent: cart.total } }, { upsert: true });
      },
      Poison: async (event) => {
        await variant(event);
      },
    },
  });

/** Counts checkouts per day: a second projection over the same log, for isolation tests. */
export const checkoutsPerDay = (): Projection<CartEvent, 'days'> =>
  defineProjection<CartEvent, 'days'>({
    name: 'checkouts-per-day',
    version: 1,
    collections: { days: {} },
    handlers: {
      CheckedOut: async (event, ctx) => {
        await ctx.collection('days').updateOne({ _id: event.occurredAt.slice(0, 10) }, { $inc: { checkouts: 1 } }, { upsert: true });
      },
    },
  });

/** One step of a generated shop history, small enough for fast-check to shrink. */
export type Step =
  | { readonly kind: 'open'; readonly cart: number; readonly customer: number }
  | { readonly kind: 'add'; readonly cart: number; readonly sku: number; readonly quantity: number; readonly unitPrice: number }
  | { readonly kind: 'remove'; readonly cart: number; readonly sku: number }
  | { readonly kind: 'checkout'; readonly cart: number }
  | { readonly kind: 'noise'; readonly cart: number };

/** Generates cart histories; the sizes say how many carts, customers and SKUs they spread over. */
export const stepArbitrary = (size: { carts: number; customers: number; skus: number; maxQuantity: number; maxUnitPrice: number }): fc.Arbitrary<Step> => {
  const cart = fc.integer({ min: 1, max: size.carts });
  const sku = fc.integer({ min: 1, max: size.skus });
  return fc.oneof(
    fc.record({ kind: fc.constant('open' as const), cart, customer: fc.integer({ min: 1, max: size.customers }) }),
    fc.record({
      kind: fc.constant('add' as const),
      cart,
      sku,
      quantity: fc.integer({ min: 1, max: size.maxQuantity }),
      unitPrice: fc.integer({ min: 1, max: size.maxUnitPrice }),
    }),
    fc.record({ kind: fc.constant('remove' as const), cart, sku }),
    fc.record({ kind: fc.constant('checkout' as const), cart }),
    fc.record({ kind: fc.constant('noise' as const), cart }),
  );
};

/** The events of a history, stream by stream; steps on carts that are not open yet still append, as noise does. */
export const eventsOf = (steps: readonly Step[], startMs = Date.parse('2026-03-01T08:00:00.000Z')): { stream: string; event: NewEvent }[] =>
  steps.map((step, i) => {
    const cartId = `cart-${step.cart}`;
    const occurredAt = new Date(startMs + i * 7 * 60_000).toISOString();
    const stream = `cart-0000000${step.cart}`;
    switch (step.kind) {
      case 'open':
        return { stream, event: { type: 'CartOpened', data: { cartId, customerId: `customer-${step.customer}` }, occurredAt } };
      case 'add':
        return { stream, event: { type: 'ItemAdded', data: { cartId, sku: `sku-${step.sku}`, quantity: step.quantity, unitPrice: step.unitPrice }, occurredAt } };
      case 'remove':
        return { stream, event: { type: 'ItemRemoved', data: { cartId, sku: `sku-${step.sku}` }, occurredAt } };
      case 'checkout':
        return { stream, event: { type: 'CheckedOut', data: { cartId, orderId: `order-${i}` }, occurredAt } };
      case 'noise':
        return { stream, event: { type: 'CartViewed', data: { cartId }, occurredAt } };
    }
  });

export const appendSteps = async (store: EventStore, steps: readonly Step[], startMs?: number): Promise<number> => {
  let position = 0;
  for (const { stream, event } of eventsOf(steps, startMs)) position = (await store.append(stream, [event])).position;
  return position;
};

/** Every document of every collection of a projection's live build, sorted, for comparing two builds. */
export const dump = async (runtime: ProjectionRuntime, projection: Projection<CartEvent, string>): Promise<Record<string, Document[]>> => {
  const result: Record<string, Document[]> = {};
  for (const logical of projection.logicalNames) result[logical] = await runtime.collection(projection.name, logical).find({}, { sort: { _id: 1 } });
  return result;
};

/** Every physical collection in the store with its documents, for checking what a failed batch left behind. */
export const dumpStore = async (readStore: ReadStore): Promise<Record<string, Document[]>> => {
  const result: Record<string, Document[]> = {};
  for (const name of (await readStore.listCollections()).sort()) result[name] = await readStore.collection(name).find({}, { sort: { _id: 1 } });
  return result;
};
