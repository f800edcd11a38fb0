import { defineEvent } from '@shopstream/kernel';
import type { EventOf } from '@shopstream/kernel';
import { z } from 'zod';

const Instant = z.iso.datetime();
const customerId = z.string().min(1);
const notificationId = z.string().min(1);
/**
 * The notification's global log position: the inbox's own order (newest first), recorded with the mark so that
 * "older than this one" means the same to the inbox aggregate, its read model and a replay.
 */
export const InboxPosition = z.number().int().nonnegative();

/** The customer read one notification (opened it). */
export const NotificationRead = defineEvent('NotificationRead', z.strictObject({ customerId, notificationId, position: InboxPosition, at: Instant }));

/** The customer marked a notification and every older one read ("mark all read" up to what their screen showed). */
export const NotificationsReadUpTo = defineEvent('NotificationsReadUpTo', z.strictObject({ customerId, notificationId, position: InboxPosition, at: Instant }));

export const inboxEvents = [NotificationRead, NotificationsReadUpTo] as const;

export type InboxEvent = EventOf<(typeof inboxEvents)[number]>;
export type InboxEventType = InboxEvent['type'];
