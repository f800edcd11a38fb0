import type { AfterSalesEvent } from '@shopstream/commerce/afterSales';
import type { ProjectionContext, ProjectionHandlers } from '@shopstream/kernel';
import type { ReturnLine, ReturnStatus, SalesCollection, SalesFact } from '../documents.js';
import { factId } from '../sales/orders.js';

const setStatus = async (ctx: ProjectionContext<SalesCollection>, caseId: string, status: ReturnStatus): Promise<void> => {
  await ctx.collection('returns').updateMany({ caseId }, { $set: { status } });
};

/** After-sales cases, line by line, with the dimensions of the order line each one returns. */
export const returnHandlers: ProjectionHandlers<AfterSalesEvent, SalesCollection> = {
  AfterSalesRequested: async (event, ctx) => {
    const data = event.data;
    const facts = ctx.collection<SalesFact>('facts');
    const lines: ReturnLine[] = [];
    for (const line of data.lines) {
      const fact = await facts.get(factId(data.orderId, line.lineId));
      lines.push({
        _id: `${data.caseId}/${line.lineId}`,
        caseId: data.caseId,
        orderId: data.orderId,
        lineId: line.lineId,
        kind: data.kind,
        reason: data.reason,
        status: 'requested',
        quantity: line.quantity,
        requestedAt: event.occurredAt,
        sku: line.sku,
        productId: fact?.productId ?? null,
        categoryId: fact?.categoryId ?? null,
        brandId: fact?.brandId ?? null,
        day: fact?.day ?? null,
        week: fact?.week ?? null,
        month: fact?.month ?? null,
      });
    }
    if (lines.length > 0) await ctx.collection<ReturnLine>('returns').bulkWrite(lines.map((document) => ({ replaceOne: { document, upsert: true } })));
  },
  CaseApproved: (event, ctx) => setStatus(ctx, event.data.caseId, 'approved'),
  CaseRejected: (event, ctx) => setStatus(ctx, event.data.caseId, 'rejected'),
  CaseCancelled: (event, ctx) => setStatus(ctx, event.data.caseId, 'cancelled'),
  RefundIssued: (event, ctx) => setStatus(ctx, event.data.caseId, 'refunded'),
};
