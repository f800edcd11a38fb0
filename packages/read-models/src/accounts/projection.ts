import { defineProjection } from '@shopstream/kernel';
import type { AfterSalesEvent } from '@shopstream/commerce/afterSales';
import type { UserEvent } from '@shopstream/commerce/identity';
import type { InboxEvent } from '@shopstream/commerce/inbox';
import type { OrderingEvent } from '@shopstream/commerce/ordering';
import type { PaymentEvent } from '@shopstream/commerce/payment';
import type { ShippingEvent } from '@shopstream/commerce/shipping';
import { inboxHandlers } from './inboxHandlers.js';
import { notificationHandlers } from './notificationHandlers.js';
import type { AccountsCollection } from './profileHandlers.js';
import { profileHandlers } from './profileHandlers.js';

export const ACCOUNTS_PROJECTION = 'accounts';

/** Profiles (with address book and masked cards) and the customers' notification inboxes with their read state. */
export const accountsProjection = defineProjection<UserEvent | OrderingEvent | PaymentEvent | ShippingEvent | AfterSalesEvent | InboxEvent, AccountsCollection>({
  name: ACCOUNTS_PROJECTION,
  // 2: notifications carry `readAt`, from the inbox's events.
  version: 2,
  collections: {
    profiles: {},
    notifications: {
      indexes: [
        { keys: { customerId: 1, position: -1 } },
        // The unread list and the unread count (the app's badge): the customer's notifications with `readAt: null`.
        { keys: { customerId: 1, readAt: 1, position: -1 } },
        { keys: { orderId: 1 } },
      ],
    },
    orderOwners: {},
  },
  handlers: { ...profileHandlers, ...notificationHandlers, ...inboxHandlers },
});
