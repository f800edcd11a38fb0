import { z } from 'zod';
import { RiskDecision, RiskReason } from './events.js';

const Id = z.string().min(1);

/** Records what the risk policy made of an order; the scoring itself happens outside, from the signals read model. */
export const RecordRiskAssessment = z.strictObject({
  type: z.literal('RecordRiskAssessment'),
  data: z.strictObject({
    orderId: Id,
    customerId: Id,
    score: z.number().int().min(0).max(100),
    reasons: z.array(RiskReason),
    signals: z.record(z.string(), z.number().finite()),
    policyId: Id,
    decision: RiskDecision,
  }),
});
export type RecordRiskAssessment = z.infer<typeof RecordRiskAssessment>;

export const RiskCommand = z.discriminatedUnion('type', [RecordRiskAssessment]);
export type RiskCommand = z.infer<typeof RiskCommand>;
