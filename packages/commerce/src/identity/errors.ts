import type { ContactKind } from '../privacy/contactHasher.js';
import type { InvalidContact } from './contact.js';
import type { CodePurpose } from './verificationCodes.js';

// Refusals of the user decider.
export type UserDecisionError =
  | { readonly _tag: 'UserAlreadyRegistered'; readonly userId: string }
  | { readonly _tag: 'UserNotFound' }
  | { readonly _tag: 'AccountIsClosed'; readonly closedAt: string }
  | { readonly _tag: 'AccountNotClosed' }
  | { readonly _tag: 'AccountLocked'; readonly until: string }
  | { readonly _tag: 'ContactAlreadyVerified'; readonly kind: ContactKind }
  | { readonly _tag: 'CodeRequestedTooSoon'; readonly purpose: CodePurpose; readonly retryAfter: string }
  | { readonly _tag: 'NoCodePending'; readonly purpose: CodePurpose }
  | { readonly _tag: 'CodeExpired'; readonly purpose: CodePurpose; readonly expiredAt: string }
  | { readonly _tag: 'CodeAttemptsExhausted'; readonly purpose: CodePurpose }
  | { readonly _tag: 'CurrentPasswordIncorrect' }
  | { readonly _tag: 'AddressNotFound'; readonly addressId: string }
  | { readonly _tag: 'AddressAlreadyExists'; readonly addressId: string }
  | { readonly _tag: 'AddressBookFull'; readonly limit: number }
  | { readonly _tag: 'PaymentMethodNotFound'; readonly paymentMethodId: string }
  | { readonly _tag: 'PaymentMethodAlreadySaved'; readonly paymentMethodId: string }
  | { readonly _tag: 'PaymentMethodsFull'; readonly limit: number }
  | { readonly _tag: 'CardDataRefused'; readonly field: 'providerToken' | 'brand' | 'provider'; readonly reason: string }
  | { readonly _tag: 'InvalidInput'; readonly field: string; readonly reason: string };

// Refusals of the contact claim decider.
export type ContactClaimError =
  | { readonly _tag: 'ContactTaken'; readonly kind: ContactKind; readonly heldBy: string }
  | { readonly _tag: 'ContactNotHeld'; readonly userId: string; readonly heldBy: string | null };

/**
 * Refusals the identity service adds. Deliberately vague where precision would help an attacker: an unknown
 * contact and a wrong password are both `InvalidCredentials`, so logins cannot be used to find out who is a customer.
 */
export type IdentityServiceError =
  | InvalidContact
  | { readonly _tag: 'WeakPassword'; readonly minLength: number; readonly maxLength: number }
  | { readonly _tag: 'InvalidCredentials' }
  | { readonly _tag: 'ContactAlreadyRegistered'; readonly kind: ContactKind }
  | { readonly _tag: 'IncorrectCode'; readonly purpose: CodePurpose; readonly attemptsLeft: number }
  | LastAdministrator;

/** The change would leave the shop with no open account holding the admin role: `userId` is the last one. */
export type LastAdministrator = { readonly _tag: 'LastAdministrator'; readonly userId: string };

export type IdentityError = UserDecisionError | ContactClaimError | IdentityServiceError;
export type IdentityErrorTag = IdentityError['_tag'];
