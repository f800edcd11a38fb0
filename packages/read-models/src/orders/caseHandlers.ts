import type { ProjectionHandlers, RecordedEvent } from '@shopstream/kernel';
import { nextStatus } from '@shopstream/commerce/afterSales';
import type { AfterSalesEvent } from '@shopstream/commerce/afterSales';
import type { CaseDocument } from './documents.js';
import type { OrdersCollection, OrdersContext } from './record.js';
import { recordOnOrder, withId } from './record.js';

/**
 * Moves a case along the after-sales workflow table (`nextStatus`), applies `change`, and adds the event to
 * the order's timeline. Events of a case never requested change no case, and those that do not name their
 * order (a parcel sent back, an item received) reach its timeline through the case.
 */
const onCase = async (
  ctx: OrdersContext,
  event: RecordedEvent,
  caseId: string,
  orderId: string | null,
  change: (current: CaseDocument) => CaseDocument = (current) => current,
): Promise<void> => {
  const cases = ctx.collection<CaseDocument>('cases');
  const current = await cases.get(caseId);
  if (current !== null) {
    const status = nextStatus(current.kind, current.status, event.type) ?? current.status;
    await cases.replaceOne({ ...change(current), status, updatedAt: event.occurredAt });
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
        replacementShipmentId: null,
        resolution: null,
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
    })),
  ReplacementShipped: (event, ctx) =>
    onCase(ctx, event, event.data.caseId, event.data.orderId, (c) => ({ ...c, replacementShipmentId: event.data.shipmentId })),
  RepairedItemReturned: (event, ctx) => onCase(ctx, event, event.data.caseId, event.data.orderId),
  ComplaintResolved: (event, ctx) =>
    onCase(ctx, event, event.data.caseId, event.data.orderId, (c) => ({
      ...c,
      resolution: { text: event.data.resolution, compensation: event.data.compensation, at: event.data.at },
    })),
  CaseClosed: (event, ctx) => onCase(ctx, event, event.data.caseId, event.data.orderId),
};
