import { z } from 'zod';
import { InboxPosition } from './events.js';

/**
 * What the accounts read model says about a notification, read by the caller: whose it is and its place in the
 * inbox. `customerId` is null while the order it is about has not been projected yet (nobody's, so far).
 */
export const NotificationFacts = z.strictObject({
  notificationId: z.string().min(1),
  customerId: z.string().min(1).nullable(),
  position: InboxPosition,
});
export type NotificationFacts = z.infer<typeof NotificationFacts>;

/**
 * One command, two scopes, both naming a notification the customer was shown:
 * - `one`: that notification alone (the customer opened it);
 * - `upTo`: that one and every older one ("mark all read", naming the newest one the screen shows).
 * A list of ids is not needed (several marks are several commands, or one `upTo`), and an unbounded "all" is
 * refused by design: it would also mark read what arrived after the screen was drawn, which nobody has seen.
 */
export const MarkNotificationsRead = z.strictObject({
  type: z.literal('MarkNotificationsRead'),
  customerId: z.string().min(1),
  scope: z.enum(['one', 'upTo']),
  notificationId: z.string().min(1),
  /** Null when the read model has no such notification. */
  notification: NotificationFacts.nullable(),
});

export const InboxCommand = z.discriminatedUnion('type', [MarkNotificationsRead]);
export type InboxCommand = z.infer<typeof InboxCommand>;
export type MarkNotificationsRead = z.infer<typeof MarkNotificationsRead>;
