import * as E from 'fp-ts/lib/Either.js';
import type { ContactKind } from '../../privacy/contactHasher.js';
import { normaliseContact } from '../contact.js';
import { checkPassword } from '../inputs.js';
import type { Notification } from '../notifier.js';
import type { UserState } from '../state.js';
import type { RequestMetadata, Runtime, ServiceResult } from './runtime.js';
import { recorded } from './runtime.js';

const elapsed = (since: string | null, now: Date): number => (since === null ? 0 : now.getTime() - new Date(since).getTime());

/**
 * Whether a claim's holder will never use the contact, so that a newcomer may take it: the account was
 * closed (and a crash kept the claim), the registration never got past the claim, or the holder never proved
 * the contact was theirs and someone else now wants it.
 */
const abandonment = (rt: Runtime, holder: UserState, claimedAt: string | null, contactHash: string, now: Date) => {
  if (holder.status === 'closed') return 'closed' as const;
  if (holder.status === 'unregistered') return elapsed(claimedAt, now) > rt.abandonedClaimAfterMs ? ('never-registered' as const) : null;
  const unverified = holder.contact?.hash === contactHash && !holder.contact.verified;
  return unverified && elapsed(holder.registeredAt, now) > rt.unverifiedClaimAfterMs ? ('unverified' as const) : null;
};

/** Claims the contact for the user, taking it over from an abandoned holder when there is one. */
const claimContact = async (
  rt: Runtime,
  contactHash: string,
  kind: ContactKind,
  userId: string,
  metadata: RequestMetadata,
): Promise<ServiceResult<void>> => {
  const claim = { type: 'ClaimContact' as const, data: { contactHash, kind, userId } };
  const first = await rt.claim(contactHash, claim, metadata);
  if (E.isRight(first)) return E.right(undefined);
  if (first.left._tag !== 'ContactTaken') return first;
  const heldBy = first.left.heldBy;
  const [holder, current] = await Promise.all([rt.loadUser(heldBy), rt.loadClaim(contactHash)]);
  const reason = abandonment(rt, holder, current.claimedAt, contactHash, rt.config.clock.now());
  if (reason === null) return E.left({ _tag: 'ContactAlreadyRegistered', kind });
  if (reason === 'unverified') {
    const closed = await rt.governed(heldBy, { type: 'CloseAccount', data: { reason: 'abandoned-unverified' } }, metadata);
    // The shop's last admin keeps an unverified contact: the shop would otherwise be left without one.
    if (E.isLeft(closed) && closed.left._tag === 'LastAdministrator') return E.left({ _tag: 'ContactAlreadyRegistered', kind });
    if (E.isLeft(closed) && closed.left._tag !== 'AccountIsClosed') return closed;
  }
  const released = await rt.claim(
    contactHash,
    { type: 'ReleaseContact', data: { contactHash, userId: heldBy, reason: reason === 'closed' ? 'account-closed' : 'abandoned-claim' } },
    metadata,
  );
  // Someone else took it over first.
  if (E.isLeft(released)) return released.left._tag === 'ContactNotHeld' ? E.left({ _tag: 'ContactAlreadyRegistered', kind }) : released;
  const second = await rt.claim(contactHash, claim, metadata);
  if (E.isLeft(second)) return second.left._tag === 'ContactTaken' ? E.left({ _tag: 'ContactAlreadyRegistered', kind }) : second;
  return E.right(undefined);
};

export interface Registration {
  readonly userId: string;
  readonly contactKind: ContactKind;
  /** False when the notifier failed; the account exists and `sendVerificationCode` can be asked again. */
  readonly codeSent: boolean;
}

