import { deciderSpecification } from '@shopstream/kernel/testing';
import { fold } from '@shopstream/kernel';
import { describe, expect, it } from 'vitest';
import { money } from '../shared/money.js';
import { afterSales, afterSalesDecider } from './decider.js';
import type { AfterSalesEvent } from './events.js';
import { defaultAfterSalesPolicy } from './policy.js';
import { approved, days, deliveredAt, order, received, refunded, request, requested } from './testing/fixtures.js';

const spec = deciderSpecification(afterSales);
const now = days(2);
const at = now.toISOString();
const photo = 'https://img.example.com/case-1/1.jpg';

describe('RequestAfterSales', () => {
  it('opens a no-reason return within seven days of delivery, capped at the share paid for the units', () => {
    spec.given([]).when(request(), { now }).then([requested({ requestedAt: at })]);
  });

  it('accepts a request on the last instant of the window', () => {
    spec.given([]).when(request(), { now: days(7) }).then([requested({ requestedAt: days(7).toISOString() })]);
  });

  it('refuses a no-reason return after seven days', () => {
    spec
      .given([])
      .when(request(), { now: new Date(days(7).getTime() + 1) })
      .then({ _tag: 'WindowClosed', kind: 'return', reason: 'no_reason', windowStart: deliveredAt, windowDays: 7, deadline: days(7).toISOString() });
  });

  it('gives quality returns fifteen days, with a photo', () => {
    spec
      .given([])
      .when(request({ reason: 'quality_defect', evidence: [photo] }), { now: days(14) })
      .then([requested({ reason: 'quality_defect', evidence: [photo], windowDays: 15, requestedAt: days(14).toISOString() })]);
  });

  it('gives repairs a year of warranty', () => {
    const decision = spec.given([]).when(request({ kind: 'repair', reason: 'malfunction', evidence: [photo] }), { now: days(300) }).decision();
    if (decision._tag !== 'Right') throw new Error(JSON.stringify(decision));
  });

  it('honours a configured policy', () => {
    const strict = deciderSpecification(afterSalesDecider({ ...defaultAfterSalesPolicy, windows: { ...defaultAfterSalesPolicy.windows, return: { no_reason: 3 } } }));
    strict.given([]).when(request(), { now: days(4) }).thenFails('WindowClosed', { windowDays: 3 });
  });

  it('lets a complaint about an order that never arrived count from the order', () => {
    spec
      .given([])
      .when(request({ kind: 'complaint', reason: 'late_delivery', lines: [], order: { ...order, deliveredAt: null } }), { now })
      .then([requested({ kind: 'complaint', reason: 'late_delivery', lines: [], refundable: money(0), windowStart: order.placedAt, windowDays: 90, requestedAt: at })]);
  });

  it('refuses a second request on the same case', () => {
    spec.given([requested()]).when(request()).thenFails('CaseAlreadyOpened', { caseId: 'case-1' });
  });

  it('refuses someone else’s order', () => {
    spec.given([]).when(request({ customerId: 'c-2' }), { now }).then({ _tag: 'NotOrderOwner', orderId: 'o-1', customerId: 'c-2' });
  });

  it('refuses a reason the kind does not accept', () => {
    spec.given([]).when(request({ kind: 'exchange', reason: 'no_reason' }), { now }).then({ _tag: 'ReasonNotAllowed', kind: 'exchange', reason: 'no_reason' });
  });

  it('refuses a return before delivery', () => {
    spec.given([]).when(request({ order: { ...order, deliveredAt: null } }), { now }).then({ _tag: 'NotDelivered', orderId: 'o-1' });
  });

  it('refuses a return of nothing', () => {
    spec.given([]).when(request({ lines: [] }), { now }).then({ _tag: 'NoLinesClaimed', kind: 'return' });
  });

  it('refuses a line claimed twice in one request', () => {
    spec.given([]).when(request({ lines: [{ lineId: 'line-1', quantity: 1 }, { lineId: 'line-1', quantity: 1 }] }), { now }).then({ _tag: 'DuplicateLine', lineId: 'line-1' });
  });

  it('refuses a line not on the order', () => {
    spec.given([]).when(request({ lines: [{ lineId: 'line-9', quantity: 1 }] }), { now }).then({ _tag: 'UnknownLine', orderId: 'o-1', lineId: 'line-9' });
  });

  it('refuses a quantity that is not a positive whole number', () => {
    spec.given([]).when(request({ lines: [{ lineId: 'line-1', quantity: 0 }] }), { now }).then({ _tag: 'InvalidQuantity', lineId: 'line-1', quantity: 0 });
  });

  it('refuses more units than were delivered and not already claimed', () => {
    const partly = { held: [{ lineId: 'line-1', units: 1, money: money(9_400) }], unclaimed: money(23_300 - 9_400) };
    spec
      .given([])
      .when(request({ lines: [{ lineId: 'line-1', quantity: 2 }], ledger: partly }), { now })
      .then({ _tag: 'QuantityExceedsClaimable', lineId: 'line-1', requested: 2, claimable: 1 });
    const undelivered = { ...order, lines: order.lines.map((l) => (l.lineId === 'line-1' ? { ...l, deliveredQuantity: 0 } : l)) };
    spec.given([]).when(request({ order: undelivered }), { now }).thenFails('QuantityExceedsClaimable', { claimable: 0 });
  });

  it('refuses a quality claim without a photo', () => {
    spec.given([]).when(request({ reason: 'quality_defect' }), { now }).then({ _tag: 'EvidenceRequired', reason: 'quality_defect' });
  });

  it('refuses more photos than the policy allows', () => {
    spec.given([]).when(request({ evidence: Array.from({ length: 10 }, (_, i) => `https://img.example.com/${i}.jpg`) }), { now }).then({ _tag: 'TooMuchEvidence', given: 10, max: 9 });
  });

  it('refuses evidence that is not an https URL', () => {
    spec.given([]).when(request({ evidence: ['http://img.example.com/1.jpg'] }), { now }).then({ _tag: 'InvalidEvidenceUrl', url: 'http://img.example.com/1.jpg' });
  });

  it('refuses lines paid in different currencies', () => {
    const mixed = { ...order, lines: order.lines.map((l) => (l.lineId === 'line-2' ? { ...l, paid: money(600, 'USD'), refunded: money(0, 'USD') } : l)) };
    spec.given([]).when(request({ lines: [{ lineId: 'line-2', quantity: 1 }], order: mixed }), { now }).then({ _tag: 'CurrencyMismatch', expected: 'CNY', received: 'USD' });
  });

  it('gives the last units what is left of the line, so rounding never strands a fen', () => {
    const odd = { ...order, lines: [{ lineId: 'line-1', sku: 'TEA', quantity: 3, deliveredQuantity: 3, paid: money(1_000), refunded: money(0) }] };
    // Two units held by another case, which holds their share (666) of the money: the last unit gets the 334 left.
    const ledger = { held: [{ lineId: 'line-1', units: 2, money: money(666) }], unclaimed: money(334) };
    spec
      .given([])
      .when(request({ order: odd, ledger }), { now })
      .then([requested({ lines: [{ lineId: 'line-1', sku: 'TEA', quantity: 1, refundable: money(334) }], refundable: money(334), requestedAt: at })]);
  });

  it('counts a line’s money once whether the order recorded it refunded or another claim holds it', () => {
    const paidBack = { ...order, lines: order.lines.map((l) => (l.lineId === 'line-1' ? { ...l, refunded: money(9_400) } : l)) };
    const ledger = { held: [{ lineId: 'line-1', units: 1, money: money(9_400) }], unclaimed: money(23_300 - 9_400) };
    spec
      .given([])
      .when(request({ order: paidBack, ledger }), { now })
      .then([requested({ lines: [{ lineId: 'line-1', sku: 'TEA', quantity: 1, refundable: money(9_400) }], refundable: money(9_400), requestedAt: at })]);
  });

  it('promises no more than the order’s money no claim holds, shared over the lines by their ceilings', () => {
    const both = [{ lineId: 'line-1', quantity: 2 }, { lineId: 'line-2', quantity: 1 }];
    // A goodwill refund took 200.00 of the 233.00: the two lines share the 33.00 left, 188 : 45.
    spec
      .given([])
      .when(request({ lines: both, ledger: { held: [], unclaimed: money(3_300) } }), { now })
      .then([
        requested({
          lines: [
            { lineId: 'line-1', sku: 'TEA', quantity: 2, refundable: money(2_663) },
            { lineId: 'line-2', sku: 'CUP', quantity: 1, refundable: money(637) },
          ],
          refundable: money(3_300),
          requestedAt: at,
        }),
      ]);
    spec.given([]).when(request({ ledger: { held: [], unclaimed: money(0) } }), { now }).then([requested({ lines: [{ lineId: 'line-1', sku: 'TEA', quantity: 1, refundable: money(0) }], refundable: money(0), requestedAt: at })]);
    spec.given([]).when(request({ ledger: { held: [], unclaimed: money(100, 'USD') } }), { now }).then({ _tag: 'CurrencyMismatch', expected: 'CNY', received: 'USD' });
  });
});

