import fc from 'fast-check';
import { expect } from 'vitest';
import { expectStatus } from './realShop.js';
import { CASE_REASONS, DAY_MS, aims, claimable, refundableFor, target, touch } from './shopModel.js';
import type { CaseKind, CaseStatus, ModelOrder, ShopModel } from './shopModel.js';
import { Step, expectClosed, expectNotFound, intruderOf, rarely } from './step.js';

const KINDS: readonly CaseKind[] = ['return', 'exchange', 'repair', 'complaint'];
const arrived = (order: ModelOrder): boolean => order.status === 'delivered' || order.status === 'completed';

/** Orders a case may be about: any (a complaint about an order that kept no money is heard, and promised none). */
const casesFor = (model: ShopModel): ModelOrder[] => model.orders;

type CaseView = { readonly caseId: string; readonly status: CaseStatus; readonly refundable: { amount: number } };

export const openCase = fc.record({ o: fc.nat(), l: fc.nat(), kind: fc.constantFrom(...KINDS), units: fc.integer({ min: 1, max: 3 }), byIntruder: rarely, intruder: fc.nat() }).map(
  ({ o, l, kind, units, byIntruder, intruder }) =>
    new Step(`openCase(order ${o}, line ${l}, ${kind}, ${units}${byIntruder ? ', by another customer' : ''})`, (model) => aims(casesFor(model), arrived, o), async (model, real) => {
      const order = target(casesFor(model), arrived, o);
      const line = order === undefined ? undefined : target(order.lines, (x) => claimable(x) > 0, l);
      const owner = order === undefined ? undefined : model.customers[order.customer];
      if (order === undefined || line === undefined || owner === undefined) return;
      const caller = byIntruder ? intruderOf(model, order.customer, intruder) : owner;
      if (caller === undefined) return;
      const { reason, windowDays } = CASE_REASONS[kind];
      const body = { orderId: order.orderId, kind, reason, description: '茶叶罐漏气', evidence: ['https://img.example/photo-1.jpg'], lines: [{ lineId: line.lineId, quantity: units }] };
      const answer = await real.call('POST', '/cases', { token: caller.token, body });
      if (caller.closed) return expectClosed(answer);
      if (caller !== owner) return expectNotFound(answer);
      // A complaint may be about an order that never arrived: its window starts at placement.
      const windowStart = kind === 'complaint' ? (order.deliveredAt ?? order.placedAt) : line.delivered ? order.deliveredAt : null;
      if (windowStart === null) return expectStatus(answer, 422, 'NotDelivered');
      if (model.now > windowStart + windowDays * DAY_MS) return expectStatus(answer, 422, 'WindowClosed');
      if (units > (kind === 'complaint' ? line.quantity : claimable(line))) return expectStatus(answer, 422, 'QuantityExceedsClaimable');
      expectStatus(answer, 201);
      const opened = answer.body as CaseView;
      expect(opened.status).toBe('requested');
      expect(opened.refundable.amount, 'a claim refunds its share of what the line was paid').toBe(refundableFor(model, order, line, units));
      if (kind !== 'complaint') line.claimed += units;
      model.cases.push({ caseId: opened.caseId, orderId: order.orderId, customer: order.customer, kind, lines: body.lines, refundable: opened.refundable.amount, status: 'requested', refunded: 0 });
      touch(model, { case: opened.caseId });
    }),
);
