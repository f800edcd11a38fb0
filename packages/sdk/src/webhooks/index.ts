// The outbox and its dispatcher
export { WEBHOOK_NAMESPACES, webhookOutbox } from './outbox.js';
export type { DispatchReport, WebhookOutbox, WebhookOutboxOptions } from './outbox.js';
export type { DeadWebhookDelivery, WebhookDelivery, WebhookPayload } from './delivery.js';
export { webhookReactor, wantedEventTypes } from './reactor.js';

// Endpoints and retries
export { MIN_SECRET_LENGTH } from './endpoints.js';
export type { WebhookEndpoint } from './endpoints.js';
export { defaultWebhookRetryPolicy, retryDelay } from './retryPolicy.js';
export type { WebhookRetryPolicy } from './retryPolicy.js';

// Signatures (for receivers too)
export {
  DEFAULT_TOLERANCE_SEC,
  EVENT_ID_HEADER,
  EVENT_TYPE_HEADER,
  SIGNATURE_HEADER,
  signWebhookPayload,
  verifyWebhookSignature,
} from './signature.js';
export type { VerifyOptions, WebhookSignatureProblem } from './signature.js';
