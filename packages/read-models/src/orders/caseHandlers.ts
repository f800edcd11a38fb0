import type { ProjectionHandlers, RecordedEvent } from '@shopstream/kernel';
import { needsItem } from '@shopstream/commerce/afterSales';
import type { AfterSalesEvent, CaseStatus } from '@shopstream/commerce/afterSales';
import type { CaseDocument, MoneyView } from './documents.js';
import type { OrdersCollection, OrdersContext } from './record.js';
import { recordOnOrder, withId } from './record.js';

/** The status an event gives a case, exactly as the case aggregate's fold gives it (the decider guards the moves). */
const statusAfter = (current: CaseDocument, type: AfterSalesEvent['type']): CaseStatus => {
  switch (type) {
    case 'AfterSalesRequested':
    case 'ReturnParcelDispatched':
    case 'CasePayoutRefused':
      return current.status;
    case 'CaseApproved':
      return needsItem(current.kind) ? 'awaiting_item' : 'approved';
    case 'CaseRejected':
      return 'rejected';
    case 'CaseCancelled':
      return 'cancelled';
    case 'ItemReceived':
      return 'item_received';
    case 'RefundIssued':
      return 'refunded';
    case 'ReplacementShipped':
      return 'replacement_shipped';
    case 'RepairedItemReturned':
      return 'repaired';
    case 'ComplaintResolved':
      return 'complaint_resolved';
    case 'CaseClosed':
      return 'closed';
  }
};

/** Money paid out on the case, in the case's currency (the only one the decider produces). */
const paidOut = (current: CaseDocument, amount: MoneyView | null): MoneyView =>
  amount !== null && amount.currency === current.refunded.currency ? { amount: current.refunded.amount + amount.amount, currency: amount.currency } : current.refunded;

/**
 * Moves a case on, applies `change`, and adds the event to the order's timeline. Events of a case never
 * requested change no case, and those that do not name their order (a parcel sent back, an item received)
 * reach its timeline through the case.
 */
const onCase = async (
  ctx: OrdersContext,
  event: RecordedEvent<AfterSalesEvent['type']>,
  caseId: string,
  orderId: string | null,
  change: (current: CaseDocument) => CaseDocument = (current) => current,
): Promise<void> => {
  const cases = ctx.collection<CaseDocument>('cases');
  const current = await cases.get(caseId);
  if (current !== null) {
    await cases.replaceOne({ ...change(current), status: statusAfter(current, event.type), updatedAt: event.occurredAt });
  }
  const order = orderId ?? current?.orderId ?? null;
  if (order !== null) await recordOnOrder(ctx, event, order);
};

export const caseHandlers: ProjectionHandlers<AfterSalesEvent, OrdersCollection> = {
  AfterSalesRequested: async (event, ctx) => {
    const d = event.data;
    const cases = ctx.collection<CaseDocument>('cases');
    // A case is requested once; a repeat changes nothing, as in the case's own fold.
    if ((await cases.get(d.caseId)) === null) {
      await cases.replaceOne({
        _id: d.caseId,
        caseId: d.caseId,
        orderId: d.orderId,
        customerId: d.customerId,
        kind: d.kind,
        reason: d.reason,
        description: d.description,
        lines: d.lines,
        refundable: d.refundable,
        status: 'requested',
        decision: null,
        returnParcel: null,
        itemReceived: null,
        refund: null,
        refunded: { amount: 0, currency: d.refundable.currency },
        replacementShipmentId: null,
        resolution: null,
        payoutRefused: null,
        needsAttention: false,
        requestedAt: d.requestedAt,
        updatedAt: event.occurredAt,
      });
    }
    await recordOnOrder(ctx, event, d.orderId, (order) => ({ ...order, caseIds: withId(order.caseIds, d.caseId) }));
  },
  CaseApproved: (event, ctx) =>
    onCase(ctx, event, event.data.caseId, event.data.orderId, (c) => ({
      ...c,
      decision: { outcome: 'approved', by: event.data.approvedBy, note: event.data.note, at: event.data.at },
    })),
  CaseRejected: (event, ctx) =>
    onCase(ctx, event, event.data.caseId, event.data.orderId, (c) => ({
      ...c,
      decision: { outcome: 'rejected', by: event.data.rejectedBy, note: event.data.reason, at: event.data.at },
    })),
  CaseCancelled: (event, ctx) => onCase(ctx, event, event.data.caseId, event.data.orderId),
  ReturnParcelDispatched: (event, ctx) =>
    onCase(ctx, event, event.data.caseId, null, (c) => ({
      ...c,
      returnParcel: { carrier: event.data.carrier, waybillNumber: event.data.waybillNumber, at: event.data.at },
    })),
  ItemReceived: (event, ctx) =>
    onCase(ctx, event, event.data.caseId, null, (c) => ({ ...c, itemReceived: { condition: event.data.condition, at: event.data.at } })),
  RefundIssued: (event, ctx) =>
    onCase(ctx, event, event.data.caseId, event.data.orderId, (c) => ({
      ...c,
      refund: { refundId: event.data.refundId, amount: event.data.amount, at: event.data.at },
      refunded: paidOut(c, event.data.amount),
    })),
  ReplacementShipped: (event, ctx) =>
    onCase(ctx, event, event.data.caseId, event.data.orderId, (c) => ({ ...c, replacementShipmentId: event.data.shipmentId })),
  RepairedItemReturned: (event, ctx) => onCase(ctx, event, event.data.caseId, event.data.orderId),
  ComplaintResolved: (event, ctx) =>
    onCase(ctx, event, event.data.caseId, event.data.orderId, (c) => ({
      ...c,
      resolution: { text: event.data.resolution, compensation: event.data.compensation, at: event.data.at },
      refunded: paidOut(c, event.data.compensation),
    })),
  CasePayoutRefused: (event, ctx) =>
    onCase(ctx, event, event.data.caseId, event.data.orderId, (c) => ({
      ...c,
      payoutRefused: { refundId: event.data.refundId, amount: event.data.amount, reason: event.data.reason, refundable: event.data.refundable, at: event.data.at },
      // Unless staff already closed it, having settled by hand.
      needsAttention: c.status !== 'closed',
    })),
  // Staff close a case whose payout was refused once they have settled it by hand.
  CaseClosed: (event, ctx) => onCase(ctx, event, event.data.caseId, event.data.orderId, (c) => ({ ...c, needsAttention: false })),
};
