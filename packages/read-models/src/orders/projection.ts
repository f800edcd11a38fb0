import { defineProjection } from '@shopstream/kernel';
import type { AfterSalesEvent } from '@shopstream/commerce/afterSales';
import type { OrderingEvent } from '@shopstream/commerce/ordering';
import type { PaymentEvent } from '@shopstream/commerce/payment';
import type { RiskEvent } from '@shopstream/commerce/risk';
import type { ShippingEvent } from '@shopstream/commerce/shipping';
import { caseHandlers } from './caseHandlers.js';
import { orderingHandlers } from './orderingHandlers.js';
import { paymentHandlers } from './paymentHandlers.js';
import type { OrdersCollection } from './record.js';
import { riskHandlers } from './riskHandlers.js';
import { shippingHandlers } from './shippingHandlers.js';

export const ORDERS_PROJECTION = 'orders';

/**
 * Orders with their status, risk state and full timeline; payment attempts; after-sales cases. Every query
 * filters on an indexed field: the customer's own lists on `customerId`, the admin list on whichever filter
 * it is given.
 */
export const ordersProjection = defineProjection<OrderingEvent | PaymentEvent | ShippingEvent | AfterSalesEvent | RiskEvent, OrdersCollection>({
  name: ORDERS_PROJECTION,
  // 2: cases carry `payoutRefused` and `needsAttention` (a shop built at 1 rebuilds once, so older cases have them).
  version: 2,
  collections: {
    orders: {
      indexes: [
        { keys: { customerId: 1, placedAt: -1 } },
        { keys: { placedAt: -1 } },
        { keys: { status: 1, placedAt: -1 } },
        { keys: { riskState: 1, placedAt: -1 } },
      ],
    },
    payments: { indexes: [{ keys: { customerId: 1, startedAt: -1 } }, { keys: { orderId: 1 } }] },
    cases: { indexes: [{ keys: { customerId: 1, requestedAt: -1 } }, { keys: { orderId: 1 } }, { keys: { needsAttention: 1, requestedAt: -1 } }] },
  },
  handlers: { ...orderingHandlers, ...paymentHandlers, ...shippingHandlers, ...caseHandlers, ...riskHandlers },
});
