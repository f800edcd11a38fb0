import * as E from 'fp-ts/lib/Either.js';
import type { CloseReason } from '../events.js';
import type { RequestMetadata, Runtime, ServiceResult } from './runtime.js';

export const closure = (rt: Runtime) => {
  /**
   * Closes the account, then releases its email or phone so it can be registered again. Running it again after
   * a crash in between finishes the release.
   */
  const closeAccount = async (
    userId: string,
    reason: CloseReason = 'customer-request',
    metadata?: RequestMetadata,
  ): Promise<ServiceResult<void>> => {
    const closed = await rt.user(userId, { type: 'CloseAccount', data: { reason } }, metadata);
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
