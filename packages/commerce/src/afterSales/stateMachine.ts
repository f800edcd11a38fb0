import { z } from 'zod';
import type { CaseKind } from './policy.js';

export const CaseStatus = z.enum([
  'requested',
  'approved',
  'awaiting_item',
  'item_received',
  'refunded',
  'replacement_shipped',
  'repaired',
  'complaint_resolved',
  'rejected',
  'cancelled',
  'closed',
]);
export type CaseStatus = z.infer<typeof CaseStatus>;

export interface CaseTransition {
  readonly from: CaseStatus | 'none';
  readonly to: CaseStatus;
  readonly on: string;
  readonly kinds: readonly CaseKind[];
}

const all: readonly CaseKind[] = ['return', 'exchange', 'repair', 'complaint'];
const items: readonly CaseKind[] = ['return', 'exchange', 'repair'];

/**
 * The after-sales workflow as data: every move a case can make, the event that records it and the kinds of
 * case it applies to. The decider refuses anything not listed; docs and the admin UI can render it.
 */
export const caseTransitions: readonly CaseTransition[] = [
  { from: 'none', to: 'requested', on: 'AfterSalesRequested', kinds: all },
  { from: 'requested', to: 'awaiting_item', on: 'CaseApproved', kinds: items },
  { from: 'requested', to: 'approved', on: 'CaseApproved', kinds: ['complaint'] },
  { from: 'requested', to: 'rejected', on: 'CaseRejected', kinds: all },
  { from: 'requested', to: 'cancelled', on: 'CaseCancelled', kinds: all },
  { from: 'approved', to: 'cancelled', on: 'CaseCancelled', kinds: ['complaint'] },
  { from: 'awaiting_item', to: 'cancelled', on: 'CaseCancelled', kinds: items },
  { from: 'awaiting_item', to: 'awaiting_item', on: 'ReturnParcelDispatched', kinds: items },
  { from: 'awaiting_item', to: 'item_received', on: 'ItemReceived', kinds: items },
  // Inspection may show the item is not what the claim said.
  { from: 'item_received', to: 'rejected', on: 'CaseRejected', kinds: items },
  { from: 'item_received', to: 'refunded', on: 'RefundIssued', kinds: ['return'] },
  { from: 'item_received', to: 'replacement_shipped', on: 'ReplacementShipped', kinds: ['exchange'] },
  { from: 'item_received', to: 'repaired', on: 'RepairedItemReturned', kinds: ['repair'] },
  { from: 'approved', to: 'complaint_resolved', on: 'ComplaintResolved', kinds: ['complaint'] },
  { from: 'refunded', to: 'closed', on: 'CaseClosed', kinds: ['return'] },
  { from: 'replacement_shipped', to: 'closed', on: 'CaseClosed', kinds: ['exchange'] },
  { from: 'repaired', to: 'closed', on: 'CaseClosed', kinds: ['repair'] },
  { from: 'complaint_resolved', to: 'closed', on: 'CaseClosed', kinds: ['complaint'] },
];

export const canTransition = (kind: CaseKind, from: CaseStatus | 'none', to: CaseStatus): boolean =>
  caseTransitions.some((t) => t.from === from && t.to === to && t.kinds.includes(kind));

/** Where an event takes a case of this kind from `from`, or undefined when the workflow does not allow it. */
export const nextStatus = (kind: CaseKind, from: CaseStatus | 'none', on: string): CaseStatus | undefined =>
  caseTransitions.find((t) => t.from === from && t.on === on && t.kinds.includes(kind))?.to;

/** Statuses no transition leaves. */
export const finalCaseStatuses: readonly CaseStatus[] = CaseStatus.options.filter((s) => !caseTransitions.some((t) => t.from === s));