describe('ApproveCase', () => {
  const command = { type: 'ApproveCase' as const, caseId: 'case-1', approvedBy: 'staff-1', note: '' };

  it('approves a return and waits for the item', () => {
    spec.given([requested()]).when(command, { now: days(3) }).then([approved()]);
  });

  it('refuses to approve twice', () => {
    spec.given([requested(), approved()]).when(command).then({ _tag: 'IllegalTransition', caseId: 'case-1', kind: 'return', from: 'awaiting_item', event: 'CaseApproved' });
  });

  it('refuses an unknown case', () => {
    spec.given([]).when(command).then({ _tag: 'CaseNotFound', caseId: 'case-1' });
  });
});

describe('RejectCase', () => {
  const command = { type: 'RejectCase' as const, caseId: 'case-1', rejectedBy: 'staff-1', reason: 'the seal is broken' };

  it('rejects a request with a reason', () => {
    spec.given([requested()]).when(command, { now }).then([{ type: 'CaseRejected', data: { caseId: 'case-1', orderId: 'o-1', rejectedBy: 'staff-1', reason: 'the seal is broken', stage: 'request', at } }]);
  });

  it('rejects at inspection when the item is not what was claimed', () => {
    spec
      .given([requested(), approved(), received])
      .when(command, { now })
      .then([{ type: 'CaseRejected', data: { caseId: 'case-1', orderId: 'o-1', rejectedBy: 'staff-1', reason: 'the seal is broken', stage: 'inspection', at } }]);
  });

  it('refuses a rejection without a reason', () => {
    spec.given([requested()]).when({ ...command, reason: '   ' }).then({ _tag: 'RejectionReasonRequired', caseId: 'case-1' });
  });

  it('refuses to reject a case already refunded', () => {
    spec.given([requested(), approved(), received, refunded()]).when(command).thenFails('IllegalTransition', { from: 'refunded', event: 'CaseRejected' });
  });
});

