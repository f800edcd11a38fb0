import { retriedRefundId } from '@shopstream/commerce/payment';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { incrementalAndRebuilt, readModelHarness } from '../testing/harness.js';
import type { HistoryStep } from '../testing/harness.js';
import { moneyOwedProjections, moneyOwedQueries, refundDebtId, reversalDebtId } from './index.js';
import type { Debt, DebtKind } from './index.js';
import { flagged, payoutRefused, refundFailed, refunded, refundRequested, voided } from './testing/events.js';

/** How one try of a refund ends: refused, paid, or not answered (only the last try). */
type Try = 'failed' | 'refunded' | 'unanswered';

/** One debt's own history, in causal order; the histories of several debts are interleaved at random. */
type Chain =
  | { readonly kind: 'refund'; readonly order: number; readonly root: number; readonly payoutRefused: boolean; readonly tries: readonly Try[]; readonly amount: number }
  | { readonly kind: 'reversal'; readonly order: number; readonly attempt: number; readonly tries: readonly Try[]; readonly voided: boolean; readonly amount: number };

/** Tries as the running shop makes them: none after a paid one, an unanswered one only last. */
const triesArb = fc.array(fc.constantFrom<Try>('failed', 'refunded', 'unanswered'), { maxLength: 4 }).map((tries) => {
  const end = tries.findIndex((t) => t !== 'failed');
  return end === -1 ? tries : tries.slice(0, end + 1);
});

const chainArb: fc.Arbitrary<Chain> = fc.oneof(
  fc.record({ kind: fc.constant('refund' as const), order: fc.nat(2), root: fc.nat(3), payoutRefused: fc.boolean(), tries: triesArb, amount: fc.integer({ min: 1, max: 10_000 }) }),
  fc.record({ kind: fc.constant('reversal' as const), order: fc.nat(2), attempt: fc.nat(3), tries: triesArb, voided: fc.boolean(), amount: fc.integer({ min: 1, max: 10_000 }) }),
);

const orderId = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const currencyOf = (order: number): string => (order === 1 ? 'USD' : 'CNY');
const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const at = (i: number): string => new Date(T0 + i * 60_000).toISOString();

