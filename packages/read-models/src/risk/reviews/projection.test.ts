import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { readModelHarness } from '../../testing/harness.js';
import type { HistoryStep } from '../../testing/harness.js';
import { riskQueries } from '../queries.js';
import { assessed, cancelled, held, hoursAfter, orderIdOf, queued, rejected, released } from '../testing/fixtures.js';
import { riskReviewsProjection } from './projection.js';

const ORDER = orderIdOf(1);
const POLICY = { kind: 'policy' as const, policyId: 'default-v1', score: 45 };

const queriesAfter = async (history: readonly HistoryStep[]) => {
  const harness = await readModelHarness([riskReviewsProjection]);
  for (const step of history) await harness.append(step);
  return { harness, queries: riskQueries(harness.runtime) };
};

describe('the risk reviews projection and queries', () => {
  it('tells an order’s risk story: assessed, held by the policy, released by staff', async () => {
    const { harness, queries } = await queriesAfter([assessed(ORDER, 'alice', hoursAfter(0), 'hold', [30, 15]), held(ORDER, hoursAfter(0), POLICY), released(ORDER, hoursAfter(2))]);
    expect(await queries.orderRisk(ORDER)).toEqual({
      orderId: ORDER,
      customerId: 'alice',
      score: 45,
      reasons: [
        { code: 'rule_0', points: 30, detail: 'rule 0 fired' },
        { code: 'rule_1', points: 15, detail: 'rule 1 fired' },
      ],
      policyId: 'default-v1',
      decision: 'hold',
      status: 'released',
      heldAt: null,
      steps: [
        { action: 'assessed', at: hoursAfter(0), by: { kind: 'policy', policyId: 'default-v1' }, note: 'score 45: hold' },
        { action: 'held', at: hoursAfter(0), by: { kind: 'policy', policyId: 'default-v1' }, note: 'risk score 45: rule_0' },
        { action: 'released', at: hoursAfter(2), by: { kind: 'staff', staffId: 'staff-1' }, note: 'called the customer' },
      ],
    });
    await harness.stop();
  });

  it('knows an approved order, a hold staff made by hand, a rejection and nothing about orders risk never saw', async () => {
    const { harness, queries } = await queriesAfter([
      assessed(orderIdOf(1), 'alice', hoursAfter(0), 'approve', []),
      held(orderIdOf(2), hoursAfter(1), { kind: 'staff', staffId: 'staff-9' }),
      assessed(orderIdOf(3), 'carol', hoursAfter(0), 'reject', [90]),
      held(orderIdOf(3), hoursAfter(0), POLICY),
      rejected(orderIdOf(3), hoursAfter(0), POLICY),
      cancelled(orderIdOf(4), 'dave', hoursAfter(3)),
      assessed(orderIdOf(5), 'erin', hoursAfter(0), 'hold'),
      held(orderIdOf(6), hoursAfter(1), { kind: 'staff', staffId: 'staff-9' }),
      assessed(orderIdOf(6), 'frank', hoursAfter(2), 'approve', []),
    ]);
    // Flagged: the policy wanted a hold the order never got (it shipped first, say).
    expect(await queries.orderRisk(orderIdOf(5))).toMatchObject({ score: 45, decision: 'hold', status: 'flagged' });
    // Held by staff before the policy looked: still held, with the assessment beside it.
    expect(await queries.orderRisk(orderIdOf(6))).toMatchObject({ score: 0, decision: 'approve', status: 'held', steps: [{ action: 'held' }, { action: 'assessed' }] });
    expect(await queries.orderRisk(orderIdOf(1))).toMatchObject({ score: 0, decision: 'approve', status: 'approved' });
    expect(await queries.orderRisk(orderIdOf(2))).toMatchObject({ score: null, decision: null, status: 'held', heldAt: hoursAfter(1), steps: [{ action: 'held', by: { kind: 'staff', staffId: 'staff-9' } }] });
    expect(await queries.orderRisk(orderIdOf(3))).toMatchObject({ score: 90, status: 'rejected', steps: [{ action: 'assessed' }, { action: 'held' }, { action: 'rejected' }] });
    expect(await queries.orderRisk(orderIdOf(4))).toBeNull();
    await harness.stop();
  });

  it('takes an order the customer cancelled while held out of the queue', async () => {
    const { harness, queries } = await queriesAfter([assessed(ORDER, 'alice', hoursAfter(0), 'hold'), held(ORDER, hoursAfter(0), POLICY), cancelled(ORDER, 'alice', hoursAfter(1))]);
    expect(await queries.orderRisk(ORDER)).toMatchObject({ status: 'cancelled', heldAt: null });
    expect(queued(await queries.reviewQueue()).items).toEqual([]);
    await harness.stop();
  });

  it('queues held orders longest waiting first, a page at a time, each exactly once', async () => {
    const holds = [5, 1, 3, 2, 4].flatMap((h) => [assessed(orderIdOf(h), 'alice', hoursAfter(h), 'hold'), held(orderIdOf(h), hoursAfter(h), POLICY)]);
    const { harness, queries } = await queriesAfter([...holds, released(orderIdOf(3), hoursAfter(6))]);
    const first = queued(await queries.reviewQueue({ limit: 2 }));
    expect(first.items.map((i) => i.orderId)).toEqual([orderIdOf(1), orderIdOf(2)]);
    expect(first.items[0]).toEqual({ orderId: orderIdOf(1), customerId: 'alice', score: 45, reasons: [{ code: 'rule_0', points: 45, detail: 'rule 0 fired' }], heldAt: hoursAfter(1) });
    const second = queued(await queries.reviewQueue({ after: first.nextCursor, limit: 2 }));
    expect(second.items.map((i) => i.orderId)).toEqual([orderIdOf(4), orderIdOf(5)]);
    // Four held (one was released): the second page is the last.
    expect(second.nextCursor).toBeNull();
    // A cursor this list did not give is the caller's mistake, answered as a value.
    expect(await queries.reviewQueue({ after: ' ' })).toEqual(E.left({ _tag: 'InvalidCursor' }));
    expect(await queries.reviewQueue({ after: `${first.nextCursor ?? ''}x` })).toEqual(E.left({ _tag: 'InvalidCursor' }));
    await harness.stop();
  });
});
