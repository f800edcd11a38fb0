import type { AnyProjection } from '@shopstream/kernel';
import { ordersProjection } from './projection.js';

// Projection
export { ORDERS_PROJECTION, ordersProjection } from './projection.js';
/** What the SDK hands to the projection runtime. */
export const ordersProjections: readonly AnyProjection[] = [ordersProjection];

// Queries
export { AdminOrderFilter, RISK_STATES, ordersQueries } from './queries.js';
export type { CustomerOrdersRequest, CustomerScope, InvalidFilter, OrderListError, OrdersQueries } from './queries.js';
export type { AdminOrderSummary, AdminOrderView, CaseView, OrderSummary, OrderView, PaymentView, RiskView } from './views.js';

// Documents
export type {
  ActorView,
  CaseDocument,
  DeliveryRegion,
  MoneyView,
  OrderDetails,
  OrderDocument,
  OrderLineView,
  PaymentDocument,
  PaymentRefundView,
  PaymentStatus,
  RiskState,
  TimelineDetails,
  TimelineEntry,
} from './documents.js';

// Keyset pages, shared by the account and tracking read models
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, keysetPage } from './paging.js';
export type { InvalidCursor, ListPage, PageRequest } from './paging.js';
