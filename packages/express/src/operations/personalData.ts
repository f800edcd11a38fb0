import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { Clock } from '@shopstream/kernel';
import type { Outcome, PageRequest, ReadModelPage, Shop, ShopError } from '@shopstream/sdk';

const FORMAT = 'urn:shopstream:personal-data-export:1';

/** Every page of a list: an export leaves nothing out. */
const everyPage = async <T>(read: (page: PageRequest) => Outcome<ReadModelPage<T>>): Promise<Either<ShopError, T[]>> => {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Either<ShopError, ReadModelPage<T>> = await read({ limit: 100, cursor });
    if (E.isLeft(page)) return page;
    items.push(...page.right.items);
    cursor = page.right.nextCursor;
  } while (cursor !== null);
  return E.right(items);
};

/**
 * A customer's personal data as one JSON document (GDPR access and portability): the account, address book,
 * saved payment methods (provider, brand and last four digits: never more is stored), consents, orders,
 * payments, after-sales cases, reviews and notifications. Staff-only judgements (risk scores, the reasons of a
 * risk hold) and other people's ids (helpful voters, the staff who replied) are left out. After erasure the
 * account's personal fields read null and `erased` is true: the export shows what the shop still holds.
 * Null when there is no such user.
 */
export const personalDataExport = async (shop: Shop, clock: Clock, userId: string): Promise<Either<ShopError, Record<string, unknown>> | null> => {
  const account = await shop.accounts.profile(userId);
  if (account === null) return null;
  const customer = { customerId: userId };
  const summaries = await everyPage((page) => shop.orders.listMine(userId, page));
  if (E.isLeft(summaries)) return summaries;
  const orders: unknown[] = [];
  for (const summary of summaries.right) {
    const order = await shop.orders.get(summary.orderId, customer);
    if (order === null) continue;
    // Why an order was held for review is the risk team's judgement, not the customer's data.
    const { riskHold: _judgement, ...theirs } = order;
    orders.push(theirs);
  }
  const payments = await everyPage((page) => shop.payments.listMine(userId, page));
  if (E.isLeft(payments)) return payments;
  const cases = await everyPage((page) => shop.afterSales.listMine(userId, page));
  if (E.isLeft(cases)) return cases;
  const notifications = await everyPage((page) => shop.accounts.notifications(userId, page));
  if (E.isLeft(notifications)) return notifications;
  const { addresses, paymentMethods, consents, ...rest } = account;
  return E.right({
    format: FORMAT,
    exportedAt: clock.now().toISOString(),
    userId,
    account: { ...rest, roles: await shop.identity.roles(userId) },
    consents,
    addresses,
    paymentMethods,
    orders,
    payments: payments.right,
    cases: cases.right,
    reviews: await shop.reviews.writtenBy(userId),
    notifications: notifications.right,
  });
};
