// The payment aggregate
export { paymentDecider, paymentStream } from './decider.js';
export { UNSETTLED_ATTEMPT_STATUSES, evolvePayment, initialPaymentState, isOpen, notificationKey, payingAttempt, refundable } from './state.js';
export type { AttemptState, AttemptStatus, OpenPaymentState, PaymentState, RefundState } from './state.js';

// Refund ids a retry and a reversal are asked under
export { isReversalOf, nextRefundTry, originalRefundId, retriedRefundId } from './refundIds.js';
export type { NextRefundTry } from './refundIds.js';

// Shared shapes
export { CardDetails, NextAction, OutcomeSource, PAYMENT_METHODS, PaymentMethod, PaymentOutcome, RefundOutcome, ReversalReason } from './model.js';

// Events
export {
  PaymentActionRequired,
  PaymentAttemptExpired,
  PaymentAttemptFlaggedForReversal,
  PaymentAttemptStarted,
  PaymentAttemptTimedOut,
  PaymentAttemptVoided,
  PaymentAuthorised,
  PaymentCaptured,
  PaymentDeclined,
  PaymentInitiationFailed,
  PaymentRefundFailed,
  PaymentRefundRequested,
  PaymentRefunded,
  paymentEvents,
} from './events.js';
export type { PaymentEvent, PaymentEventType } from './events.js';

// Commands
export {
  PaymentCommand,
  RecordPaymentInitiation,
  RecordPaymentInitiationFailure,
  RecordPaymentOutcome,
  RecordPaymentRefundOutcome,
  RequestPaymentRefund,
  StartPaymentAttempt,
  TimeOutPaymentAttempt,
  VoidPaymentAttempt,
} from './commands.js';

// Errors
export type { PaymentError, PaymentErrorTag } from './errors.js';

// The provider port
export { headerValue } from './provider.js';
export type {
  CaptureRequest,
  InitiateRequest,
  InitiateResult,
  NotificationHeaders,
  NotificationRejected,
  PaymentProvider,
  ProviderError,
  ProviderNotification,
  ProviderOperation,
  ProviderTransaction,
  ProviderTransactionStatus,
  RefundRequest as ProviderRefundRequest,
  RefundResult,
} from './provider.js';

// The application service
export { paymentService } from './service.js';
export type {
  NotificationHandled,
  PaymentCallOptions,
  PaymentService,
  PaymentServiceConfig,
  PaymentServiceError,
  PaymentServiceOnlyError,
  ReconciledAttempt,
  RefundHandled,
  RefundRequest,
  ReversalOutcome,
  StartPaymentRequest,
  StartedPayment,
} from './serviceTypes.js';

// Sandbox providers
export {
  alipaySandbox,
  cardSandbox,
  DEFAULT_SANDBOX_BASE_URL,
  notificationQueue,
  SANDBOX_PAGE_PATHS,
  SandboxControlError,
  sandboxPageUrl,
  sandboxProvider,
  signNotification,
  unionPaySandbox,
  verifySignedNotification,
  wechatPaySandbox,
  wechatQrPayload,
  wechatReferenceOf,
} from './sandbox/index.js';
export type {
  MethodProfile,
  NotificationQueue,
  NotificationSink,
  SandboxConfig,
  SandboxControl,
  SandboxControlRefusal,
  SandboxFailure,
  SandboxProvider,
  SandboxScenario,
  SandboxTransaction,
  SignedNotification,
} from './sandbox/index.js';
