import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { CommandResult } from '@shopstream/kernel';
import { isPlaced, orderStream } from '@shopstream/commerce/ordering';
import type { OrderingEvent, OrderState, PlacedOrderState } from '@shopstream/commerce/ordering';
import { riskReviewService } from '@shopstream/read-models/risk';
import { pageOf } from '../orders/ordersFacade.js';
import type { ShopContext } from '../../shop/context.js';
import type { ShopReadModels } from '../../shop/readModels.js';
import type { ShopError } from '../errors.js';
import type { AtRevision } from '../orders/api.js';
import type { RecommendationsFacade, ReportsFacade, RiskFacade, SearchFacade } from './api.js';

export const searchFacade = (readModels: ShopReadModels): SearchFacade => ({
  products: (query) => readModels.search.search(query),
  product: (productId) => readModels.search.product(productId),
  categories: () => readModels.search.categories(),
});

export const recommendationsFacade = (readModels: ShopReadModels): RecommendationsFacade => ({
  forCustomer: (customerId, options) => readModels.recommendations.forYou(customerId, options),
  forProduct: async (productId, options) => ({
    boughtTogether: await readModels.recommendations.boughtTogether(productId, options),
    similar: await readModels.recommendations.similar(productId, options),
  }),
  popular: (options) => readModels.recommendations.popular(options),
});

/** The ordering domain's refusal of a hold, told apart by the status the order was in. */
export const holdRefusal = (orderId: string, error: ShopError): ShopError => {
  if (error._tag !== 'InvalidOrderTransition' || error.to !== 'on_risk_hold') return error;
  if (error.from === 'on_risk_hold') return { _tag: 'OrderAlreadyOnRiskHold', orderId };
  return error.from === 'awaiting_payment' ? { _tag: 'OrderNotPaid', orderId, orderStatus: error.from } : { _tag: 'OrderNotHoldable', orderId, orderStatus: error.from };
};

export const riskFacade = (context: ShopContext, readModels: ShopReadModels): RiskFacade => {
  const { handlers, gate, storage, clock, ids } = context;
  const review = riskReviewService({ eventStore: storage.eventStore, clock, ids });
  const placed = (orderId: string, result: Either<ShopError, CommandResult<OrderState, OrderingEvent>>): Either<ShopError, AtRevision<PlacedOrderState>> => {
    if (E.isLeft(result)) return result;
    const order = result.right.state;
    return isPlaced(order) ? E.right({ ...order, revision: result.right.nextExpectedRevision }) : E.left({ _tag: 'OrderNotFound', orderId });
  };
  return {
    reviews: (page = {}) => readModels.risk.reviewQueue(pageOf(page)),
    decide: (orderId, decision, options) =>
      gate.run(options, async (h) => {
        const note = decision.decision === 'release' ? decision.note : decision.reason;
        const result = await review.decideRiskReview({ orderId, decision: decision.decision, staffId: decision.staffId, ...(note === undefined ? {} : { note }) }, h);
        return placed(orderId, result);
      }),
    forOrder: (orderId) => readModels.risk.orderRisk(orderId),
    hold: (orderId, input, options) =>
      gate.run(options, async (h) => {
        const reason = input.reason.trim();
        if (reason === '') return E.left({ _tag: 'RiskHoldReasonRequired', orderId });
        const result = await handlers.orders(orderStream(orderId), { type: 'PutOrderOnRiskHold', data: { orderId, reason, decidedBy: input.decidedBy } }, h);
        return E.mapLeft((error: ShopError) => holdRefusal(orderId, error))(placed(orderId, result));
      }),
  };
};

export const reportsFacade = (context: ShopContext, readModels: ShopReadModels): ReportsFacade => ({
  sales: (request) => readModels.reports.sales(request),
  customerSegments: (request = {}) => readModels.reports.customerSegments({ asOf: context.clock.now().toISOString(), ...request }),
  returnRates: (request) => readModels.reports.returnRates(request),
});
