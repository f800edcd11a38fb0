import type { AfterSalesEvent } from '@shopstream/commerce/afterSales';
import type { BehaviourEvent } from '@shopstream/commerce/behaviour';
import type { CartEvent } from '@shopstream/commerce/cart';
import type { CatalogEvent } from '@shopstream/commerce/catalog';
import type { OrderingEvent } from '@shopstream/commerce/ordering';
import type { PaymentEvent } from '@shopstream/commerce/payment';
import { defineProjection } from '@shopstream/kernel';
import type { AnyProjection, Projection } from '@shopstream/kernel';
import { DEFAULT_TIME_ZONE, checkTimeZone } from './calendar.js';
import { FUNNEL_PROJECTION, SALES_PROJECTION } from './documents.js';
import type { FunnelCollection, SalesCollection } from './documents.js';
import { funnelHandlers } from './funnel/projector.js';
import { returnHandlers } from './returns/projector.js';
import { catalogHandlers } from './sales/catalog.js';
import { orderHandlers } from './sales/orders.js';

export interface ReportsOptions {
  /**
   * The IANA zone days, weeks and months are counted in (default Asia/Shanghai). The periods are stored on the
   * documents, so after changing it rebuild both projections (`runtime.rebuild('reports')`, `'reports-funnel'`).
   */
  readonly timeZone?: string;
}

type SalesEvent = OrderingEvent | PaymentEvent | CatalogEvent | AfterSalesEvent;
type FunnelEvent = BehaviourEvent | CartEvent | OrderingEvent;

/** Sales facts per order line, with the catalog and payment dimensions, orders, customers and return lines. */
export const salesProjection = (options: ReportsOptions = {}): Projection<SalesEvent, SalesCollection> => {
  const timeZone = checkTimeZone(options.timeZone ?? DEFAULT_TIME_ZONE);
  return defineProjection<SalesEvent, SalesCollection>({
    name: SALES_PROJECTION,
    version: 1,
    collections: {
      facts: { indexes: [{ keys: { day: 1 } }, { keys: { orderId: 1 } }, { keys: { productId: 1 } }, { keys: { paidAt: 1 } }] },
      orders: { indexes: [{ keys: { paidAt: 1 } }] },
      customers: {},
      products: {},
      taxonomy: {},
      attempts: {},
      returns: { indexes: [{ keys: { day: 1 } }, { keys: { caseId: 1 } }, { keys: { productId: 1 } }] },
    },
    handlers: { ...orderHandlers(timeZone), ...catalogHandlers, ...returnHandlers },
  });
};

/** Who reached each stage of the view, cart, order, payment funnel on which day. */
export const funnelProjection = (options: ReportsOptions = {}): Projection<FunnelEvent, FunnelCollection> => {
  const timeZone = checkTimeZone(options.timeZone ?? DEFAULT_TIME_ZONE);
  return defineProjection<FunnelEvent, FunnelCollection>({
    name: FUNNEL_PROJECTION,
    version: 1,
    collections: {
      touches: { indexes: [{ keys: { day: 1 } }, { keys: { actor: 1 } }] },
      carts: {},
      sessions: {},
      orders: {},
    },
    handlers: funnelHandlers(timeZone),
  });
};

/** The reports' projections, counting periods in `timeZone`. */
export const reportsProjectionsIn = (options: ReportsOptions = {}): readonly AnyProjection[] => [salesProjection(options), funnelProjection(options)];

/** The reports' projections in the default zone, Asia/Shanghai. */
export const reportsProjections: readonly AnyProjection[] = reportsProjectionsIn();
