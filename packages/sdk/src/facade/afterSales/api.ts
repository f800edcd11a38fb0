import type { AfterSalesCase, CaseKind, CaseStatus, ItemCondition, ReasonCode } from '@shopstream/commerce/afterSales';
import type { Money } from '@shopstream/commerce';
import type { CaseView } from '@shopstream/read-models/orders';
import type { ReadModelPage } from '../insights/api.js';
import type { CallOptions, Outcome, PageRequest } from '../call.js';
import type { AtRevision, Viewer } from '../orders/api.js';

export interface OpenCaseInput {
  /** Chosen by the caller to make a retried request idempotent; a new UUID otherwise. */
  readonly caseId?: string;
  readonly orderId: string;
  readonly kind: CaseKind;
  readonly reason: ReasonCode;
  readonly description?: string;
  readonly evidence?: readonly string[];
  readonly lines: readonly { readonly lineId: string; readonly quantity: number }[];
}

export type CaseDecision =
  | { readonly decision: 'approve'; readonly staffId: string; readonly note?: string }
  | { readonly decision: 'reject'; readonly staffId: string; readonly reason: string };

/** How staff settle a case once its item is back (or, for complaints, at once). */
export type CaseResolution =
  | { readonly kind: 'resolve_complaint'; readonly resolution: string; readonly compensation?: Money | null }
  | { readonly kind: 'ship_replacement'; readonly shipmentId?: string }
  | { readonly kind: 'return_repaired'; readonly shipmentId?: string; readonly repairNote: string }
  | { readonly kind: 'close' };

export interface CaseListFilter extends PageRequest {
  readonly status?: CaseStatus;
  readonly kind?: CaseKind;
  readonly customerId?: string;
  readonly orderId?: string;
  /** Only cases staff must act on (true): a payout the payment refused, not yet settled by hand and closed. */
  readonly needsAttention?: boolean;
}

/** Every case command answers the case after it, at its stream's new revision (the next ETag). */
export interface AfterSalesFacade {
  /** openAfterSalesCase: the order's facts (delivered, paid, already claimed) are read by the shop, not trusted from the caller. */
  open(customerId: string, input: OpenCaseInput, options?: CallOptions): Outcome<AtRevision<AfterSalesCase>>;
  /** getAfterSalesCase, at the case stream's revision: null when there is no such case or it is not the viewer's. */
  get(caseId: string, viewer?: Viewer): Promise<AtRevision<AfterSalesCase> | null>;
  /** listMyAfterSalesCases, newest first. */
  listMine(customerId: string, page?: PageRequest): Outcome<ReadModelPage<CaseView>>;
  /** listAfterSalesCases (staff), newest first. */
  list(filter?: CaseListFilter): Outcome<ReadModelPage<CaseView>>;
  /** decideAfterSalesCase */
  decide(caseId: string, decision: CaseDecision, options?: CallOptions): Outcome<AtRevision<AfterSalesCase>>;
  /** The customer sends the item back and says which parcel. */
  recordReturnParcel(customerId: string, caseId: string, parcel: { readonly carrier: string; readonly waybillNumber: string }, options?: CallOptions): Outcome<AtRevision<AfterSalesCase>>;
  /** receiveReturnedItem: a return found as described is refunded by the refunds process. */
  receiveItem(caseId: string, input: { readonly staffId: string; readonly condition: ItemCondition; readonly note?: string }, options?: CallOptions): Outcome<AtRevision<AfterSalesCase>>;
  /** resolveAfterSalesCase */
  resolve(caseId: string, resolution: CaseResolution, options?: CallOptions): Outcome<AtRevision<AfterSalesCase>>;
  cancel(customerId: string, caseId: string, reason?: string, options?: CallOptions): Outcome<AtRevision<AfterSalesCase>>;
}
