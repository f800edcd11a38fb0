import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { z } from 'zod';
import type { AccountCloser, CallOptions, Shop, ShopError } from '@shopstream/sdk';
import type { Sessions } from '../auth/sessions.js';

export const Closed = z.strictObject({ userId: z.string(), closed: z.literal(true), erased: z.boolean() });

/**
 * Closes an account and, when asked, erases its personal data, then ends its sessions. Closing an account that
 * is closed already succeeds (the facade releases its contact either way), so a retry after a fault finishes
 * the job; erasing needs the account closed, which is why both are one request here. `closer` says who decided,
 * for the audit trail; the shop's last admin is refused (409 `LastAdministrator`).
 */
export const closeAccount = async (
  shop: Shop,
  sessions: Sessions,
  userId: string,
  closer: AccountCloser,
  erase: boolean,
  options: CallOptions,
): Promise<Either<ShopError, z.infer<typeof Closed>>> => {
  const closed = await shop.identity.closeAccount(userId, closer, options);
  if (E.isLeft(closed)) return closed;
  // Ended now rather than on each session's next request, so that none lingers in the store.
  await sessions.closeAllOf(userId);
  if (erase) {
    const erased = await shop.identity.erasePersonalData(userId, options);
    if (E.isLeft(erased)) return erased;
  }
  return E.right({ userId, closed: true, erased: erase });
};
