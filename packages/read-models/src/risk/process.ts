import { orderDecider, orderStream } from '@shopstream/commerce/ordering';
import type { OrderingCommand, OrderingError, OrderingEvent, OrderState } from '@shopstream/commerce/ordering';
import { ProcessFault, causedBy } from '@shopstream/commerce/processes';
import { riskDecider, riskStream } from '@shopstream/commerce/risk';
import type { RiskState } from '@shopstream/commerce/risk';
import { commandHandler, defineReactor, toEvent } from '@shopstream/kernel';
import type { Clock, CommandHandler, EventStore, HandleOptions, IdGenerator, ProjectionRuntime, Reactor } from '@shopstream/kernel';
import { defaultRiskPolicy, decisionFor } from './scoring/policy.js';
import type { RiskPolicy } from './scoring/policy.js';
import { scoreOrder } from './scoring/score.js';
import { recordedSignals } from './scoring/signals.js';
import { readOrderSignals } from './signals/read.js';

export const RISK = 'risk';

export interface RiskProcessDeps {
  readonly eventStore: EventStore;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  /** The projection runtime that runs `riskProjections`: the reaction waits until it has seen the payment. */
  readonly signals: Pick<ProjectionRuntime, 'collection' | 'waitFor'>;
  readonly policy?: RiskPolicy;
  /**
   * The shop's order handler, so the process reads an order through the cached state the checkout and the
   * facade keep (one head read when nothing changed) and commands it through the same handler; its own if absent.
   */
  readonly orders?: CommandHandler<OrderState, OrderingCommand, OrderingEvent, OrderingError>;
}

type Assessment = Extract<RiskState, { status: 'assessed' }>['assessment'];

/**
 * Scores every paid order and acts on the score: the assessment (score, reasons, signals, policy, decision) is
 * appended to the order's risk stream, then a `hold` puts the order on risk hold and a `reject` holds it and
 * rejects it, both decided by the policy, so the checkout and refunds processes give back what it took.
 *
 * A paid order is the moment: before it the order cannot be held, and the card it was paid with is known.
 * Redelivery is harmless: the first assessment recorded stands, and the order's own history says whether
 * the hold was already made (a hold staff have released is never made again).
 */
export const riskProcess = (deps: RiskProcessDeps): Reactor<OrderingEvent> => {
  const { eventStore, signals } = deps;
  const policy = deps.policy ?? defaultRiskPolicy;
  const handlerConfig = { store: eventStore, ...(deps.clock ? { clock: deps.clock } : {}), ...(deps.ids ? { ids: deps.ids } : {}) };
  const risks = commandHandler({ ...handlerConfig, decider: riskDecider });
  const orders = deps.orders ?? commandHandler({ ...handlerConfig, decider: orderDecider });

  const history = async (orderId: string): Promise<OrderingEvent[]> =>
    (await eventStore.readStream(orderStream(orderId))).map((e) => toEvent<OrderingEvent>(e));

  const assess = async (orderId: string, position: number, now: Date, options: HandleOptions): Promise<Assessment | null> => {
    const recorded = (await risks.current(riskStream(orderId))).state;
    if (recorded.status === 'assessed') return recorded.assessment;
    const order = (await orders.current(orderStream(orderId))).state;
    if (order.status === 'initial') return null;
    await signals.waitFor(position);
    const observed = await readOrderSignals(signals, orderId, policy, now.toISOString());
    if (!observed) throw new Error(`${RISK}: the signals read model has not seen order ${orderId}`);
    const { score, reasons } = scoreOrder(observed, policy);
    const result = await risks(
      riskStream(orderId),
      {
        type: 'RecordRiskAssessment',
        data: {
          orderId,
          customerId: order.customerId,
          score,
          reasons: [...reasons],
          signals: recordedSignals(observed),
          policyId: policy.policyId,
          decision: decisionFor(score, policy),
        },
      },
      options,
    );
    if (result._tag === 'Left') throw new ProcessFault(RISK, 'RecordRiskAssessment', result.left);
    return result.right.state.status === 'assessed' ? result.right.state.assessment : null;
  };

  return defineReactor<OrderingEvent>({
    name: RISK,
    handlers: {
      OrderPaid: async (event, { now }) => {
        const options = causedBy(event, RISK);
        const { orderId } = event.data;
        const assessment = await assess(orderId, event.position, now, options);
        if (!assessment || assessment.decision === 'approve') return;

        const decidedBy = { kind: 'policy' as const, policyId: assessment.policyId, score: assessment.score };
        const reason = `risk score ${assessment.score}: ${assessment.reasons.map((r) => r.code).join(', ')}`;
        const riskSteps = (await history(orderId)).filter((e) => e.type === 'OrderPutOnRiskHold' || e.type === 'OrderRiskHoldReleased' || e.type === 'OrderRejectedForRisk');
        if (riskSteps.length === 0) {
          const held = await orders(orderStream(orderId), { type: 'PutOrderOnRiskHold', data: { orderId, reason, decidedBy } }, options);
          if (held._tag === 'Left') {
            // Shipped or cancelled before the assessment came: too late to hold, and the assessment says why it mattered.
            if (held.left._tag === 'InvalidOrderTransition') return;
            throw new ProcessFault(RISK, 'PutOrderOnRiskHold', held.left);
          }
        }
        if (assessment.decision !== 'reject') return;
        const order = (await orders.current(orderStream(orderId))).state;
        // Only the policy's own hold is the policy's to turn into a rejection; staff decide about theirs.
        if (order.status !== 'on_risk_hold' || order.riskHold?.decidedBy.kind !== 'policy') return;
        const rejected = await orders(orderStream(orderId), { type: 'RejectOrderForRisk', data: { orderId, reason, decidedBy } }, options);
        if (rejected._tag === 'Left' && rejected.left._tag !== 'OrderNotOnRiskHold') throw new ProcessFault(RISK, 'RejectOrderForRisk', rejected.left);
      },
    },
  });
};
