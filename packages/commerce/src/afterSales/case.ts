import { match } from 'ts-pattern';
import type { Money } from '../shared/money.js';
import { money } from '../shared/money.js';
import type { AfterSalesEvent, ClaimedLine, ItemCondition, PayoutRefusal } from './events.js';
import type { CaseKind, ReasonCode } from './policy.js';
import { needsItem } from './policy.js';
import type { CaseStatus } from './stateMachine.js';

export interface AfterSalesCase {
  readonly status: CaseStatus;
  readonly caseId: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly kind: CaseKind;
  readonly reason: ReasonCode;
  readonly lines: readonly ClaimedLine[];
  readonly refundable: Money;
  /** Refunds and compensation paid out on this case so far. */
  readonly refunded: Money;
  readonly returnParcel: { readonly carrier: string; readonly waybillNumber: string } | null;
  readonly itemCondition: ItemCondition | null;
  /** A payout the payment could not give, left for staff to settle by hand. */
  readonly payoutRefused: { readonly refundId: string; readonly amount: Money; readonly reason: PayoutRefusal; readonly at: string } | null;
  readonly requestedAt: string;
  readonly updatedAt: string;
}

export type AfterSalesState = { readonly status: 'none' } | AfterSalesCase;

export const initialState = (): AfterSalesState => ({ status: 'none' });

export const evolve = (state: AfterSalesState, event: AfterSalesEvent): AfterSalesState => {
  if (event.type === 'AfterSalesRequested') {
    if (state.status !== 'none') return state;
    const d = event.data;
    return {
      status: 'requested',
      caseId: d.caseId,
      orderId: d.orderId,
      customerId: d.customerId,
      kind: d.kind,
      reason: d.reason,
      lines: d.lines,
      refundable: d.refundable,
      refunded: money(0, d.refundable.currency),
      returnParcel: null,
      itemCondition: null,
      payoutRefused: null,
      requestedAt: d.requestedAt,
      updatedAt: d.requestedAt,
    };
  }
  if (state.status === 'none') return state;
  const s = state;
  // Amounts in another currency than the case's cannot be produced by decide; ignoring them keeps evolve total.
  const plus = (m: Money | null): Money => (m && m.currency === s.refunded.currency ? money(s.refunded.amount + m.amount, m.currency) : s.refunded);
  return match(event)
    .with({ type: 'CaseApproved' }, ({ data }): AfterSalesCase => ({ ...s, status: needsItem(s.kind) ? 'awaiting_item' : 'approved', updatedAt: data.at }))
    .with({ type: 'CaseRejected' }, ({ data }): AfterSalesCase => ({ ...s, status: 'rejected', updatedAt: data.at }))
    .with({ type: 'CaseCancelled' }, ({ data }): AfterSalesCase => ({ ...s, status: 'cancelled', updatedAt: data.at }))
    .with({ type: 'ReturnParcelDispatched' }, ({ data }): AfterSalesCase => ({
      ...s,
      returnParcel: { carrier: data.carrier, waybillNumber: data.waybillNumber },
      updatedAt: data.at,
    }))
    .with({ type: 'ItemReceived' }, ({ data }): AfterSalesCase => ({ ...s, status: 'item_received', itemCondition: data.condition, updatedAt: data.at }))
    .with({ type: 'RefundIssued' }, ({ data }): AfterSalesCase => ({ ...s, status: 'refunded', refunded: plus(data.amount), updatedAt: data.at }))
    .with({ type: 'ReplacementShipped' }, ({ data }): AfterSalesCase => ({ ...s, status: 'replacement_shipped', updatedAt: data.at }))
    .with({ type: 'RepairedItemReturned' }, ({ data }): AfterSalesCase => ({ ...s, status: 'repaired', updatedAt: data.at }))
    .with({ type: 'ComplaintResolved' }, ({ data }): AfterSalesCase => ({ ...s, status: 'complaint_resolved', refunded: plus(data.compensation), updatedAt: data.at }))
    // Not a move of the workflow: the case stays settled, with a flag for staff.
    .with({ type: 'CasePayoutRefused' }, ({ data }): AfterSalesCase => ({
      ...s,
      payoutRefused: { refundId: data.refundId, amount: data.amount, reason: data.reason, at: data.at },
      updatedAt: data.at,
    }))
    .with({ type: 'CaseClosed' }, ({ data }): AfterSalesCase => ({ ...s, status: 'closed', updatedAt: data.at }))
    .exhaustive();
};

