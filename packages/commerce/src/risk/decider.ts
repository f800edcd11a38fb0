import { streamName } from '@shopstream/kernel';
import type { Decider } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import { match } from 'ts-pattern';
import type { RiskCommand } from './commands.js';
import type { RiskError } from './errors.js';
import type { RiskEvent } from './events.js';

/** The assessment as recorded, or none yet. Plain JSON. */
export type RiskState = { readonly status: 'none' } | { readonly status: 'assessed'; readonly assessment: Extract<RiskEvent, { type: 'RiskAssessed' }>['data'] };

/** What a score must be for its reasons: each point comes from a reason, and the scale stops at 100. */
export const explainedScore = (reasons: readonly { readonly points: number }[]): number =>
  Math.min(100, reasons.reduce((total, reason) => total + reason.points, 0));

const evolveRisk = (state: RiskState, event: RiskEvent): RiskState =>
  match(event)
    // The first assessment is the one acted on; a later one (which the decider never produces) changes nothing.
    .with({ type: 'RiskAssessed' }, ({ data }) => (state.status === 'none' ? { status: 'assessed' as const, assessment: data } : state))
    .exhaustive();

const decideRisk = (command: RiskCommand, state: RiskState, { now }: { readonly now: Date }): E.Either<RiskError, readonly RiskEvent[]> =>
  match(command)
    .with({ type: 'RecordRiskAssessment' }, ({ data }): E.Either<RiskError, readonly RiskEvent[]> => {
      if (state.status === 'assessed') {
        if (state.assessment.orderId !== data.orderId) {
          return E.left({ _tag: 'RiskAssessmentForAnotherOrder', orderId: data.orderId, assessedOrderId: state.assessment.orderId });
        }
        // Assessed already (a redelivered event, a retried reaction): the recorded decision stands.
        return E.right([]);
      }
      const explained = explainedScore(data.reasons);
      if (data.score !== explained) return E.left({ _tag: 'RiskScoreUnexplained', orderId: data.orderId, score: data.score, explained });
      return E.right([{ type: 'RiskAssessed', data: { ...data, assessedAt: now.toISOString() } }]);
    })
    .exhaustive();

/** One risk stream per order, holding its assessment: an audit trail of what the policy saw and decided. */
export const riskDecider: Decider<RiskState, RiskCommand, RiskEvent, RiskError> = {
  initialState: () => ({ status: 'none' }),
  evolve: evolveRisk,
  decide: decideRisk,
};

export const riskStream = (orderId: string): string => streamName('risk', orderId);
