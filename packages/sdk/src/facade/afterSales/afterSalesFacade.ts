import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { HandleOptions } from '@shopstream/kernel';
import { AfterSalesCommand, RequestAfterSales, afterSalesStream, orderFacts } from '@shopstream/commerce/afterSales';
import type { AfterSalesCase } from '@shopstream/commerce/afterSales';
import { isPlaced } from '@shopstream/commerce/ordering';
import { commerceReader, openCase } from '@shopstream/commerce/processes';
import { keysetPage, ORDERS_PROJECTION } from '@shopstream/read-models/orders';
import type { CaseDocument, CaseView } from '@shopstream/read-models/orders';
import type { ShopContext } from '../../shop/context.js';
import type { ShopReadModels } from '../../shop/readModels.js';
import type { ShopError } from '../errors.js';
import { pageOf } from '../orders/ordersFacade.js';
import { parse } from '../support.js';
import type { AtRevision } from '../orders/api.js';
import type { AfterSalesFacade } from './api.js';

const caseView = ({ _id, ...rest }: CaseDocument): CaseView => {
  void _id;
  return rest;
};

export const afterSalesFacade = (context: ShopContext, readModels: ShopReadModels): AfterSalesFacade => {
  const { handlers, gate, storage, ids } = context;
  const read = commerceReader(storage.eventStore, context.handlers);

  /** Sends a case command (on the revision the options pin, if any); Right is the case after it. */
  const send = async (caseId: string, command: unknown, h: HandleOptions): Promise<Either<ShopError, AtRevision<AfterSalesCase>>> => {
    const parsed = parse(AfterSalesCommand, command);
    if (E.isLeft(parsed)) return parsed;
    const result = await handlers.afterSales(afterSalesStream(caseId), parsed.right, h);
    if (E.isLeft(result)) return result;
    const state = result.right.state;
    return state.status === 'none' ? E.left({ _tag: 'CaseNotFound', caseId }) : E.right({ ...state, revision: result.right.nextExpectedRevision });
  };

  /** The case, at its stream's revision, when it exists and is the customer's (any case for staff). */
  const visible = async (caseId: string, customerId?: string): Promise<AtRevision<AfterSalesCase> | null> => {
    const { state, revision } = await handlers.afterSales.current(afterSalesStream(caseId));
    return state.status !== 'none' && (customerId === undefined || state.customerId === customerId) ? { ...state, revision } : null;
  };

  return {
    open: (customerId, input, options) =>
      gate.run(options, async (h) => {
        const order = await read.order(input.orderId);
        if (!isPlaced(order) || order.customerId !== customerId) return E.left({ _tag: 'NotFound', entity: 'order', id: input.orderId } as const);
        const caseId = input.caseId ?? ids.next();
        const parsed = parse(RequestAfterSales, {
          type: 'RequestAfterSales',
          caseId,
          customerId,
          kind: input.kind,
          reason: input.reason,
          description: input.description ?? '',
          evidence: [...(input.evidence ?? [])],
          lines: input.lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity })),
          order: orderFacts(order),
        });
        if (E.isLeft(parsed)) return parsed;
        // The orders read model only names the cases opened before the order's ledger existed; their own streams say what they hold.
        const casesOfOrder = async () => (await readModels.orders.admin.casesOfOrder(order.orderId)).map((c) => c.caseId);
        const opened = await openCase({ handlers, read }, context.processes.claims, parsed.right, casesOfOrder, h);
        return E.isLeft(opened) ? opened : E.right({ ...opened.right.state, revision: opened.right.revision });
      }),

    get: (caseId, viewer = {}) => visible(caseId, viewer.customerId),

    listMine: async (customerId, page) => readModels.orders.casesOf(customerId, pageOf(page)),

    list: async (filter = {}) => {
      const { limit, cursor, ...narrowing } = filter;
      const cases = context.projections.collection<CaseDocument>(ORDERS_PROJECTION, 'cases');
      const where = Object.fromEntries(Object.entries(narrowing).filter(([, value]) => value !== undefined));
      return keysetPage(cases, where, { requestedAt: -1 }, pageOf({ ...(limit === undefined ? {} : { limit }), ...(cursor === undefined ? {} : { cursor }) }), caseView);
    },

    decide: (caseId, decision, options) =>
      gate.run(options, (h) =>
        send(
          caseId,
          decision.decision === 'approve'
            ? { type: 'ApproveCase', caseId, approvedBy: decision.staffId, note: decision.note ?? '' }
            : { type: 'RejectCase', caseId, rejectedBy: decision.staffId, reason: decision.reason },
          h,
        ),
      ),

    recordReturnParcel: (customerId, caseId, parcel, options) =>
      gate.run(options, async (h) =>
        (await visible(caseId, customerId)) === null
          ? E.left({ _tag: 'NotFound', entity: 'case', id: caseId } as const)
          : send(caseId, { type: 'RecordReturnParcel', caseId, customerId, carrier: parcel.carrier, waybillNumber: parcel.waybillNumber }, h),
      ),

    receiveItem: (caseId, input, options) =>
      gate.run(options, (h) => send(caseId, { type: 'ReceiveItem', caseId, receivedBy: input.staffId, condition: input.condition, note: input.note ?? '' }, h)),

    resolve: (caseId, resolution, options) =>
      gate.run(options, (h) => {
        switch (resolution.kind) {
          case 'resolve_complaint':
            return send(
              caseId,
              {
                type: 'ResolveComplaint',
                caseId,
                resolution: resolution.resolution,
                compensation: resolution.compensation ? { refundId: ids.next(), amount: resolution.compensation } : null,
              },
              h,
            );
          case 'ship_replacement':
            return send(caseId, { type: 'ShipReplacement', caseId, shipmentId: resolution.shipmentId ?? ids.next() }, h);
          case 'return_repaired':
            return send(caseId, { type: 'ReturnRepairedItem', caseId, shipmentId: resolution.shipmentId ?? ids.next(), repairNote: resolution.repairNote }, h);
          case 'close':
            return send(caseId, { type: 'CloseCase', caseId }, h);
        }
      }),

    cancel: (customerId, caseId, reason, options) =>
      gate.run(options, async (h) =>
        (await visible(caseId, customerId)) === null
          ? E.left({ _tag: 'NotFound', entity: 'case', id: caseId } as const)
          : send(caseId, { type: 'CancelCase', caseId, customerId, reason: reason ?? '' }, h),
      ),
  };
};
