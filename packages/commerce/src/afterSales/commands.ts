import { z } from 'zod';
import { Money } from '../shared/money.js';
import { EvidenceUrl, ItemCondition } from './events.js';
import { CaseKind, ReasonCode } from './policy.js';

const caseId = z.string().min(1);
const staff = z.string().min(1);

/**
 * What the order knows about one of its lines when a case is opened, read by the caller from the order and
 * the other cases (the aggregate has no way to look it up itself).
 */
export const OrderLineFacts = z.strictObject({
  lineId: z.string().min(1),
  sku: z.string().min(1),
  /** Units bought. */
  quantity: z.number().int().positive(),
  deliveredQuantity: z.number().int().nonnegative(),
  /** Units already claimed by other open or settled cases. */
  claimedQuantity: z.number().int().nonnegative(),
  /** What the customer paid for all units of the line, after discounts. */
  paid: Money,
  /** What has been refunded for the line already. */
  refunded: Money,
});
export type OrderLineFacts = z.infer<typeof OrderLineFacts>;

export const OrderFacts = z.strictObject({
  orderId: z.string().min(1),
  customerId: z.string().min(1),
  placedAt: z.iso.datetime(),
  /** When the order's lines were delivered; null while nothing has arrived. */
  deliveredAt: z.iso.datetime().nullable(),
  lines: z.array(OrderLineFacts),
});
export type OrderFacts = z.infer<typeof OrderFacts>;

export const RequestAfterSales = z.strictObject({
  type: z.literal('RequestAfterSales'),
  caseId,
  customerId: z.string().min(1),
  kind: CaseKind,
  reason: ReasonCode,
  description: z.string().max(2000),
  evidence: z.array(EvidenceUrl).max(9),
  lines: z.array(z.strictObject({ lineId: z.string().min(1), quantity: z.number().int().positive() })),
  order: OrderFacts,
});

export const ApproveCase = z.strictObject({ type: z.literal('ApproveCase'), caseId, approvedBy: staff, note: z.string().max(2000).default('') });
export const RejectCase = z.strictObject({ type: z.literal('RejectCase'), caseId, rejectedBy: staff, reason: z.string().trim().min(1).max(2000) });
export const CancelCase = z.strictObject({ type: z.literal('CancelCase'), caseId, customerId: z.string().min(1), reason: z.string().max(2000).default('') });
export const RecordReturnParcel = z.strictObject({
  type: z.literal('RecordReturnParcel'),
  caseId,
  customerId: z.string().min(1),
  carrier: z.string().min(1),
  waybillNumber: z.string().min(1),
});
export const ReceiveItem = z.strictObject({ type: z.literal('ReceiveItem'), caseId, receivedBy: staff, condition: ItemCondition, note: z.string().max(2000).default('') });
export const IssueRefund = z.strictObject({ type: z.literal('IssueRefund'), caseId, refundId: z.string().min(1), amount: Money });
export const ShipReplacement = z.strictObject({ type: z.literal('ShipReplacement'), caseId, shipmentId: z.string().min(1) });
export const ReturnRepairedItem = z.strictObject({ type: z.literal('ReturnRepairedItem'), caseId, shipmentId: z.string().min(1), repairNote: z.string().trim().min(1).max(2000) });
export const ResolveComplaint = z.strictObject({
  type: z.literal('ResolveComplaint'),
  caseId,
  resolution: z.string().trim().min(1).max(2000),
  compensation: z.strictObject({ refundId: z.string().min(1), amount: Money }).nullable().default(null),
});
export const CloseCase = z.strictObject({ type: z.literal('CloseCase'), caseId });

export const AfterSalesCommand = z.discriminatedUnion('type', [
  RequestAfterSales,
  ApproveCase,
  RejectCase,
  CancelCase,
  RecordReturnParcel,
  ReceiveItem,
  IssueRefund,
  ShipReplacement,
  ReturnRepairedItem,
  ResolveComplaint,
  CloseCase,
]);
export type AfterSalesCommand = z.infer<typeof AfterSalesCommand>;
export type RequestAfterSales = z.infer<typeof RequestAfterSales>;
