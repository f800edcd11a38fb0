import type { AccountCloser, AccountView, AddressInput, ConsentPurpose, ProfileInput, Registration } from '@shopstream/commerce/identity';
import type { CallOptions, Outcome } from '../call.js';
import type { NotificationsFacade } from './notificationsApi.js';

export type { AccountCloser };

/** Who may do what over the API: staff roles come on top of being a customer. */
export type ShopRole = 'customer' | 'admin' | 'auditor';

/** Signing up, proving the contact, signing in, passwords and closing the account. */
export interface IdentityFacade {
  /** registerCustomer: claims the email or phone and sends a verification code to it. */
  register(input: { readonly contact: string; readonly password: string }, options?: CallOptions): Outcome<Registration>;
  /** Sends a fresh verification code (the first one is sent by `register`). */
  sendVerificationCode(userId: string, options?: CallOptions): Outcome<void>;
  /** verifyContact: checks the code the customer received. */
  verifyContact(userId: string, code: string, options?: CallOptions): Outcome<void>;
  /** login: checks the password; the session itself lives in `shop.state`, handed out by the HTTP layer. */
  logIn(input: { readonly contact: string; readonly password: string }, options?: CallOptions): Outcome<{ readonly userId: string; readonly roles: readonly ShopRole[] }>;
  /** changePassword */
  changePassword(userId: string, input: { readonly currentPassword: string; readonly newPassword: string }, options?: CallOptions): Outcome<void>;
  requestPasswordReset(input: { readonly contact: string }, options?: CallOptions): Outcome<void>;
  resetPassword(input: { readonly contact: string; readonly code: string; readonly newPassword: string }, options?: CallOptions): Outcome<{ readonly userId: string }>;
  /**
   * Closes the account and releases its email or phone. `closer` says who decided, for the audit trail: the
   * customer (`{ by: 'customer' }`, recorded as `customer-request`) or a staff member (`{ by: 'staff', staffId }`,
   * recorded as `staff-decision` with `closedBy`). Refused with `LastAdministrator` for the shop's last admin.
   */
  closeAccount(userId: string, closer: AccountCloser, options?: CallOptions): Outcome<void>;
  /** Crypto-shreds a closed account's personal data. */
  erasePersonalData(userId: string, options?: CallOptions): Outcome<void>;
  /** The user's roles: `customer` always, plus the staff roles granted (as events) or given by the shop's configuration. */
  roles(userId: string): Promise<readonly ShopRole[]>;
  /**
   * Whether the account is open, and its roles, from one read of the user's stream and without opening any sealed
   * personal data: what a session checks when the account changed.
   */
  standing(userId: string): Promise<{ readonly status: 'unregistered' | 'active' | 'closed'; readonly roles: readonly ShopRole[] }>;
  /** Grants a staff role; granting one already held records nothing. */
  grantRole(userId: string, role: Exclude<ShopRole, 'customer'>, grantedBy: string, options?: CallOptions): Outcome<readonly ShopRole[]>;
  /**
   * Revokes a staff role; revoking one not held records nothing. Refused with `LastAdministrator` when it would
   * leave the shop without an admin (an open account holding admin by an event or by `config.staff`).
   */
  revokeRole(userId: string, role: Exclude<ShopRole, 'customer'>, revokedBy: string, options?: CallOptions): Outcome<readonly ShopRole[]>;
}

export type AccountAddress = AccountView['addresses'][number];
export type AccountPaymentMethod = AccountView['paymentMethods'][number];

/** What a tokenising provider gave back for a card: never the card number. */
export interface PaymentMethodInput {
  readonly provider: string;
  readonly providerToken: string;
  readonly brand: string;
  readonly last4: string;
  readonly expires?: { readonly month: number; readonly year: number } | null;
}

/** "My account": profile, address book, saved payment methods, preferences, consents and the notification inbox. */
export interface AccountsFacade extends NotificationsFacade {
  /** getMyProfile: the account with its personal data opened (null where erased); null for no such user. */
  profile(userId: string): Promise<AccountView | null>;
  /** updateMyProfile */
  updateProfile(userId: string, input: ProfileInput, options?: CallOptions): Outcome<void>;
  /** listMyAddresses */
  addresses(userId: string): Promise<readonly AccountAddress[]>;
  /** addMyAddress */
  addAddress(userId: string, input: AddressInput & { readonly makeDefault?: boolean }, options?: CallOptions): Outcome<{ readonly addressId: string }>;
  /** updateMyAddress */
  updateAddress(userId: string, addressId: string, input: AddressInput, options?: CallOptions): Outcome<void>;
  /** deleteMyAddress */
  removeAddress(userId: string, addressId: string, options?: CallOptions): Outcome<void>;
  setDefaultAddress(userId: string, addressId: string, options?: CallOptions): Outcome<void>;
  /** listMyPaymentMethods */
  paymentMethods(userId: string): Promise<readonly AccountPaymentMethod[]>;
  /** addMyPaymentMethod */
  addPaymentMethod(userId: string, input: PaymentMethodInput, options?: CallOptions): Outcome<{ readonly paymentMethodId: string }>;
  /** removeMyPaymentMethod */
  removePaymentMethod(userId: string, paymentMethodId: string, options?: CallOptions): Outcome<void>;
  setPreferences(userId: string, input: { readonly language: string; readonly currency: string }, options?: CallOptions): Outcome<void>;
  setConsent(userId: string, purpose: ConsentPurpose, granted: boolean, options?: CallOptions): Outcome<void>;
}
