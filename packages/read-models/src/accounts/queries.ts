import type { Sealed } from '@shopstream/commerce';
import type { NotificationFacts } from '@shopstream/commerce/inbox';
import type { PersonalDataVault } from '@shopstream/commerce/privacy';
import type * as E from 'fp-ts/lib/Either.js';
import type { ReadModelSource } from '../source.js';
import { keysetPage, ordersQueries } from '../orders/index.js';
import type { InvalidCursor, ListPage, PageRequest } from '../orders/index.js';
import type { NotificationDocument, ProfileDocument } from './documents.js';
import { ACCOUNTS_PROJECTION } from './projection.js';
import type { AddressView, NotificationView, PaymentMethodView, ProfileView } from './views.js';

/** What the account queries need besides the read model: the vault that opens the owner's sealed data. */
export interface AccountsDependencies {
  readonly vault: Pick<PersonalDataVault, 'open'>;
}

const notificationView = (n: NotificationDocument): NotificationView => ({
  notificationId: n._id,
  kind: n.kind,
  orderId: n.orderId,
  caseId: n.caseId,
  at: n.at,
  details: n.details,
  readAt: n.readAt,
});

/** Which of the customer's notifications a list shows: all of them, or only those still unread. */
export interface NotificationsRequest extends PageRequest {
  readonly unread?: boolean;
}

/**
 * Queries of a customer's own account. Each takes the customer's id and shows only that customer's data:
 * sealed values are opened only when sealed for that customer (a value sealed for anyone else reads as null),
 * and after erasure they read as null because the key is gone.
 */
export const accountsQueries = (source: ReadModelSource, dependencies: AccountsDependencies) => {
  const profiles = source.collection<ProfileDocument>(ACCOUNTS_PROJECTION, 'profiles');
  const notifications = source.collection<NotificationDocument>(ACCOUNTS_PROJECTION, 'notifications');
  const orders = ordersQueries(source);

  const opener = (profile: ProfileDocument) => async (sealed: Sealed | null): Promise<string | null> =>
    sealed === null || profile.erasedAt !== null || sealed.subject !== profile.userId ? null : dependencies.vault.open(sealed);

  return {
    /** The customer's profile, opened; null when there is no such account. */
    profile: async (customerId: string): Promise<ProfileView | null> => {
      const profile = await profiles.get(customerId);
      if (profile === null) return null;
      const open = opener(profile);
      return {
        userId: profile.userId,
        status: profile.status,
        registeredAt: profile.registeredAt,
        contact: profile.contact === null ? null : { kind: profile.contact.kind, value: await open(profile.contact.value), verified: profile.contact.verified },
        name: await open(profile.name),
        nickname: await open(profile.nickname),
        birthday: await open(profile.birthday),
        preferences: profile.preferences,
        consents: profile.consents,
        closedAt: profile.closedAt,
        erased: profile.erasedAt !== null,
        erasedAt: profile.erasedAt,
      };
    },

    /** The customer's address book, opened, the default first and the rest in the order they were added. */
    addresses: async (customerId: string): Promise<readonly AddressView[]> => {
      const profile = await profiles.get(customerId);
      if (profile === null) return [];
      const open = opener(profile);
      const views = await Promise.all(
        profile.addresses.map(
          async (a): Promise<AddressView> => ({
            addressId: a.addressId,
            isDefault: a.addressId === profile.defaultAddressId,
            recipientName: await open(a.recipientName),
            phone: await open(a.phone),
            lines: await open(a.lines),
            region: a.region,
            postalCode: a.postalCode,
            addedAt: a.addedAt,
            updatedAt: a.updatedAt,
          }),
        ),
      );
      return [...views.filter((v) => v.isDefault), ...views.filter((v) => !v.isDefault)];
    },

    /** The customer's saved cards, masked, in the order they were saved. */
    paymentMethods: async (customerId: string): Promise<readonly PaymentMethodView[]> =>
      ((await profiles.get(customerId))?.paymentMethods ?? []).map((m) => ({
        paymentMethodId: m.paymentMethodId,
        brand: m.brand,
        last4: m.last4,
        masked: `${m.brand} •••• ${m.last4}`,
        expires: m.expires,
        savedAt: m.savedAt,
      })),

    /**
     * The customer's inbox, newest first; with `unread: true`, only what they have not marked read. A page's
     * cursor is a place in the inbox, so marking items read between pages neither repeats nor skips any.
     */
    notifications: async (customerId: string, request: NotificationsRequest = {}): Promise<E.Either<InvalidCursor, ListPage<NotificationView>>> =>
      keysetPage(notifications, request.unread === true ? { customerId, readAt: null } : { customerId }, { position: -1 }, request, notificationView),

    /** How many of the customer's notifications are unread: the app's badge. */
    unreadCount: (customerId: string): Promise<number> => notifications.count({ customerId, readAt: null }),

    /**
     * What the inbox's command needs to know of a notification: whose it is and its place. Not a view: it names
     * the owner of any notification, so only the SDK's command path reads it, and the decider refuses every
     * notification that is not the caller's as not found.
     */
    notificationFacts: async (notificationId: string): Promise<NotificationFacts | null> => {
      const n = await notifications.get(notificationId);
      return n === null ? null : { notificationId: n._id, customerId: n.customerId, position: n.position };
    },

    /** The customer's orders, payments and after-sales cases, from the orders read model. */
    orders: orders.ordersOf,
    order: orders.order,
    payments: orders.paymentsOf,
    cases: orders.casesOf,
    case: orders.case,
  };
};

export type AccountsQueries = ReturnType<typeof accountsQueries>;
