import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { afterSales, afterSalesStream } from '@shopstream/commerce/afterSales';
import type { AfterSalesEvent } from '@shopstream/commerce/afterSales';
import { isPlaced, orderDecider, orderStream } from '@shopstream/commerce/ordering';
import type { OrderingEvent } from '@shopstream/commerce/ordering';
import { fold, toEvent } from '@shopstream/kernel';
import { describe, expect, it } from 'vitest';
import { readModelHarness } from '../testing/harness.js';
import type { CaseDocument, OrderDocument } from './documents.js';
import { ordersProjections, ordersQueries } from './index.js';
import { shopHistory } from './testing/histories.js';

const ORDERS = ['o-1', 'o-2', 'o-3'];
const CASES = ['k-1', 'k-2'];
const CUSTOMERS = ['c-1', 'c-2'];

const right = <L, R>(either: E.Either<L, R>): R => {
  if (E.isLeft(either)) throw new Error(JSON.stringify(either.left));
  return either.right;
};

describe('orders read model, against the domain', () => {
  it('shows each order and case as its aggregate folds it, whatever the history', async () => {
    await fc.assert(
      fc.asyncProperty(shopHistory, async (history) => {
        const harness = await readModelHarness(ordersProjections);
        for (const step of history) await harness.append(step);
        for (const orderId of ORDERS) {
          const state = fold(orderDecider, (await harness.eventStore.readStream(orderStream(orderId))).map((e) => toEvent<OrderingEvent>(e)));
          const doc = await harness.runtime.collection<OrderDocument>('orders', 'orders').get(orderId);
          if (!isPlaced(state)) {
            expect(doc?.details ?? null).toBeNull();
            continue;
          }
          expect(doc).toMatchObject({ customerId: state.customerId, status: state.status, placedAt: state.placedAt });
          expect(doc?.details?.paid.amount).toBe(state.ledger.paid.amount);
          expect(doc?.details?.refunded.amount).toBe(state.ledger.refunded.amount);
          expect(doc?.details?.lines.map((l) => [l.quantityShipped, l.quantityDelivered, l.delivered, l.refunded.amount])).toEqual(
            state.lines.map((l) => [l.quantityShipped, l.quantityDelivered, l.delivered, l.refunded.amount]),
          );
          expect(doc?.riskState === 'held').toBe(state.riskHold !== null);
        }
        for (const caseId of CASES) {
          const state = fold(afterSales, (await harness.eventStore.readStream(afterSalesStream(caseId))).map((e) => toEvent<AfterSalesEvent>(e)));
          const doc = await harness.runtime.collection<CaseDocument>('orders', 'cases').get(caseId);
          if (state.status === 'none') expect(doc).toBeNull();
          else expect(doc && [doc.status, doc.customerId, doc.refunded]).toEqual([state.status, state.customerId, state.refunded]);
        }
        await harness.stop();
      }),
      { numRuns: 30 },
    );
  });

  it('never keeps a payment token or a sealed value, and never shows a customer anything of another’s', async () => {
    await fc.assert(
      fc.asyncProperty(shopHistory, async (history) => {
        const harness = await readModelHarness(ordersProjections);
        for (const step of history) await harness.append(step);
        const stored = JSON.stringify(await harness.dump());
        expect(stored).not.toContain('tok_');
        expect(stored).not.toContain('"iv"');

        const queries = ordersQueries(harness.runtime);
        for (const customerId of CUSTOMERS) {
          const orders = right(await queries.ordersOf(customerId, { limit: 100 })).items;
          const payments = right(await queries.paymentsOf(customerId, { limit: 100 })).items;
          const cases = right(await queries.casesOf(customerId, { limit: 100 })).items;
          expect([...orders, ...payments, ...cases].every((item) => item.customerId === customerId)).toBe(true);
          for (const orderId of ORDERS) {
            const order = await queries.order(orderId, { customerId });
            const owner = (await queries.admin.order(orderId))?.customerId ?? null;
            expect(order === null ? null : order.customerId).toBe(owner === customerId ? customerId : null);
            expect(order?.timeline.some((e) => e.type === 'RiskAssessed') ?? false).toBe(false);
            expect(orders.some((o) => o.orderId === orderId)).toBe(owner === customerId);
            expect((await queries.paymentsOfOrder(orderId, { customerId })).every((p) => p.customerId === customerId)).toBe(true);
          }
          for (const caseId of CASES) expect([null, customerId]).toContain((await queries.case(caseId, { customerId }))?.customerId ?? null);
        }
        await harness.stop();
      }),
      { numRuns: 25 },
    );
  });
});
