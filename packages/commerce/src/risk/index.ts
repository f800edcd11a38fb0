// Events
export { RiskAssessed, RiskDecision, RiskReason, riskEvents } from './events.js';
export type { RiskEvent, RiskEventType } from './events.js';

// Commands, errors, decider
export { RecordRiskAssessment, RiskCommand } from './commands.js';
export type { RiskError, RiskErrorTag } from './errors.js';
export { explainedScore, riskDecider, riskStream } from './decider.js';
export type { RiskState } from './decider.js';

// Client identity without personal data
export { MIN_IP_PEPPER_BYTES, clientIpHasher } from './clientIp.js';
export type { ClientIpHasher } from './clientIp.js';
