import type { ProjectionHandlers } from '@shopstream/kernel';
import type { InboxEvent } from '@shopstream/commerce/inbox';
import type { NotificationDocument } from './documents.js';
import type { AccountsCollection } from './profileHandlers.js';

/**
 * What the customer read, from their inbox stream. Only their own notifications that are still unread change, so
 * a later mark never moves an earlier `readAt`; the decider already refused anyone else's, and the filter on
 * `customerId` keeps it so here too.
 */
export const inboxHandlers: ProjectionHandlers<InboxEvent, AccountsCollection> = {
  NotificationRead: async ({ data }, ctx) => {
    await ctx
      .collection<NotificationDocument>('notifications')
      .updateOne({ _id: data.notificationId, customerId: data.customerId, readAt: null }, { $set: { readAt: data.at } });
  },
  NotificationsReadUpTo: async ({ data }, ctx) => {
    await ctx
      .collection<NotificationDocument>('notifications')
      .updateMany({ customerId: data.customerId, position: { $lte: data.position }, readAt: null }, { $set: { readAt: data.at } });
  },
};
