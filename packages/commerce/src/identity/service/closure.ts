import * as E from 'fp-ts/lib/Either.js';
import type { RequestMetadata, Runtime, ServiceResult } from './runtime.js';

/** Who decided a closure: the customer, for their own account, or a staff member, whose id the trail keeps. */
export type AccountCloser = { readonly by: 'customer' } | { readonly by: 'staff'; readonly staffId: string };

export const closure = (rt: Runtime) => {
  /**
   * Closes the account, then releases its email or phone so it can be registered again. Running it again after
   * a crash in between finishes the release. Refused with `LastAdministrator` for the shop's last admin.
   */
  const closeAccount = async (userId: string, closer: AccountCloser, metadata?: RequestMetadata): Promise<ServiceResult<void>> => {
    const data = closer.by === 'staff' ? { reason: 'staff-decision' as const, closedBy: closer.staffId } : { reason: 'customer-request' as const };
    const closed = await rt.governed(userId, { type: 'CloseAccount', data }, metadata);
    if (E.isLeft(closed) && closed.left._tag !== 'AccountIsClosed') return closed;
    const contact = E.isRight(closed) ? closed.right.state.contact : (await rt.loadUser(userId)).contact;
    if (contact === null) return E.right(undefined);
    const released = await rt.claim(contact.hash, { type: 'ReleaseContact', data: { contactHash: contact.hash, userId, reason: 'account-closed' } }, metadata);
    // Someone else holding it by now means the release already happened.
    if (E.isLeft(released) && released.left._tag !== 'ContactNotHeld') return released;
    return E.right(undefined);
  };

  /**
   * Erases a closed account's personal data: records that it was erased, then deletes the user's key, after
   * which every value sealed for the user, in any stream or copy, opens to null. Idempotent.
   */
  const erasePersonalData = async (userId: string, metadata?: RequestMetadata): Promise<ServiceResult<void>> => {
    const recorded = await rt.user(userId, { type: 'ErasePersonalData', data: {} }, metadata);
    if (E.isLeft(recorded)) return recorded;
    await rt.config.vault.erase(userId);
    return E.right(undefined);
  };

  return { closeAccount, erasePersonalData };
};
