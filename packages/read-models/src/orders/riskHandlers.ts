import type { ProjectionHandlers } from '@shopstream/kernel';
import type { RiskEvent } from '@shopstream/commerce/risk';
import type { OrdersCollection } from './record.js';
import { recordOnOrder } from './record.js';

/**
 * The risk policy's assessments (`risk-<orderId>`): the score and decision staff filter and sort by, and an
 * entry on the order's timeline with the reasons, which only staff views show.
 */
export const riskHandlers: ProjectionHandlers<RiskEvent, OrdersCollection> = {
  RiskAssessed: (event, ctx) =>
    recordOnOrder(ctx, event, event.data.orderId, (order) => ({ ...order, riskScore: event.data.score, riskDecision: event.data.decision })),
};
