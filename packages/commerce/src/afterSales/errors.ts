import type { Money } from '../shared/money.js';
import type { CaseKind, ReasonCode } from './policy.js';
import type { AfterSalesEventType } from './events.js';
import type { CaseStatus } from './stateMachine.js';

/** Every way an after-sales case refuses a command. */
export type AfterSalesError =
  | { readonly _tag: 'CaseAlreadyOpened'; readonly caseId: string }
  | { readonly _tag: 'CaseNotFound'; readonly caseId: string }
  | { readonly _tag: 'NotOrderOwner'; readonly orderId: string; readonly customerId: string }
  | { readonly _tag: 'NotCaseOwner'; readonly caseId: string; readonly customerId: string }
  | { readonly _tag: 'ReasonNotAllowed'; readonly kind: CaseKind; readonly reason: ReasonCode }
  | { readonly _tag: 'NotDelivered'; readonly orderId: string }
  | { readonly _tag: 'WindowClosed'; readonly kind: CaseKind; readonly reason: ReasonCode; readonly windowStart: string; readonly windowDays: number; readonly deadline: string }
  | { readonly _tag: 'NoLinesClaimed'; readonly kind: CaseKind }
  | { readonly _tag: 'DuplicateLine'; readonly lineId: string }
  | { readonly _tag: 'UnknownLine'; readonly orderId: string; readonly lineId: string }
  | { readonly _tag: 'InvalidQuantity'; readonly lineId: string; readonly quantity: number }
  | { readonly _tag: 'QuantityExceedsClaimable'; readonly lineId: string; readonly requested: number; readonly claimable: number }
  | { readonly _tag: 'EvidenceRequired'; readonly reason: ReasonCode }
  | { readonly _tag: 'TooMuchEvidence'; readonly given: number; readonly max: number }
  | { readonly _tag: 'InvalidEvidenceUrl'; readonly url: string }
  | { readonly _tag: 'CurrencyMismatch'; readonly expected: string; readonly received: string }
  | { readonly _tag: 'IllegalTransition'; readonly caseId: string; readonly kind: CaseKind; readonly from: CaseStatus; readonly event: AfterSalesEventType }
  | { readonly _tag: 'RejectionReasonRequired'; readonly caseId: string }
  | { readonly _tag: 'InvalidAmount'; readonly caseId: string; readonly amount: Money }
  | { readonly _tag: 'RefundExceedsPaid'; readonly caseId: string; readonly requested: Money; readonly refundable: Money }
  /** A goodwill refund larger than the order's money no case or other refund holds; `available` is what is free. */
  | { readonly _tag: 'RefundExceedsUnclaimed'; readonly orderId: string; readonly requested: Money; readonly available: Money }
  | { readonly _tag: 'InvalidRefundAmount'; readonly refundId: string; readonly amount: Money }
  /** The refund id was claimed before with another amount. */
  | { readonly _tag: 'RefundIdReused'; readonly refundId: string }
  /** The refund under this id was refused or failed and holds nothing: a new refund takes a new id. */
  | { readonly _tag: 'RefundAlreadyGivenUp'; readonly refundId: string };

export type AfterSalesErrorTag = AfterSalesError['_tag'];