/** Each debt at most once (one chain per refund root, per attempt), with what the model expects of it. */
const distinct = (chains: readonly Chain[]): Chain[] => {
  const seen = new Set<string>();
  return chains.filter((c) => {
    const key = c.kind === 'refund' ? `refund:${c.order}:${c.root}` : `reversal:${c.order}:${c.attempt}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return (c.kind === 'refund' && (c.payoutRefused || c.tries.length > 0)) || c.kind === 'reversal';
  });
};

/** A chain's events, each a function of the instant it is appended at. */
const stepsOf = (chain: Chain): ((time: string) => HistoryStep)[] => {
  const o = orderId(chain.order);
  const amount = { amount: chain.amount, currency: currencyOf(chain.order) };
  if (chain.kind === 'refund') {
    const root = `refund-${chain.root}`;
    const steps: ((time: string) => HistoryStep)[] = chain.payoutRefused ? [(t) => payoutRefused(o, `case-${chain.root}`, root, amount, { amount: 0, currency: amount.currency }, t)] : [];
    chain.tries.forEach((outcome, i) => {
      const id = i === 0 ? root : retriedRefundId(root, i + 1);
      steps.push((t) => refundRequested(o, id, 'a-1', amount, t));
      if (outcome === 'failed') steps.push((t) => refundFailed(o, id, 'a-1', amount, t));
      if (outcome === 'refunded') steps.push((t) => refunded(o, id, 'a-1', amount, t));
    });
    return steps;
  }
  const attemptId = `b-${chain.attempt}`;
  const steps: ((time: string) => HistoryStep)[] = [(t) => flagged(o, attemptId, amount, t)];
  chain.tries.forEach((outcome, i) => {
    const id = i === 0 ? `reversal-${attemptId}` : `reversal-${attemptId}-${i + 1}`;
    steps.push((t) => refundRequested(o, id, attemptId, amount, t));
    if (outcome === 'failed') steps.push((t) => refundFailed(o, id, attemptId, amount, t));
    if (outcome === 'refunded') steps.push((t) => refunded(o, id, attemptId, amount, t));
  });
  if (chain.voided && !chain.tries.includes('refunded')) steps.push((t) => voided(o, attemptId, t));
  return steps;
};

interface Expected {
  readonly debtId: string;
  readonly kind: DebtKind;
  readonly amount: { readonly amount: number; readonly currency: string };
  readonly failures: number;
}

/** The simple model: a debt is open unless some try paid it (or its authorisation was voided); a paid first try never was one. */
const expectedOpen = (chain: Chain): Expected | null => {
  const o = orderId(chain.order);
  const amount = { amount: chain.amount, currency: currencyOf(chain.order) };
  const failures = chain.tries.filter((t) => t === 'failed').length;
  if (chain.kind === 'reversal') {
    if (chain.tries.includes('refunded') || chain.voided) return null;
    return { debtId: reversalDebtId(o, `b-${chain.attempt}`), kind: 'reversal_owed', amount, failures };
  }
  if (chain.tries.includes('refunded')) return null;
  const kind: DebtKind = chain.payoutRefused ? 'payout_refused' : failures > 0 ? 'refund_failed' : 'refund_pending';
  return { debtId: refundDebtId(o, `refund-${chain.root}`), kind, amount, failures: failures + (chain.payoutRefused ? 1 : 0) };
};

const allOpen = async (queries: ReturnType<typeof moneyOwedQueries>, now: Date, order: 'oldest' | 'newest'): Promise<Debt[]> => {
  const items: Debt[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await queries.open({ now, order, limit: 3, after });
    if (E.isLeft(page)) throw new Error('unexpected InvalidCursor');
    items.push(...page.right.items);
    if (page.right.nextCursor === null) return items;
    after = page.right.nextCursor;
  }
};

describe('money owed, properties', () => {
  it('lists exactly the debts a simple fold leaves open, for any interleaving of the debts’ events, and totals them per currency', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(chainArb, { maxLength: 8 }).map(distinct),
        fc.array(fc.nat(), { maxLength: 60 }),
        async (chains, picks) => {
          // Interleave: each pick chooses which debt moves next; the rest follow in turn.
          const queues = chains.map(stepsOf);
          const order: ((time: string) => HistoryStep)[] = [];
          let p = 0;
          while (queues.some((q) => q.length > 0)) {
            const live = queues.filter((q) => q.length > 0);
            const queue = live[(picks[p++] ?? 0) % live.length];
            const next = queue?.shift();
            if (next) order.push(next);
          }
          const harness = await readModelHarness(moneyOwedProjections);
          for (const [i, step] of order.entries()) await harness.append(step(at(i)));
          if (picks.length % 4 === 0) {
            // A rebuild from scratch gives the documents the incremental build gave (checked on a quarter of the runs: it doubles their cost).
            const { incremental, rebuilt } = await incrementalAndRebuilt(moneyOwedProjections, order.map((step, i) => step(at(i))));
            expect(incremental).toEqual(rebuilt);
          }
          const queries = moneyOwedQueries(harness.runtime);
          const now = new Date(T0 + 365 * 86_400_000);

          const expected = chains.flatMap((c) => {
            const e = expectedOpen(c);
            return e === null ? [] : [e];
          });
          const listed = await allOpen(queries, now, 'oldest');
          const shape = (d: Expected | Debt) => ({ debtId: d.debtId, kind: d.kind, amount: d.amount, failures: d.failures });
          expect(listed.map(shape).sort((a, b) => a.debtId.localeCompare(b.debtId))).toEqual(expected.map(shape).sort((a, b) => a.debtId.localeCompare(b.debtId)));
          // Oldest first, and the newest-first list is the same debts the other way round.
          expect(listed.map((d) => d.since)).toEqual([...listed.map((d) => d.since)].sort());
          expect((await allOpen(queries, now, 'newest')).map((d) => d.debtId)).toEqual([...listed].sort((a, b) => (b.since === a.since ? b.debtId.localeCompare(a.debtId) : b.since.localeCompare(a.since))).map((d) => d.debtId));

          const sums = new Map<string, { amount: number; debts: number }>();
          for (const e of expected) {
            const s = sums.get(e.amount.currency) ?? { amount: 0, debts: 0 };
            sums.set(e.amount.currency, { amount: s.amount + e.amount.amount, debts: s.debts + 1 });
          }
          const totals = [...sums].sort(([a], [b]) => a.localeCompare(b)).map(([currency, s]) => ({ amount: { amount: s.amount, currency }, debts: s.debts }));
          expect(await queries.totals({ now })).toEqual(totals);
          // A pending refund is listed only once it has waited: with an hour's threshold at the last event, none that young is.
          const young = await allOpen(queries, new Date(Date.parse(at(order.length))), 'oldest');
          expect(young.every((d) => d.kind !== 'refund_pending' || Date.parse(d.since) <= Date.parse(at(order.length)) - 3_600_000)).toBe(true);
          await harness.stop();
        },
      ),
      { numRuns: 60 },
    );
  });
});
