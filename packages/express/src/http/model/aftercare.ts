import fc from 'fast-check';
import { expect } from 'vitest';
import { expectStatus } from './realShop.js';
import { aims, target, touch } from './shopModel.js';
import type { CaseStatus, ModelCase, ShopModel } from './shopModel.js';
import { Step, expectClosed, expectNotFound, intruderOf, rarely } from './step.js';

/** The customer may withdraw until the item is received. */
const WITHDRAWABLE: ReadonlySet<CaseStatus> = new Set(['requested', 'approved', 'awaiting_item']);
const withdrawable = (c: ModelCase): boolean => WITHDRAWABLE.has(c.status);
const awaitingItem = (c: ModelCase): boolean => c.status === 'awaiting_item';
const decidable =
  (decision: string) =>
  (c: ModelCase): boolean =>
    c.status === 'requested' || (decision === 'reject' && c.status === 'item_received');
type CaseView = { readonly status: CaseStatus };

const lineOf = (model: ShopModel, modelCase: ModelCase, lineId: string) => model.orders.find((o) => o.orderId === modelCase.orderId)?.lines.find((l) => l.lineId === lineId);

/** A rejected or withdrawn return, exchange or repair gives its units back to claim. */
const releaseClaims = (model: ShopModel, modelCase: ModelCase): void => {
  if (modelCase.kind === 'complaint') return;
  for (const claimed of modelCase.lines) {
    const line = lineOf(model, modelCase, claimed.lineId);
    if (line !== undefined) line.claimed -= claimed.quantity;
  }
};

/**
 * Money a case sends back reaches the order's ledger and the payment; a return's refund is also the line's (its
 * refund id is the case's). A complaint's compensation has a refund id of its own, so it stays off the lines.
 */
const refund = (model: ShopModel, modelCase: ModelCase, amount: number): void => {
  const order = model.orders.find((o) => o.orderId === modelCase.orderId);
  if (order === undefined) return;
  modelCase.refunded += amount;
  order.refunded += amount;
  order.paymentRefunded += amount;
  const only = modelCase.kind !== 'complaint' && modelCase.lines.length === 1 ? lineOf(model, modelCase, modelCase.lines[0]?.lineId ?? '') : undefined;
  if (only !== undefined) only.refunded += amount;
  touch(model, { order: order.orderId });
};

export const decideCase = fc.record({ k: fc.nat(), decision: fc.constantFrom('approve', 'reject') }).map(
  ({ k, decision }) =>
    new Step(`decideCase(case ${k}, ${decision})`, (model) => aims(model.cases, decidable(decision), k), async (model, real) => {
      const modelCase = target(model.cases, decidable(decision), k);
      if (modelCase === undefined) return;
      const body = decision === 'approve' ? { decision } : { decision, reason: 'model: outside the policy' };
      const answer = await real.call('POST', `/cases/${modelCase.caseId}/decision`, { token: real.admin.token, body });
      touch(model, { case: modelCase.caseId });
      const rejectable = modelCase.status === 'requested' || (modelCase.status === 'item_received' && modelCase.kind !== 'complaint');
      if (decision === 'approve' ? modelCase.status !== 'requested' : !rejectable) return expectStatus(answer, 422, 'IllegalTransition');
      expectStatus(answer, 200);
      if (decision === 'reject') {
        modelCase.status = 'rejected';
        releaseClaims(model, modelCase);
      } else modelCase.status = modelCase.kind === 'complaint' ? 'approved' : 'awaiting_item';
      expect((answer.body as CaseView).status).toBe(modelCase.status);
    }),
);

export const sendReturnParcel = fc.record({ k: fc.nat(), byIntruder: rarely, intruder: fc.nat() }).map(
  ({ k, byIntruder, intruder }) =>
    new Step(`sendReturnParcel(case ${k}${byIntruder ? ', by another customer' : ''})`, (model) => aims(model.cases, awaitingItem, k), async (model, real) => {
      const modelCase = target(model.cases, awaitingItem, k);
      const owner = modelCase === undefined ? undefined : model.customers[modelCase.customer];
      if (modelCase === undefined || owner === undefined) return;
      const caller = byIntruder ? intruderOf(model, modelCase.customer, intruder) : owner;
      if (caller === undefined) return;
      const answer = await real.call('POST', `/cases/${modelCase.caseId}/return-parcel`, { token: caller.token, body: { carrier: 'SF Express', waybillNumber: `SF${k}` } });
      if (caller.closed) return expectClosed(answer);
      if (caller !== owner) return expectNotFound(answer);
      touch(model, { case: modelCase.caseId });
      if (modelCase.status !== 'awaiting_item') return expectStatus(answer, 422, 'IllegalTransition');
      expectStatus(answer, 200);
    }),
);

