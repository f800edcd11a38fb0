import type { NotificationSink } from './types.js';
import type { SignedNotification } from './wire.js';

export interface NotificationQueue {
  readonly sink: NotificationSink;
  readonly size: () => number;
  /** Takes everything queued, oldest first, without handling it (to reorder, drop or replay in tests). */
  readonly take: () => SignedNotification[];
  /** Hands queued notifications to `handler` one at a time, oldest first, including any queued meanwhile. */
  readonly drain: (handler: (notification: SignedNotification) => Promise<unknown>) => Promise<number>;
}

/** Notifications in memory, delivered when the owner says so: the sandbox's stand-in for webhook POSTs. */
export const notificationQueue = (): NotificationQueue => {
  const items: SignedNotification[] = [];
  return {
    sink: (notification) => {
      items.push(notification);
    },
    size: () => items.length,
    take: () => items.splice(0, items.length),
    drain: async (handler) => {
      let handled = 0;
      for (let next = items.shift(); next !== undefined; next = items.shift()) {
        await handler(next);
        handled += 1;
      }
      return handled;
    },
  };
};
