import { z } from 'zod';
import { Money } from '../shared/money.js';
import { ItemCondition, PayoutRefusal } from './events.js';
import { OrderFacts, OrderLineFacts, RequestAfterSales } from './facts.js';

const caseId = z.string().min(1);
const staff = z.string().min(1);

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
/** The refunds process could not pay a payout the case decided; staff settle it by hand. */
export const RecordPayoutRefused = z.strictObject({
  type: z.literal('RecordPayoutRefused'),
  caseId,
  refundId: z.string().min(1),
  amount: Money,
  reason: PayoutRefusal,
  refundable: Money,
});

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
  RecordPayoutRefused,
]);
export type AfterSalesCommand = z.infer<typeof AfterSalesCommand>;

export { OrderFacts, OrderLineFacts, RequestAfterSales };
