import { defineProjection } from '@shopstream/kernel';
import type { AfterSalesEvent } from '@shopstream/commerce/afterSales';
import type { UserEvent } from '@shopstream/commerce/identity';
import type { OrderingEvent } from '@shopstream/commerce/ordering';
import type { PaymentEvent } from '@shopstream/commerce/payment';
import type { ShippingEvent } from '@shopstream/commerce/shipping';
import { notificationHandlers } from './notificationHandlers.js';
import type { AccountsCollection } from './profileHandlers.js';
import { profileHandlers } from './profileHandlers.js';

export const ACCOUNTS_PROJECTION = 'accounts';

/** Profiles (with address book and masked cards) and the customers' notification inboxes. */
export const accountsProjection = defineProjection<UserEvent | OrderingEvent | PaymentEvent | ShippingEvent | AfterSalesEvent, AccountsCollection>({
  name: ACCOUNTS_PROJECTION,
  version: 1,
  collections: {
    profiles: {},
    notifications: { indexes: [{ keys: { customerId: 1, position: -1 } }, { keys: { orderId: 1 } }] },
    orderOwners: {},
  },
  handlers: { ...profileHandlers, ...notificationHandlers },
});
