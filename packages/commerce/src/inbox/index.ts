// Events
export { InboxPosition, NotificationRead, NotificationsReadUpTo, inboxEvents } from './events.js';
export type { InboxEvent, InboxEventType } from './events.js';

// Commands, errors, decider
export { InboxCommand, MarkNotificationsRead, NotificationFacts } from './commands.js';
export type { InboxError, InboxErrorTag } from './errors.js';
export { inbox, inboxStream } from './decider.js';
export { isRead } from './inbox.js';
export type { InboxState } from './inbox.js';
