import { orderDecider, orderStream } from '@shopstream/commerce/ordering';
import type { OrderingError, OrderingEvent, OrderState } from '@shopstream/commerce/ordering';
import { commandHandler } from '@shopstream/kernel';
import type { Clock, CommandResult, ConcurrencyConflict, EventStore, HandleOptions, IdGenerator } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { match } from 'ts-pattern';

/** A member of staff's decision about a held order. */
export interface RiskReviewDecision {
  readonly orderId: string;
  readonly decision: 'release' | 'reject';
  readonly staffId: string;
  /** Why; required to reject, since the customer is refunded and will ask. */
  readonly note?: string;
}

export type RiskReviewError = OrderingError | ConcurrencyConflict | { readonly _tag: 'RejectionNoteRequired'; readonly orderId: string };

export interface RiskReviewServiceDeps {
  readonly eventStore: EventStore;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
}

/**
 * Staff decide about held orders through the order itself: a release (fulfilment goes on, and catches up with
 * any parcel already scanned) or a rejection (the order is closed, stock and coupon go back, the payment is
 * refunded). The decision is an ordering event with `decidedBy: { kind: 'staff', staffId }`.
 */
export const riskReviewService = (deps: RiskReviewServiceDeps) => {
  const orders = commandHandler({ store: deps.eventStore, decider: orderDecider, ...(deps.clock ? { clock: deps.clock } : {}), ...(deps.ids ? { ids: deps.ids } : {}) });
  return {
    decideRiskReview: async (input: RiskReviewDecision, options?: HandleOptions): Promise<Either<RiskReviewError, CommandResult<OrderState, OrderingEvent>>> => {
      const { orderId, staffId } = input;
      const decidedBy = { kind: 'staff' as const, staffId };
      const note = input.note?.trim() ?? '';
      return match(input.decision)
        .with('release', () => orders(orderStream(orderId), { type: 'ReleaseOrderRiskHold', data: { orderId, decidedBy, ...(note === '' ? {} : { note }) } }, options))
        .with('reject', async (): Promise<Either<RiskReviewError, CommandResult<OrderState, OrderingEvent>>> =>
          note === '' ? E.left({ _tag: 'RejectionNoteRequired', orderId }) : orders(orderStream(orderId), { type: 'RejectOrderForRisk', data: { orderId, reason: note, decidedBy } }, options),
        )
        .exhaustive();
    },
  };
};

export type RiskReviewService = ReturnType<typeof riskReviewService>;
