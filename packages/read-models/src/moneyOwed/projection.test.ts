import { retriedRefundId } from '@shopstream/commerce/payment';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { hoursAfter, orderIdOf, placed } from '../risk/testing/fixtures.js';
import { readModelHarness } from '../testing/harness.js';
import type { HistoryStep } from '../testing/harness.js';
import { moneyOwedProjections, moneyOwedQueries, refundDebtId, reversalDebtId } from './index.js';
import type { Debt } from './index.js';
import { flagged, payoutRefused, refundFailed, refunded, refundRequested, voided } from './testing/events.js';

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const O1 = orderIdOf(1);
const O2 = orderIdOf(2);
const LATER = new Date(hoursAfter(48));

const after = async (history: readonly HistoryStep[]) => {
  const harness = await readModelHarness(moneyOwedProjections);
  for (const step of history) await harness.append(step);
  return { harness, queries: moneyOwedQueries(harness.runtime) };
};

const openOf = async (queries: ReturnType<typeof moneyOwedQueries>, request: Parameters<ReturnType<typeof moneyOwedQueries>['open']>[0]): Promise<readonly Debt[]> => {
  const page = await queries.open(request);
  if (E.isLeft(page)) throw new Error('unexpected InvalidCursor');
  return page.right.items;
};

describe('the money-owed projection and queries', () => {
  it('lists a refused refund with the provider’s reason, the customer and the tries, until a retry under a new id pays it', async () => {
    const retry = retriedRefundId('r-1', 2);
    const { harness, queries } = await after([
      placed({ orderId: O1, customerId: 'alice', at: hoursAfter(0) }),
      refundRequested(O1, 'r-1', 'a-1', cny(5_000), hoursAfter(1)),
      refundFailed(O1, 'r-1', 'a-1', cny(5_000), hoursAfter(1)),
    ]);
    const [debt] = await openOf(queries, { now: LATER });
    expect(debt).toEqual({
      debtId: refundDebtId(O1, 'r-1'),
      orderId: O1,
      customerId: 'alice',
      kind: 'refund_failed',
      status: 'open',
      amount: cny(5_000),
      refundId: 'r-1',
      attemptId: 'a-1',
      caseId: null,
      since: hoursAfter(1),
      lastFailure: { reason: 'card_closed: the card account is closed', at: hoursAfter(1) },
      refundable: null,
      failures: 1,
      lastRefundId: 'r-1',
      retryPending: false,
      settledAt: null,
      settledBy: null,
    });
    await harness.append(refundRequested(O1, retry, 'a-1', cny(5_000), hoursAfter(2)));
    expect(await queries.debt(refundDebtId(O1, 'r-1'))).toMatchObject({ status: 'open', lastRefundId: retry, retryPending: true, failures: 1 });
    await harness.append(refunded(O1, retry, 'a-1', cny(5_000), hoursAfter(3)));
    expect(await openOf(queries, { now: LATER })).toEqual([]);
    expect(await queries.debt(refundDebtId(O1, retry))).toMatchObject({ status: 'settled', settledBy: retry, settledAt: hoursAfter(3) });
    expect(await queries.totals({ now: LATER })).toEqual([]);
    await harness.stop();
  });

  it('keeps a refund the provider has not answered out of the list until it has waited the threshold, and forgets it once paid at the first try', async () => {
    const { harness, queries } = await after([refundRequested(O1, 'r-1', 'a-1', cny(700), hoursAfter(0))]);
    expect(await openOf(queries, { now: new Date(hoursAfter(0.5)) })).toEqual([]);
    expect(await openOf(queries, { now: new Date(hoursAfter(0.5)), pendingAfterMs: 10 * 60_000 })).toMatchObject([{ kind: 'refund_pending', customerId: null, retryPending: true }]);
    expect(await openOf(queries, { now: new Date(hoursAfter(2)) })).toMatchObject([{ kind: 'refund_pending' }]);
    await harness.append(refunded(O1, 'r-1', 'a-1', cny(700), hoursAfter(3)));
    expect(await queries.debt(refundDebtId(O1, 'r-1'))).toBeNull();
    await harness.stop();
  });

  it('owes a flagged payment until its reversal is refunded (after refusals) or its authorisation voided', async () => {
    const { harness, queries } = await after([
      flagged(O1, 'a-2', cny(9_900), hoursAfter(0)),
      refundRequested(O1, 'reversal-a-2', 'a-2', cny(9_900), hoursAfter(0)),
      refundFailed(O1, 'reversal-a-2', 'a-2', cny(9_900), hoursAfter(0), 'insufficient_merchant_balance: try later'),
      flagged(O2, 'b-2', cny(300), hoursAfter(1)),
    ]);
    expect(await openOf(queries, { now: LATER, order: 'newest' })).toMatchObject([
      { debtId: reversalDebtId(O2, 'b-2'), kind: 'reversal_owed', failures: 0 },
      { debtId: reversalDebtId(O1, 'a-2'), kind: 'reversal_owed', failures: 1, lastFailure: { reason: 'insufficient_merchant_balance: try later' } },
    ]);
    expect(await queries.totals({ now: LATER })).toEqual([{ amount: cny(10_200), debts: 2 }]);
    await harness.append(refundRequested(O1, 'reversal-a-2-2', 'a-2', cny(9_900), hoursAfter(2)));
    await harness.append(refunded(O1, 'reversal-a-2-2', 'a-2', cny(9_900), hoursAfter(2)));
    await harness.append(voided(O2, 'b-2', hoursAfter(3)));
    expect(await openOf(queries, { now: LATER })).toEqual([]);
    expect(await queries.ofOrder(O1)).toMatchObject([{ status: 'settled', settledBy: 'reversal-a-2-2' }]);
    expect(await queries.ofOrder(O2)).toMatchObject([{ status: 'settled', settledBy: 'void' }]);
    // A reversal's refund never opens a refund debt of its own.
    expect(await queries.debt(refundDebtId(O1, 'reversal-a-2'))).toBeNull();
    await harness.stop();
  });

  it('owes a refused case payout with its reason and what was refundable, until a refund under its id pays it', async () => {
    const { harness, queries } = await after([payoutRefused(O1, 'case-1', 'case-1', cny(4_000), cny(1_000), hoursAfter(0))]);
    expect(await openOf(queries, { now: LATER })).toMatchObject([
      { kind: 'payout_refused', caseId: 'case-1', refundId: 'case-1', attemptId: null, lastFailure: { reason: 'exceeds_refundable' }, refundable: cny(1_000), failures: 1 },
    ]);
    await harness.append(refundRequested(O1, 'case-1', 'a-1', cny(4_000), hoursAfter(1)));
    await harness.append(refunded(O1, 'case-1', 'a-1', cny(4_000), hoursAfter(1)));
    expect(await queries.debt(refundDebtId(O1, 'case-1'))).toMatchObject({ kind: 'payout_refused', status: 'settled', attemptId: 'a-1' });
    await harness.stop();
  });

  it('pages the open debts oldest first without repeating or skipping any, and totals them per currency', async () => {
    const history: HistoryStep[] = [];
    for (let i = 0; i < 5; i++) history.push(refundFailed(O1, `r-${i}`, 'a-1', { amount: 100 * (i + 1), currency: i % 2 === 0 ? 'CNY' : 'USD' }, hoursAfter(i)));
    const { harness, queries } = await after(history);
    const first = await queries.open({ now: LATER, limit: 2 });
    if (E.isLeft(first)) throw new Error('unexpected');
    const second = await queries.open({ now: LATER, limit: 2, after: first.right.nextCursor });
    if (E.isLeft(second)) throw new Error('unexpected');
    expect([...first.right.items, ...second.right.items].map((d) => d.refundId)).toEqual(['r-0', 'r-1', 'r-2', 'r-3']);
    expect(await queries.totals({ now: LATER })).toEqual([
      { amount: { amount: 900, currency: 'CNY' }, debts: 3 },
      { amount: { amount: 600, currency: 'USD' }, debts: 2 },
    ]);
    expect(await queries.open({ now: LATER, after: 'not-a-cursor' })).toEqual(E.left({ _tag: 'InvalidCursor' }));
    await harness.stop();
  });
});
