import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readModelHarness } from '../testing/harness.js';
import type { HistoryStep } from '../testing/harness.js';
import { recommendationsProjection } from './projection.js';
import { recommendationsQueries } from './queries.js';
import type { RecommendationsQueries } from './queries.js';
import { at, consent, customer, favourited, orderBought, productPublished, stockCounted, viewed } from './testing/events.js';
import { CATEGORIES, CUSTOMERS, PRODUCTS, catalogSteps, productsOf, referenceOf, stepsOf, timedActionsArb } from './testing/shop.js';
import type { Action } from './testing/shop.js';

const RUNS = { numRuns: 15 };

/** Plays a history and hands the queries to `check`. */
const play = async (steps: readonly HistoryStep[], check: (q: RecommendationsQueries) => Promise<void>): Promise<void> => {
  const h = await readModelHarness([recommendationsProjection()]);
  try {
    for (const step of [...catalogSteps(), ...steps]) await h.append(step);
    await check(recommendationsQueries(h.runtime));
  } finally {
    await h.stop();
  }
};
const ids = (list: readonly { readonly productId: string }[]) => list.map((r) => r.productId);

describe('lists follow the rules whatever happened', () => {
  it('never show an unlisted product, nor, to a consenting customer, one they bought; without consent "for you" is exactly "popular"', async () => {
    await fc.assert(
      fc.asyncProperty(timedActionsArb({ minLength: 10, maxLength: 30, catalogChanges: true }), async (timed) => {
        // c-0 consents first, so that most runs have a consenting customer who buys (the noise may still withdraw).
        const actions: Action[] = [{ kind: 'consent', customer: 'c-0', given: true }, ...timed.map((t) => t.action)];
        const reference = referenceOf(actions);
        await play([consent('c-0', true, at(0)), ...stepsOf(timed).steps], async (q) => {
          const popular = await q.popular({ limit: 100 });
          expect(new Set(ids(popular))).toEqual(reference.listed);
          for (const c of CUSTOMERS) {
            const forYou = await q.forYou(c, { limit: 100 });
            if (!reference.consenting.has(c)) {
              expect(forYou).toEqual(popular);
              continue;
            }
            const bought = reference.bought.get(c) ?? new Set<string>();
            const lists = [forYou, ...(await Promise.all(PRODUCTS.flatMap((p) => [q.boughtTogether(p, { customerId: c }), q.similar(p, { customerId: c })])))];
            for (const list of lists) {
              for (const id of ids(list)) {
                expect(reference.listed.has(id)).toBe(true);
                expect(bought.has(id)).toBe(false);
              }
            }
            // Everything listed and not bought is somewhere on "for you": the fallback tops the list up.
            expect(new Set(ids(forYou))).toEqual(new Set([...reference.listed].filter((p) => !bought.has(p))));
          }
        });
      }),
      RUNS,
    );
  });
});

/** A target customer's signals, all about products of one category. */
const signalArb = (products: readonly string[]) =>
  fc.record({ kind: fc.constantFrom('view' as const, 'favourite' as const, 'buy' as const), product: fc.constantFrom(...products) });

describe('lists follow the signals', () => {
  it('"for you" ranks the category a customer shows a strong preference for first', async () => {
    const scenario = fc
      .constantFrom(...CATEGORIES)
      .chain((category) =>
        fc.record({ category: fc.constant(category), noise: timedActionsArb({ customers: ['c-1', 'c-2', 'c-3'] }), signals: fc.array(signalArb(productsOf(category)), { minLength: 1, maxLength: 5 }) }),
      );
    await fc.assert(
      fc.asyncProperty(scenario, async ({ category, noise, signals }) => {
        const { steps, endMinute } = stepsOf(noise);
        const mine: HistoryStep[] = [consent('c-0', true, at(endMinute + 1))];
        signals.forEach(({ kind, product }, i) => {
          const when = at(endMinute + 2 + i);
          if (kind === 'view') mine.push(viewed(customer('c-0'), product, when));
          if (kind === 'favourite') mine.push(favourited(customer('c-0'), product, when));
          if (kind === 'buy') mine.push(...orderBought(`mine-${i}`, 'c-0', [product], when));
        });
        const reference = referenceOf([
          ...noise.map((t) => t.action),
          ...signals.filter((s) => s.kind === 'buy').map((s): Action => ({ kind: 'order', customer: 'c-0', products: [s.product], paid: true })),
        ]);
        const bought = reference.bought.get('c-0') ?? new Set<string>();
        const expected = productsOf(category).filter((p) => reference.listed.has(p) && !bought.has(p));
        await play([...steps, ...mine], async (q) => {
          const list = await q.forYou('c-0', { limit: 9 });
          expect(new Set(ids(list.slice(0, expected.length)))).toEqual(new Set(expected));
          for (const r of list.slice(0, expected.length)) expect(r.reason).toEqual({ kind: 'categoryYouLike', categoryId: category });
        });
      }),
      RUNS,
    );
  });

  it('products always bought together appear in each other\'s "bought together"', async () => {
    const scenario = fc.record({
      pair: fc.uniqueArray(fc.constantFrom(...PRODUCTS), { minLength: 2, maxLength: 2 }),
      extra: fc.array(fc.option(fc.constantFrom(...PRODUCTS), { nil: undefined }), { minLength: 1, maxLength: 3 }),
      noise: timedActionsArb(),
    });
    await fc.assert(
      fc.asyncProperty(scenario, async ({ pair, extra, noise }) => {
        const [a = '', b = ''] = pair;
        const { steps, endMinute } = stepsOf(noise);
        const baskets = extra.flatMap((other, i) => orderBought(`pair-${i}`, `buyer-${i}`, [...new Set([a, b, ...(other === undefined ? [] : [other])])], at(endMinute + 1 + i)));
        // Both in stock and published at the end, whatever the noise did.
        const relisted = [a, b].flatMap((p) => [stockCounted(p, 5, 0, at(endMinute + 10)), productPublished(p, true, at(endMinute + 10))]);
        await play([...steps, ...baskets, ...relisted], async (q) => {
          expect(ids(await q.boughtTogether(a, { limit: 100 }))).toContain(b);
          expect(ids(await q.boughtTogether(b, { limit: 100 }))).toContain(a);
        });
      }),
      RUNS,
    );
  });

  it('a new customer gets the popular list, then the popular products of the categories they look at', async () => {
    await fc.assert(
      fc.asyncProperty(timedActionsArb({ customers: ['c-1', 'c-2'] }), fc.constantFrom(...PRODUCTS), async (noise, looked) => {
        const { steps, endMinute } = stepsOf(noise);
        const listed = referenceOf(noise.map((t) => t.action)).listed;
        await play([...steps, consent('c-0', true, at(endMinute + 1))], async (q) => {
          expect(await q.forYou('c-0', { limit: 5 })).toEqual((await q.popular({ limit: 5 })).map((r) => ({ ...r, score: 0 })));
        });
        await play([...steps, consent('c-0', true, at(endMinute + 1)), viewed(customer('c-0'), looked, at(endMinute + 2))], async (q) => {
          const category = CATEGORIES.find((c) => productsOf(c).includes(looked)) ?? '';
          const inCategory = productsOf(category).filter((p) => listed.has(p));
          const list = await q.forYou('c-0', { limit: 9 });
          expect(new Set(ids(list.slice(0, inCategory.length)))).toEqual(new Set(inCategory));
        });
      }),
      { numRuns: 10 },
    );
  });
});