describe('CancelCase', () => {
  const command = { type: 'CancelCase' as const, caseId: 'case-1', customerId: 'c-1', reason: 'kept it' };
  const cancelled: AfterSalesEvent = { type: 'CaseCancelled', data: { caseId: 'case-1', orderId: 'o-1', customerId: 'c-1', reason: 'kept it', at } };

  it('lets the customer cancel before approval', () => {
    spec.given([requested()]).when(command, { now }).then([cancelled]);
  });

  it('lets the customer cancel while the item has not arrived', () => {
    spec.given([requested(), approved()]).when(command, { now }).then([cancelled]);
  });

  it('refuses once the item has been received', () => {
    spec.given([requested(), approved(), received]).when(command).thenFails('IllegalTransition', { from: 'item_received', event: 'CaseCancelled' });
  });

  it('refuses anyone but the customer', () => {
    spec.given([requested()]).when({ ...command, customerId: 'c-2' }).then({ _tag: 'NotCaseOwner', caseId: 'case-1', customerId: 'c-2' });
  });
});

describe('RecordReturnParcel', () => {
  const command = { type: 'RecordReturnParcel' as const, caseId: 'case-1', customerId: 'c-1', carrier: 'sf-express', waybillNumber: 'SF123' };
  const dispatched: AfterSalesEvent = { type: 'ReturnParcelDispatched', data: { caseId: 'case-1', carrier: 'sf-express', waybillNumber: 'SF123', at } };

  it('records the waybill of the parcel the customer sent back', () => {
    spec.given([requested(), approved()]).when(command, { now }).then([dispatched]);
  });

  it('is a no-op when the same waybill is recorded again', () => {
    spec.given([requested(), approved(), dispatched]).when(command).then([]);
  });

  it('refuses before the case is approved', () => {
    spec.given([requested()]).when(command).thenFails('IllegalTransition', { from: 'requested', event: 'ReturnParcelDispatched' });
  });

  it('refuses anyone but the customer', () => {
    spec.given([requested(), approved()]).when({ ...command, customerId: 'c-9' }).thenFails('NotCaseOwner');
  });
});

