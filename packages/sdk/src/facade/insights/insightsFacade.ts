import * as E from 'fp-ts/Either';
import type { Either } from 'fp-ts/Either';
import type { HandleOptions } from '@shopstream/kernel';
import { isPlaced, orderStream } from '@shopstream/commerce/ordering';
import type { OrderingCommandInput, PlacedOrderState } from '@shopstream/commerce/ordering';
import type { ShopContext } from '../../shop/context.js';
import type { ShopReadModels } from '../../shop/readModels.js';
import type { ShopError } from '../errors.js';
import { pageOf } from '../orders/ordersFacade.js';
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

export const riskFacade = (context: ShopContext, readModels: ShopReadModels): RiskFacade => {
  const { handlers, gate } = context;
  const send = async (orderId: string, command: OrderingCommandInput, h: HandleOptions): Promise<Either<ShopError, PlacedOrderState>> => {
    const result = await handlers.orders(orderStream(orderId), command as never, h);
    if (E.isLeft(result)) return result;
    const order = result.right.state;
    return isPlaced(order) ? E.right(order) : E.left({ _tag: 'OrderNotFound', orderId });
  };
  return {
    reviews: (page) => readModels.orders.admin.orders({ risk: 'held' }, pageOf(page)),
    decide: (orderId, decision, options) =>
      gate.run(options, (h) =>
        decision.decision === 'release'
          ? send(
              orderId,
              { type: 'ReleaseOrderRiskHold', data: { orderId, decidedBy: { kind: 'staff', staffId: decision.staffId }, ...(decision.note === undefined ? {} : { note: decision.note }) } },
              h,
            )
          : send(orderId, { type: 'RejectOrderForRisk', data: { orderId, reason: decision.reason, decidedBy: { kind: 'staff', staffId: decision.staffId } } }, h),
      ),
    forOrder: async (orderId) => (await readModels.orders.admin.order(orderId))?.risk ?? null,
    hold: (orderId, input, options) => gate.run(options, (h) => send(orderId, { type: 'PutOrderOnRiskHold', data: { orderId, reason: input.reason, decidedBy: input.decidedBy } }, h)),
  };
};

/** Until the reports read model lands, the reports say so rather than make figures up. */
export const reportsFacade = (): ReportsFacade => ({
  sales: async (query = {}) => ({ _id: 'sales', available: false, query: { ...query } }),
  customerSegments: async () => ({ _id: 'segments', available: false }),
});
