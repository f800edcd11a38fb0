// Wiring
export { commerceProcesses } from './wiring.js';
export type { CommerceProcesses, CommerceProcessesOptions } from './wiring.js';
export { defaultProcessConfig } from './config.js';
export type { ProcessConfig } from './config.js';

// Cart to order
export { checkoutService } from './placeOrder.js';
export type { CheckoutService, CheckoutServiceConfig, PlaceOrderError, PlaceOrderFromCart } from './placeOrder.js';

// The processes
export { CHECKOUT, PAYMENT_EXPIRY, checkoutProcess } from './checkout.js';
export type { CheckoutEvent } from './checkout.js';
export { FULFILMENT, fulfilmentProcess } from './fulfilment.js';
export { AUTO_CONFIRM, RECEIPT_CONFIRMATION, receiptConfirmationProcess } from './receiptConfirmation.js';
export type { ReceiptConfirmationEvent } from './receiptConfirmation.js';
export { REFUNDS, refundsProcess } from './refunds.js';
export { REFUND_RETRIES, REFUND_RETRY, refundRetriesProcess, refundRetryTimeoutId } from './refundRetries.js';
export type { RefundRetriesEvent } from './refundRetries.js';
export { CASE_CLAIMS, CASE_CLAIM_CHECK, CASE_CLAIM_GRACE_MS, caseClaimTimeoutId, caseClaimsHandler, caseClaimsProcess, openCase } from './caseClaims.js';
export type { CaseClaimsEvent, CaseClaimsHandler, OpenCaseError } from './caseClaims.js';
export { ADMINISTRATION, ADMINISTRATION_CHECK, ADMINISTRATION_GRACE_MS, administrationProcess, administrationTimeoutId } from './administration.js';
export type { AdministrationProcessEvent } from './administration.js';
export { GOODWILL_REFUND_CHECK, finishGoodwillRefund, goodwillRefundTimeoutId, refundGoodwill } from './goodwillRefunds.js';
export type { GoodwillRefundError, GoodwillRefundRequest } from './goodwillRefunds.js';
export type { RefundsEvent } from './refunds.js';
export { retryDebt } from './repay.js';
export type { DebtRetried, DebtRetryError, OwedDebt, RepayDeps } from './repay.js';

// Ports
export { causedBy, commerceHandlers, commerceReader } from './ports.js';
export type { CommerceHandlers, CommerceReader, HandlerConfig, ProcessPorts } from './ports.js';
export { PaymentProviderUnavailable, providerPayments } from './payments.js';
export type { PaymentGateway, ProviderGatewayConfig, RefundProgress, RefundRequest as ProcessRefundRequest } from './payments.js';
export { ProcessFault } from './outcome.js';

// Deterministic ids
export {
  autoConfirmTimeoutId,
  cancellationRefundId,
  lateReservationIdFor,
  nameBasedId,
  paymentExpiryTimeoutId,
  reservationIdFor,
  returnRefundId,
  reversalRefundId,
  riskRejectionRefundId,
} from './ids.js';