describe('ReceiveItem', () => {
  const command = { type: 'ReceiveItem' as const, caseId: 'case-1', receivedBy: 'staff-2', condition: 'as_described' as const, note: '' };

  it('records the item arriving back', () => {
    spec.given([requested(), approved()]).when(command, { now: days(3) }).then([received]);
  });

  it('refuses an item for a case not approved', () => {
    spec.given([requested()]).when(command).thenFails('IllegalTransition', { from: 'requested', event: 'ItemReceived' });
  });

  it('refuses for a complaint, which takes nothing back', () => {
    spec.given([requested({ kind: 'complaint', reason: 'late_delivery' }), approved('complaint')]).when(command).thenFails('IllegalTransition', { kind: 'complaint', from: 'approved' });
  });
});

describe('IssueRefund', () => {
  const command = { type: 'IssueRefund' as const, caseId: 'case-1', refundId: 'r-1', amount: money(9_400) };

  it('refunds up to what was paid for the returned units', () => {
    spec.given([requested(), approved(), received]).when(command, { now: days(3) }).then([refunded()]);
  });

  it('refunds less, for an item returned worn', () => {
    spec.given([requested(), approved(), received]).when({ ...command, amount: money(5_000) }, { now: days(3) }).then([refunded(5_000)]);
  });

  it('refuses more than was paid', () => {
    spec.given([requested(), approved(), received]).when({ ...command, amount: money(9_401) }).then({ _tag: 'RefundExceedsPaid', caseId: 'case-1', requested: money(9_401), refundable: money(9_400) });
  });

  it('refuses a zero or negative amount', () => {
    spec.given([requested(), approved(), received]).when({ ...command, amount: money(0) }).thenFails('InvalidAmount');
  });

  it('refuses another currency', () => {
    spec.given([requested(), approved(), received]).when({ ...command, amount: money(100, 'USD') }).then({ _tag: 'CurrencyMismatch', expected: 'CNY', received: 'USD' });
  });

  it('refuses before the item is back', () => {
    spec.given([requested(), approved()]).when(command).thenFails('IllegalTransition', { from: 'awaiting_item', event: 'RefundIssued' });
  });

  it('refuses a second refund', () => {
    spec.given([requested(), approved(), received, refunded(100)]).when({ ...command, amount: money(100) }).thenFails('IllegalTransition', { from: 'refunded' });
  });

  it('refuses a refund on an exchange', () => {
    spec.given([requested({ kind: 'exchange', reason: 'wrong_item' }), approved('exchange'), received]).when(command).thenFails('IllegalTransition', { kind: 'exchange' });
  });
});

describe('ShipReplacement', () => {
  const command = { type: 'ShipReplacement' as const, caseId: 'case-1', shipmentId: 's-9' };
  const exchange = [requested({ kind: 'exchange', reason: 'wrong_item' }), approved('exchange'), received];

  it('ships the replacement for the exchanged lines', () => {
    spec.given(exchange).when(command, { now }).then([{ type: 'ReplacementShipped', data: { caseId: 'case-1', orderId: 'o-1', shipmentId: 's-9', lines: [{ lineId: 'line-1', sku: 'TEA', quantity: 1 }], at } }]);
  });

  it('refuses for a return', () => {
    spec.given([requested(), approved(), received]).when(command).thenFails('IllegalTransition', { kind: 'return', event: 'ReplacementShipped' });
  });

  it('refuses before the item is back', () => {
    spec.given(exchange.slice(0, 2)).when(command).thenFails('IllegalTransition', { from: 'awaiting_item' });
  });
});

