// Policy and workflow
export { CaseKind, ReasonCode, defaultAfterSalesPolicy, itemKinds, needsItem } from './policy.js';
export type { AfterSalesPolicy } from './policy.js';
export { CaseStatus, canTransition, caseTransitions, finalCaseStatuses, nextStatus } from './stateMachine.js';
export type { CaseTransition } from './stateMachine.js';

// Events
export {
  AfterSalesRequested,
  CaseApproved,
  CaseCancelled,
  CaseClosed,
  CaseRejected,
  ClaimedLine,
  ComplaintResolved,
  EvidenceUrl,
  ItemCondition,
  ItemReceived,
  RefundIssued,
  RepairedItemReturned,
  ReplacementShipped,
  ReturnParcelDispatched,
  CasePayoutRefused,
  PayoutRefusal,
  afterSalesEvents,
  caseEvents,
} from './events.js';
export {
  CaseClaimReleased,
  CaseClaimSettled,
  CaseClaimed,
  CaseClaimsCarriedOver,
  ClaimStanding,
  GoodwillRefundClaimed,
  GoodwillRefundReleased,
  GoodwillRefundSettled,
  HeldLine,
  caseClaimEvents,
} from './claimEvents.js';
export type { CaseClaimEvent } from './claimEvents.js';
export type { AfterSalesEvent, AfterSalesEventType } from './events.js';

// Commands, errors, decider
export {
  AfterSalesCommand,
  ApproveCase,
  CancelCase,
  CloseCase,
  IssueRefund,
  OrderFacts,
  OrderLineFacts,
  ReceiveItem,
  RecordReturnParcel,
  RejectCase,
  RequestAfterSales,
  ResolveComplaint,
  ReturnRepairedItem,
  ShipReplacement,
  RecordPayoutRefused,
} from './commands.js';
export type { AfterSalesError, AfterSalesErrorTag } from './errors.js';
export { refundableFor } from './request.js';
export { afterSales, afterSalesDecider, afterSalesStream } from './decider.js';
export type { AfterSalesCase, AfterSalesState } from './case.js';

// The order's claim ledger: what its cases hold of it, decided on one stream
export {
  CarriedCase,
  CaseClaimCommand,
  ClaimCase,
  ClaimGoodwillRefund,
  OrderMoney,
  ReleaseCaseClaim,
  ReleaseGoodwillRefund,
  SettleCaseClaim,
  SettleGoodwillRefund,
  caseClaims,
  caseClaimsDecider,
  caseClaimsStream,
  claimOf,
  heldPerLine,
  orderMoney,
  unclaimedMoney,
} from './claims.js';
export type { CaseClaim, ClaimLedger, GoodwillRefund } from './claims.js';
export { attributePayout } from './attribution.js';
export { LedgerView, orderFacts } from './facts.js';
