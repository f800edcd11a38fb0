import { eventRegistry, timeoutEvents } from '@shopstream/kernel';
import type { EventRegistry, EventTypeDefinition } from '@shopstream/kernel';
import { afterSalesEvents } from './afterSales/events.js';
import { behaviourEvents } from './behaviour/events.js';
import { cartEvents } from './cart/events.js';
import { catalogEvents } from './catalog/events.js';
import { identityEvents } from './identity/events.js';
import { inboxEvents } from './inbox/events.js';
import { inventoryEvents } from './inventory/events.js';
import { orderingEvents } from './ordering/events.js';
import { paymentEvents } from './payment/events.js';
import { promotionEvents } from './promotion/events.js';
import { reviewEvents } from './reviews/events.js';
import { riskEvents } from './risk/events.js';
import { shippingEvents } from './shipping/events.js';

// Shared values
export { Currency, Money, NonNegativeMoney, add, allocate, formatMoney, min, money, percentOf, subtract, sum, times, zero } from './shared/money.js';
export { Sealed } from './shared/sealed.js';

// The bounded contexts, one namespace each: they share words such as `canTransition` and `Instant`.
export * as afterSales from './afterSales/index.js';
export * as behaviour from './behaviour/index.js';
export * as cart from './cart/index.js';
export * as catalog from './catalog/index.js';
export * as identity from './identity/index.js';
export * as inbox from './inbox/index.js';
export * as inventory from './inventory/index.js';
export * as ordering from './ordering/index.js';
export * as payment from './payment/index.js';
export * as privacy from './privacy/index.js';
export * as processes from './processes/index.js';
export * as promotion from './promotion/index.js';
export * as reviews from './reviews/index.js';
export * as risk from './risk/index.js';
export * as shipping from './shipping/index.js';

/** Every event type the shop stores, with its schema and upcasters. */
export const commerceEvents: readonly EventTypeDefinition[] = [
  ...identityEvents,
  ...catalogEvents,
  ...inventoryEvents,
  ...promotionEvents,
  ...cartEvents,
  ...orderingEvents,
  ...paymentEvents,
  ...shippingEvents,
  ...afterSalesEvents,
  ...reviewEvents,
  ...inboxEvents,
  ...riskEvents,
  ...behaviourEvents,
  ...timeoutEvents,
];

/** The registry an event store of the shop validates and upcasts with. */
export const commerceEventRegistry = (): EventRegistry => eventRegistry(commerceEvents);
