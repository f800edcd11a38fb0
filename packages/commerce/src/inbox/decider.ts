import type { Decider } from '@shopstream/kernel';
import { streamName } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import type { InboxCommand } from './commands.js';
import type { InboxError } from './errors.js';
import type { InboxEvent } from './events.js';
import type { InboxState } from './inbox.js';
import { evolve, initialState, isRead } from './inbox.js';

export type { InboxState } from './inbox.js';

/** One inbox per customer: what they read is their own change, recorded as their own events. */
export const inboxStream = (customerId: string): string => streamName('inbox', customerId);

type Decision = E.Either<InboxError, readonly InboxEvent[]>;

const decide = (command: InboxCommand, state: InboxState, { now }: { now: Date }): Decision => {
  const { customerId, notificationId, notification } = command;
  // Another customer's notification, or one not addressed to anyone yet, reads exactly as a missing one.
  if (notification === null || notification.notificationId !== notificationId || notification.customerId !== customerId) {
    return E.left({ _tag: 'NotificationNotFound', notificationId });
  }
  const data = { customerId, notificationId, position: notification.position, at: now.toISOString() };
  if (command.scope === 'one') return E.right(isRead(state, data.position) ? [] : [{ type: 'NotificationRead', data }]);
  return E.right(data.position <= state.readUpTo ? [] : [{ type: 'NotificationsReadUpTo', data }]);
};

/** The inbox decider; one stream per customer (`inboxStream`). Marking what is already read decides nothing. */
export const inbox: Decider<InboxState, InboxCommand, InboxEvent, InboxError> = { initialState, evolve, decide };
