import type { NotificationView } from '@shopstream/read-models/accounts';
import type { CallOptions, Outcome, PageRequest } from '../call.js';
import type { ReadModelPage } from '../insights/api.js';

/**
 * Which notifications a customer marks read: the one they opened, or that one and every older one ("mark all
 * read", naming the newest one their screen shows, so that what arrived since stays unread).
 */
export type NotificationsToMark = { readonly notificationId: string } | { readonly upTo: string };

/** The customer's inbox: what happened to their orders, payments, parcels, cases and account, and what they read. */
export interface NotificationsFacade {
  /** listMyNotifications (the accounts read model), newest first; `unread: true` lists only those not marked read. */
  notifications(userId: string, page?: PageRequest & { readonly unread?: boolean }): Outcome<ReadModelPage<NotificationView>>;
  /** countMyUnreadNotifications: the number an app shows on its badge. */
  unreadNotifications(userId: string): Promise<number>;
  /**
   * markMyNotificationsRead: records the read as the customer's own event (stream `inbox-<userId>`). Marking what
   * is already read records nothing; a notification that is not the customer's is `NotFound`, exactly as one that
   * does not exist. Answers the unread count as the read model shows it afterwards (including this mark unless
   * read-your-writes is turned off).
   */
  markNotificationsRead(userId: string, which: NotificationsToMark, options?: CallOptions): Outcome<{ readonly unread: number }>;
}
