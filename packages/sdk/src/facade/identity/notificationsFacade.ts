import * as E from 'fp-ts/lib/Either.js';
import { commandHandler } from '@shopstream/kernel';
import { inbox, inboxStream } from '@shopstream/commerce/inbox';
import type { InboxCommand } from '@shopstream/commerce/inbox';
import type { ShopContext } from '../../shop/context.js';
import type { ShopReadModels } from '../../shop/readModels.js';
import type { ShopError } from '../errors.js';
import { pageOf } from '../orders/ordersFacade.js';
import type { NotificationsFacade } from './notificationsApi.js';

export const notificationsFacade = (context: ShopContext, readModels: ShopReadModels): NotificationsFacade => {
  const { gate, storage, clock, ids } = context;
  const inboxes = commandHandler({ store: storage.eventStore, decider: inbox, clock, ids });
  const accounts = readModels.accounts;
  return {
    notifications: async (userId, page = {}) => accounts.notifications(userId, { ...pageOf(page), ...(page.unread === true ? { unread: true } : {}) }),
    unreadNotifications: (userId) => accounts.unreadCount(userId),
    markNotificationsRead: async (userId, which, options) => {
      const marked = await gate.run(options, async (h): Promise<E.Either<ShopError, void>> => {
        const command: InboxCommand = {
          type: 'MarkNotificationsRead',
          customerId: userId,
          ...('upTo' in which ? { scope: 'upTo', notificationId: which.upTo } : { scope: 'one', notificationId: which.notificationId }),
          // Whose it is, from the read model; the decider refuses it unless it is the caller's.
          notification: await accounts.notificationFacts('upTo' in which ? which.upTo : which.notificationId),
        };
        const result = await inboxes(inboxStream(userId), command, h);
        if (E.isRight(result)) return E.right(undefined);
        // Not the caller's reads as absent, in the facade's one NotFound, which names only the id they sent.
        return result.left._tag === 'NotificationNotFound' ? E.left({ _tag: 'NotFound', entity: 'notification', id: command.notificationId }) : E.left(result.left);
      });
      return E.isLeft(marked) ? marked : E.right({ unread: await accounts.unreadCount(userId) });
    },
  };
};