/** Records a new verification code and works out where it goes. The code itself lives only in the message. */
const issueVerificationCode = async (rt: Runtime, userId: string, metadata: RequestMetadata): Promise<ServiceResult<Notification>> => {
  const code = rt.config.codes.generate();
  const issued = await rt.user(
    userId,
    { type: 'IssueContactVerificationCode', data: { codeHash: rt.config.codes.hash('verify-contact', userId, code) } },
    metadata,
  );
  if (E.isLeft(issued)) return issued;
  const contact = issued.right.state.contact;
  const to = contact === null ? null : await rt.config.vault.open(contact.value);
  // An open account's key is never erased (erasure needs a closed account), so this is a fault, not a refusal.
  if (contact === null || to === null) throw new Error(`user ${userId} has no contact that can be opened`);
  return E.right({
    to,
    channel: contact.kind === 'email' ? 'email' : 'sms',
    template: 'verify-contact',
    params: { code, validMinutes: String(Math.round(rt.policy.codeTtlMs / 60_000)) },
  });
};

/** Issues a verification code and sends it; a failing notifier is thrown as the fault it is. */
export const sendVerificationCode =
  (rt: Runtime) =>
  async (userId: string, metadata?: RequestMetadata): Promise<ServiceResult<void>> => {
    const message = await issueVerificationCode(rt, userId, metadata);
    if (E.isLeft(message)) return message;
    await rt.config.notifier.send(message.right);
    return E.right(undefined);
  };

/**
 * Registers a customer: claims the email or phone (unique across users through its claim stream), then
 * records the user with the contact sealed under the user's own key, then sends a verification code.
 */
export const register =
  (rt: Runtime) =>
  async (input: { readonly contact: string; readonly password: string }, metadata?: RequestMetadata): Promise<ServiceResult<Registration>> => {
    const { config } = rt;
    const contact = normaliseContact(input.contact, rt.phone);
    if (E.isLeft(contact)) return contact;
    const password = checkPassword(input.password);
    if (E.isLeft(password)) return password;
    const { kind, value } = contact.right;
    const contactHash = config.contacts.hash(kind, value);
    // The slow work comes before the claim, so that a crash between claim and registration is as unlikely as can be.
    const passwordHash = await config.passwords.hash(password.right);
    const userId = config.ids.next();
    const sealed = await config.vault.seal(userId, value);

    const claimed = await claimContact(rt, contactHash, kind, userId, metadata);
    if (E.isLeft(claimed)) {
      // Nothing was stored under this user: drop the key made for it.
      await config.vault.erase(userId);
      return claimed;
    }
    const registered = await rt.user(
      userId,
      { type: 'RegisterUser', data: { userId, contact: { kind, hash: contactHash, value: sealed }, passwordHash } },
      metadata,
    );
    if (E.isLeft(registered)) return registered;
    // A registration that was slower than the abandoned-claim grace may have lost its claim meanwhile.
    const holder = (await rt.loadClaim(contactHash)).holder;
    if (holder !== userId) {
      await rt.user(userId, { type: 'CloseAccount', data: { reason: 'abandoned-unverified' } }, metadata);
      return E.left({ _tag: 'ContactAlreadyRegistered', kind });
    }
    const message = await issueVerificationCode(rt, userId, metadata);
    if (E.isLeft(message)) return message;
    try {
      await config.notifier.send(message.right);
      return E.right({ userId, contactKind: kind, codeSent: true });
    } catch {
      // The account is registered; a failing SMS or email gateway must not hide that from the caller.
      return E.right({ userId, contactKind: kind, codeSent: false });
    }
  };

/** Checks a verification code. A wrong code spends an attempt and answers `IncorrectCode`. */
export const verifyContact =
  (rt: Runtime) =>
  async (userId: string, code: string, metadata?: RequestMetadata): Promise<ServiceResult<void>> => {
    const codeHash = rt.config.codes.hash('verify-contact', userId, code);
    const result = await rt.user(userId, { type: 'VerifyContact', data: { codeHash } }, metadata);
    if (E.isLeft(result)) return result;
    const failed = recorded(result.right.events, 'ContactVerificationFailed');
    return failed ? E.left({ _tag: 'IncorrectCode', purpose: 'verify-contact', attemptsLeft: failed.data.attemptsLeft }) : E.right(undefined);
  };
