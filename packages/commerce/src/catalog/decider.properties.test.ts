import { fold } from '@shopstream/kernel';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { Money } from '../shared/money.js';
import type { ProductCommand } from './commands.js';
import { missingForPublish, productDecider } from './decider.js';
import type { ProductState } from './decider.js';
import { productEvents } from './events.js';
import type { ProductEvent } from './events.js';

const productId = '00000000-0000-4000-8000-0000000000a1';
const ids = ['00000000-0000-4000-8000-0000000000a2', '00000000-0000-4000-8000-0000000000a3'];
const now = new Date('2026-01-01T00:00:00.000Z');

const arbSku = fc.constantFrom('A', 'B');
const arbText = fc.record({ zh: fc.constantFrom('', ' ', '茶'), en: fc.constantFrom('', 'Tea') });
const arbPrice: fc.Arbitrary<Money> = fc.record({ amount: fc.integer({ min: -5, max: 10_000 }), currency: fc.constantFrom('CNY', 'CNY', 'USD') });
const arbDetails = fc.record({
  title: arbText,
  description: arbText,
  brandId: fc.constantFrom(null, ...ids),
  categoryIds: fc.subarray(ids),
  attributes: fc.dictionary(fc.constantFrom('colour', 'size'), fc.string({ maxLength: 3 })),
});

const arbCreate = arbDetails.map((d): ProductCommand => ({ type: 'CreateProduct', productId, ...d, currency: 'CNY' }));
const arbCommand: fc.Arbitrary<ProductCommand> = fc.oneof(
  arbCreate,
  arbDetails.map((d) => ({ type: 'ReviseProductDetails' as const, productId, ...d })),
  fc.record({ sku: arbSku, price: fc.option(arbPrice, { nil: null }) }).map((c) => ({ type: 'AddProductSku' as const, productId, attributes: {}, ...c })),
  arbSku.map((sku) => ({ type: 'RemoveProductSku' as const, productId, sku })),
  fc.record({ sku: arbSku, price: arbPrice }).map((c) => ({ type: 'ChangeProductPrice' as const, productId, ...c })),
  fc.constantFrom(...ids).map((imageId) => ({ type: 'AddProductImage' as const, productId, imageId, url: 'https://img.example.com/x.jpg', alt: { zh: '', en: '' } })),
  fc.constantFrom(...ids).map((imageId) => ({ type: 'RemoveProductImage' as const, productId, imageId })),
  fc.constant({ type: 'PublishProduct' as const, productId }),
  fc.constant({ type: 'UnpublishProduct' as const, productId }),
);

const anyProduct = fc.constantFrom(productId, ...ids);
const validPrice = fc.record({ amount: fc.nat({ max: 10_000 }), currency: fc.constant('CNY') });
/** Any event the schemas accept, in any order, for this product or another: what evolve must survive. */
const arbEvent: fc.Arbitrary<ProductEvent> = fc.oneof(
  fc.record({ productId: anyProduct, d: arbDetails }).map(({ productId, d }) => ({ type: 'ProductCreated' as const, data: { productId, ...d, currency: 'CNY' } })),
  fc.record({ productId: anyProduct, d: arbDetails }).map(({ productId, d }) => ({ type: 'ProductDetailsRevised' as const, data: { productId, ...d } })),
  fc.record({ productId: anyProduct, sku: arbSku, attributes: fc.constant({}), price: fc.option(validPrice, { nil: null }) }).map((data) => ({ type: 'ProductSkuAdded' as const, data })),
  fc.record({ productId: anyProduct, sku: arbSku }).map((data) => ({ type: 'ProductSkuRemoved' as const, data })),
  fc.record({ productId: anyProduct, sku: arbSku, previous: fc.option(validPrice, { nil: null }), price: validPrice }).map((data) => ({ type: 'ProductPriceChanged' as const, data })),
  fc.record({ productId: anyProduct, imageId: fc.constantFrom(...ids), url: fc.constant('https://img.example.com/x.jpg'), alt: arbText }).map((data) => ({ type: 'ProductImageAdded' as const, data })),
  fc.record({ productId: anyProduct, imageId: fc.constantFrom(...ids) }).map((data) => ({ type: 'ProductImageRemoved' as const, data })),
  anyProduct.map((productId) => ({ type: 'ProductPublished' as const, data: { productId } })),
  anyProduct.map((productId) => ({ type: 'ProductUnpublished' as const, data: { productId } })),
);

/** Most histories start with the product being created, so that the other commands have something to act on. */
const arbCommands = fc.tuple(arbCreate, fc.array(arbCommand, { maxLength: 25 })).map(([create, rest]) => [create, ...rest]);

/** Runs commands through decide and evolve as the command handler would, keeping every event produced. */
const run = (commands: readonly ProductCommand[]) => {
  let state = productDecider.initialState();
  const history: ProductEvent[] = [];
  const states: ProductState[] = [state];
  for (const command of commands) {
    const decision = productDecider.decide(command, state, { now });
    if (E.isLeft(decision)) continue;
    for (const event of decision.right) {
      history.push(event);
      state = productDecider.evolve(state, event);
      states.push(state);
    }
  }
  return { state, history, states };
};

const schemaOf = new Map(productEvents.map((d) => [d.type as string, d.schema]));

const deepFreeze = <T>(value: T): T => {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
};

/** Events as a store hands them back: plain JSON, whatever objects the generators built. */
const asStored = <T>(events: T[]): T[] => JSON.parse(JSON.stringify(events)) as T[];

describe('product decider properties', () => {
  it('every event it decides matches its schema', () => {
    fc.assert(
      fc.property(arbCommands, (commands) => {
        for (const event of run(commands).history) expect(schemaOf.get(event.type)?.safeParse(event.data).success).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('a published product always has a title and a priced SKU, unique SKU codes and no negative or foreign price', () => {
    fc.assert(
      fc.property(arbCommands, (commands) => {
        for (const state of run(commands).states) {
          if (state.status === 'none') continue;
          if (state.status === 'published') expect(missingForPublish(state)).toEqual([]);
          expect(new Set(state.skus.map((s) => s.sku)).size).toBe(state.skus.length);
          for (const { price } of state.skus) {
            if (price) expect(price.amount >= 0 && price.currency === state.currency).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('evolve takes any sequence of valid events without throwing or mutating, and the same history folds to the same state', () => {
    fc.assert(
      fc.property(fc.array(arbEvent, { maxLength: 40 }).map(asStored), fc.nat(), (events, cut) => {
        for (const event of events) expect(schemaOf.get(event.type)?.safeParse(event.data).success).toBe(true);
        const evolveFrozen = (s: ProductState, e: ProductEvent) => productDecider.evolve(deepFreeze(s), e);
        const once = fold({ initialState: productDecider.initialState, evolve: evolveFrozen }, events);
        expect(fold(productDecider, events)).toStrictEqual(once);
        // A snapshot taken part way (the state as plain JSON) folds on to the very same state.
        const at = cut % (events.length + 1);
        const snapshot = JSON.parse(JSON.stringify(fold(productDecider, events.slice(0, at)))) as ProductState;
        expect(fold(productDecider, events.slice(at), snapshot)).toStrictEqual(once);
      }),
      { numRuns: 150 },
    );
  });
});
