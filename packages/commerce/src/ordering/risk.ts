import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { placed, transition } from './checks.js';
import type { Decide } from './checks.js';
import type { OrderingError } from './errors.js';
import type { OrderingEvent } from './events.js';
import type { OrderState, PlacedOrderState } from './state.js';

/** Risk review: a paid order held before it ships, then released or rejected, by staff or by the risk policy. */
export const putOnRiskHold: Decide<'PutOrderOnRiskHold'> = (data, state, { now }) =>
  E.map((order: PlacedOrderState): readonly OrderingEvent[] => [
    { type: 'OrderPutOnRiskHold', data: { orderId: order.orderId, reason: data.reason, decidedBy: data.decidedBy, heldAt: now.toISOString() } },
  ])(E.chain((order: PlacedOrderState) => transition(order, 'on_risk_hold'))(placed(state, data.orderId)));

const onRiskHold = (state: OrderState, orderId: string): Either<OrderingError, PlacedOrderState> =>
  E.chain((order: PlacedOrderState): Either<OrderingError, PlacedOrderState> =>
    order.status === 'on_risk_hold' ? E.right(order) : E.left({ _tag: 'OrderNotOnRiskHold', orderId: order.orderId, status: order.status }),
  )(placed(state, orderId));

export const releaseRiskHold: Decide<'ReleaseOrderRiskHold'> = (data, state, { now }) =>
  E.map((order: PlacedOrderState): readonly OrderingEvent[] => [
    {
      type: 'OrderRiskHoldReleased',
      data: { orderId: order.orderId, ...(data.note === undefined ? {} : { note: data.note }), decidedBy: data.decidedBy, releasedAt: now.toISOString() },
    },
  ])(onRiskHold(state, data.orderId));

/** Rejecting cancels the order, so it is refused like a cancellation while a booked parcel may still go out. */
export const rejectForRisk: Decide<'RejectOrderForRisk'> = (data, state, { now }) =>
  E.map((order: PlacedOrderState): readonly OrderingEvent[] => [
    {
      type: 'OrderRejectedForRisk',
      data: { orderId: order.orderId, reason: data.reason, decidedBy: data.decidedBy, refundDue: order.ledger.balance, rejectedAt: now.toISOString() },
    },
  ])(E.chain((order: PlacedOrderState) => transition(order, 'cancelled'))(onRiskHold(state, data.orderId)));