describe('ReturnRepairedItem', () => {
  const command = { type: 'ReturnRepairedItem' as const, caseId: 'case-1', shipmentId: 's-8', repairNote: 'replaced the heating element' };
  const repair = [requested({ kind: 'repair', reason: 'malfunction', windowDays: 365 }), approved('repair'), received];

  it('sends the repaired item back', () => {
    spec.given(repair).when(command, { now }).then([{ type: 'RepairedItemReturned', data: { caseId: 'case-1', orderId: 'o-1', shipmentId: 's-8', repairNote: command.repairNote, at } }]);
  });

  it('refuses for an exchange', () => {
    spec.given([requested({ kind: 'exchange', reason: 'wrong_item' }), approved('exchange'), received]).when(command).thenFails('IllegalTransition', { event: 'RepairedItemReturned' });
  });
});

describe('ResolveComplaint', () => {
  const complaint = [requested({ kind: 'complaint', reason: 'late_delivery', windowDays: 90 }), approved('complaint')];
  const command = { type: 'ResolveComplaint' as const, caseId: 'case-1', resolution: 'apologised, coupon sent', compensation: null };

  it('resolves a complaint without compensation', () => {
    spec.given(complaint).when(command, { now }).then([{ type: 'ComplaintResolved', data: { caseId: 'case-1', orderId: 'o-1', resolution: command.resolution, compensation: null, refundId: null, at } }]);
  });

  it('resolves with compensation within what was paid', () => {
    spec
      .given(complaint)
      .when({ ...command, compensation: { refundId: 'r-2', amount: money(1_000) } }, { now })
      .then([{ type: 'ComplaintResolved', data: { caseId: 'case-1', orderId: 'o-1', resolution: command.resolution, compensation: money(1_000), refundId: 'r-2', at } }]);
  });

  it('refuses compensation above what was paid', () => {
    spec.given(complaint).when({ ...command, compensation: { refundId: 'r-2', amount: money(9_401) } }).thenFails('RefundExceedsPaid', { refundable: money(9_400) });
  });

  it('refuses before the complaint is accepted', () => {
    spec.given(complaint.slice(0, 1)).when(command).thenFails('IllegalTransition', { from: 'requested', event: 'ComplaintResolved' });
  });
});

describe('CloseCase', () => {
  const command = { type: 'CloseCase' as const, caseId: 'case-1' };

  it('closes a refunded case', () => {
    spec.given([requested(), approved(), received, refunded()]).when(command, { now }).then([{ type: 'CaseClosed', data: { caseId: 'case-1', orderId: 'o-1', at } }]);
  });

  it('refuses to close a case still waiting for the item', () => {
    spec.given([requested(), approved()]).when(command).thenFails('IllegalTransition', { from: 'awaiting_item', event: 'CaseClosed' });
  });

  it('refuses to close twice', () => {
    spec.given([requested(), approved(), received, refunded(), { type: 'CaseClosed', data: { caseId: 'case-1', orderId: 'o-1', at } }]).when(command).thenFails('IllegalTransition', { from: 'closed' });
  });

  it('refuses an unknown case', () => {
    spec.given([]).when(command).thenFails('CaseNotFound');
  });
});

describe('RecordPayoutRefused', () => {
  const refusal = { type: 'RecordPayoutRefused', caseId: 'case-1', refundId: 'r-1', amount: money(9_400), reason: 'exceeds_refundable', refundable: money(0) } as const;
  const recorded: AfterSalesEvent = {
    type: 'CasePayoutRefused',
    data: { caseId: 'case-1', orderId: 'o-1', refundId: 'r-1', amount: money(9_400), reason: 'exceeds_refundable', refundable: money(0), at },
  };

  it('records on a refunded case why its payout could not be paid, and keeps it refunded', () => {
    spec.given([requested(), approved(), received, refunded()]).when(refusal, { now }).then([recorded]);
    const state = fold(afterSales, [requested(), approved(), received, refunded(), recorded]);
    expect(state).toMatchObject({ status: 'refunded', payoutRefused: { refundId: 'r-1', amount: money(9_400), reason: 'exceeds_refundable', at } });
  });

  it('records it once per refund id', () => {
    spec.given([requested(), approved(), received, refunded(), recorded]).when(refusal, { now }).then([]);
  });

  it('refuses a case that decided no payout', () => {
    spec.given([requested(), approved()]).when(refusal, { now }).thenFails('IllegalTransition');
  });
});