export const withdrawCase = fc.record({ k: fc.nat(), byIntruder: rarely, intruder: fc.nat() }).map(
  ({ k, byIntruder, intruder }) =>
    new Step(`withdrawCase(case ${k}${byIntruder ? ', by another customer' : ''})`, (model) => aims(model.cases, withdrawable, k), async (model, real) => {
      const modelCase = target(model.cases, withdrawable, k);
      const owner = modelCase === undefined ? undefined : model.customers[modelCase.customer];
      if (modelCase === undefined || owner === undefined) return;
      const caller = byIntruder ? intruderOf(model, modelCase.customer, intruder) : owner;
      if (caller === undefined) return;
      const answer = await real.call('POST', `/cases/${modelCase.caseId}/withdrawal`, { token: caller.token, body: { reason: '不需要了' } });
      if (caller.closed) return expectClosed(answer);
      if (caller !== owner) return expectNotFound(answer);
      touch(model, { case: modelCase.caseId });
      if (!WITHDRAWABLE.has(modelCase.status)) return expectStatus(answer, 422, 'IllegalTransition');
      expectStatus(answer, 200);
      modelCase.status = 'cancelled';
      releaseClaims(model, modelCase);
    }),
);

export const receiveItem = fc.record({ k: fc.nat(), condition: fc.constantFrom('as_described', 'as_described', 'damaged_further', 'not_matching_claim') }).map(
  ({ k, condition }) =>
    new Step(`receiveItem(case ${k}, ${condition})`, (model) => aims(model.cases, awaitingItem, k), async (model, real) => {
      const modelCase = target(model.cases, awaitingItem, k);
      if (modelCase === undefined) return;
      const answer = await real.call('POST', `/cases/${modelCase.caseId}/received-item`, { token: real.admin.token, body: { condition } });
      touch(model, { case: modelCase.caseId });
      if (modelCase.status !== 'awaiting_item') return expectStatus(answer, 422, 'IllegalTransition');
      expectStatus(answer, 200);
      modelCase.status = 'item_received';
      // An item back as described refunds a return at once (the refunds process); anything else waits for a person.
      if (modelCase.kind === 'return' && condition === 'as_described') {
        modelCase.status = 'refunded';
        refund(model, modelCase, modelCase.refundable);
      }
    }),
);

const RESOLUTIONS = ['close', 'ship_replacement', 'return_repaired', 'resolve_complaint'] as const;
const SETTLED: ReadonlySet<CaseStatus> = new Set(['refunded', 'replacement_shipped', 'repaired', 'complaint_resolved']);
const resolvable = (c: ModelCase): boolean => SETTLED.has(c.status) || c.status === 'item_received' || c.status === 'approved';

/** The resolution a case in this status and of this kind takes, if any. */
const fittingResolution = (modelCase: ModelCase): (typeof RESOLUTIONS)[number] =>
  SETTLED.has(modelCase.status)
    ? 'close'
    : modelCase.kind === 'complaint'
      ? 'resolve_complaint'
      : modelCase.kind === 'repair'
        ? 'return_repaired'
        : 'ship_replacement';

export const resolveCase = fc.record({ k: fc.nat(), asked: fc.constantFrom('fitting', ...RESOLUTIONS), compensate: fc.boolean() }).map(
  ({ k, asked, compensate }) =>
    new Step(`resolveCase(case ${k}, ${asked}${compensate ? ', compensating a complaint' : ''})`, (model) => aims(model.cases, resolvable, k), async (model, real) => {
      const modelCase = target(model.cases, resolvable, k);
      if (modelCase === undefined) return;
      const kind = asked === 'fitting' ? fittingResolution(modelCase) : asked;
      const compensation = compensate ? Math.min(500, modelCase.refundable) : 0;
      const body =
        kind === 'close'
          ? { kind }
          : kind === 'ship_replacement'
            ? { kind }
            : kind === 'return_repaired'
              ? { kind, repairNote: '更换密封圈' }
              : { kind, resolution: '补偿优惠', compensation: compensation > 0 ? { amount: compensation, currency: 'CNY' } : null };
      const answer = await real.call('POST', `/cases/${modelCase.caseId}/resolution`, { token: real.admin.token, body });
      touch(model, { case: modelCase.caseId });
      const next: CaseStatus | undefined =
        kind === 'close'
          ? SETTLED.has(modelCase.status)
            ? 'closed'
            : undefined
          : kind === 'ship_replacement'
            ? modelCase.kind === 'exchange' && modelCase.status === 'item_received'
              ? 'replacement_shipped'
              : undefined
            : kind === 'return_repaired'
              ? modelCase.kind === 'repair' && modelCase.status === 'item_received'
                ? 'repaired'
                : undefined
              : modelCase.kind === 'complaint' && modelCase.status === 'approved'
                ? 'complaint_resolved'
                : undefined;
      if (next === undefined) return expectStatus(answer, 422, 'IllegalTransition');
      expectStatus(answer, 200);
      modelCase.status = next;
      if (kind === 'resolve_complaint' && compensation > 0) refund(model, modelCase, compensation);
    }),
);
