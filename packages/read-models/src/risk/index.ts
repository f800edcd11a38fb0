import type { AnyProjection } from '@shopstream/kernel';
import { riskReviewsProjection } from './reviews/projection.js';
import { riskSignalsProjection } from './signals/projection.js';

/** What the projection runtime runs for risk: the signals the policy scores with, and each order's risk story. */
export const riskProjections: readonly AnyProjection[] = [riskSignalsProjection, riskReviewsProjection];

// Projections
export { RISK_REVIEWS, riskReviewsProjection } from './reviews/projection.js';
export { RISK_SIGNALS, riskSignalsProjection } from './signals/projection.js';
export type { DecidedBy, RiskReviewDocument, RiskStatus, RiskStep } from './reviews/documents.js';
export type { AccountDocument, KeyDocument, OrderDocument, OrderStamp } from './signals/documents.js';

// Queries
export { riskQueries } from './queries.js';
export type { HeldOrder, OrderRisk, ReviewQueuePage, RiskQueries } from './queries.js';
export { readOrderSignals } from './signals/read.js';

// Signal keys
export { SIGNAL_KINDS, addressKey, cardFingerprint, keyId } from './signals/keys.js';
export type { SignalKind } from './signals/keys.js';

// Scoring and policy (pure)
export { countPoints, scoreOrder } from './scoring/score.js';
export type { RiskScore } from './scoring/score.js';
export { decisionFor, defaultRiskPolicy } from './scoring/policy.js';
export type { CountRule, RiskPolicy } from './scoring/policy.js';
export { recordedSignals } from './scoring/signals.js';
export type { OrderSignals } from './scoring/signals.js';

// The process and the staff's decisions
export { RISK, riskProcess } from './process.js';
export type { RiskProcessDeps } from './process.js';
export { riskReviewService } from './review.js';
export type { RiskReviewDecision, RiskReviewError, RiskReviewService, RiskReviewServiceDeps } from './review.js';
