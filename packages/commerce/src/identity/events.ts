import { z } from 'zod';
import { defineEvent } from '@shopstream/kernel';
import type { EventOf } from '@shopstream/kernel';
import { Currency } from '../shared/money.js';
import { Sealed } from '../shared/sealed.js';

// Building blocks. Everything a person could be recognised by is Sealed; what stays in clear is said in docs/privacy.md.
const Instant = z.iso.datetime({ offset: true });
const Hex256 = z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256');
export const ContactKind = z.enum(['email', 'phone']);
export const UserContact = z.strictObject({
  kind: ContactKind,
  /** Keyed hash of the normalised contact: for lookups and uniqueness. */
  hash: Hex256,
  /** The normalised contact itself, for sending codes and messages. */
  value: Sealed,
});
export const PasswordHash = z.string().min(16).max(512);
export const CodeHash = Hex256;
export const ContactHash = Hex256;

/**
 * Country, province, city and district stay in clear on purpose: regional reports, delivery zones and risk
 * checks need them, and on their own they do not single a person out. The street, building and door are sealed.
 */
export const Region = z.strictObject({
  country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2'),
  province: z.string().trim().min(1).max(64),
  city: z.string().trim().min(1).max(64),
  district: z.string().trim().min(1).max(64).nullable(),
});
export type Region = z.infer<typeof Region>;

export const AddressDetails = z.strictObject({
  recipientName: Sealed,
  phone: Sealed,
  region: Region,
  lines: Sealed,
  postalCode: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 -]{1,10}$/).nullable(),
});
export type AddressDetails = z.infer<typeof AddressDetails>;

export const ConsentPurpose = z.enum(['marketing', 'personalisation']);
export type ConsentPurpose = z.infer<typeof ConsentPurpose>;

export const CloseReason = z.enum(['customer-request', 'staff-decision', 'abandoned-unverified']);
export type CloseReason = z.infer<typeof CloseReason>;

/** Staff roles, on top of being a customer, which every user is. Granted and revoked as events, so who could do what, when, is audited. */
export const StaffRole = z.enum(['admin', 'auditor']);
export type StaffRole = z.infer<typeof StaffRole>;

export const CardExpiry = z.strictObject({ month: z.number().int().min(1).max(12), year: z.number().int().min(2000).max(2100) });

// The user stream: `user-<userId>`.
export const UserRegistered = defineEvent(
  'UserRegistered',
  z.strictObject({ userId: z.string().min(1), contact: UserContact, passwordHash: PasswordHash, registeredAt: Instant }),
);
export const ContactVerificationCodeIssued = defineEvent(
  'ContactVerificationCodeIssued',
  z.strictObject({ codeHash: CodeHash, issuedAt: Instant, expiresAt: Instant, attempts: z.number().int().positive() }),
);
export const ContactVerificationFailed = defineEvent(
  'ContactVerificationFailed',
  z.strictObject({ attemptsLeft: z.number().int().nonnegative(), at: Instant }),
);
export const ContactVerified = defineEvent('ContactVerified', z.strictObject({ kind: ContactKind, hash: ContactHash, verifiedAt: Instant }));
export const LoginSucceeded = defineEvent('LoginSucceeded', z.strictObject({ at: Instant }));
export const LoginFailed = defineEvent('LoginFailed', z.strictObject({ at: Instant, consecutiveFailures: z.number().int().positive() }));
export const LoginLockedOut = defineEvent(
  'LoginLockedOut',
  z.strictObject({ at: Instant, until: Instant, lockout: z.number().int().positive() }),
);
export const PasswordChanged = defineEvent('PasswordChanged', z.strictObject({ passwordHash: PasswordHash, at: Instant }));
export const PasswordResetRequested = defineEvent(
  'PasswordResetRequested',
  z.strictObject({ codeHash: CodeHash, issuedAt: Instant, expiresAt: Instant, attempts: z.number().int().positive() }),
);
export const PasswordResetFailed = defineEvent(
  'PasswordResetFailed',
  z.strictObject({ attemptsLeft: z.number().int().nonnegative(), at: Instant }),
);
export const PasswordReset = defineEvent('PasswordReset', z.strictObject({ passwordHash: PasswordHash, at: Instant }));
export const ProfileUpdated = defineEvent(
  'ProfileUpdated',
  z.strictObject({ name: Sealed.nullable(), nickname: Sealed.nullable(), birthday: Sealed.nullable() }),
);
export const AddressAdded = defineEvent('AddressAdded', z.strictObject({ addressId: z.string().min(1), address: AddressDetails }));
export const AddressUpdated = defineEvent('AddressUpdated', z.strictObject({ addressId: z.string().min(1), address: AddressDetails }));
export const AddressRemoved = defineEvent('AddressRemoved', z.strictObject({ addressId: z.string().min(1) }));
export const DefaultAddressSet = defineEvent('DefaultAddressSet', z.strictObject({ addressId: z.string().min(1) }));
export const PaymentMethodSaved = defineEvent(
  'PaymentMethodSaved',
  z.strictObject({
    paymentMethodId: z.string().min(1),
    provider: z.string().min(1),
    providerToken: z.string().min(1),
    brand: z.string().min(1),
    last4: z.string().regex(/^\d{4}$/),
    expires: CardExpiry.nullable(),
  }),
);
export const PaymentMethodRemoved = defineEvent('PaymentMethodRemoved', z.strictObject({ paymentMethodId: z.string().min(1) }));
export const PreferencesChanged = defineEvent('PreferencesChanged', z.strictObject({ language: z.string().min(2), currency: Currency }));
export const ConsentGiven = defineEvent('ConsentGiven', z.strictObject({ purpose: ConsentPurpose, at: Instant }));
export const ConsentWithdrawn = defineEvent('ConsentWithdrawn', z.strictObject({ purpose: ConsentPurpose, at: Instant }));
/**
 * `closedBy` is the staff member who decided a `staff-decision` closure, so the trail says who did it. It came
 * after the first events were stored and is optional, so those still validate and fold as version 1: no payload
 * changes shape, hence no new schema version and no upcaster. Only a staff decision names a staff member.
 */
export const AccountClosed = defineEvent(
  'AccountClosed',
  z
    .strictObject({ at: Instant, reason: CloseReason, closedBy: z.string().min(1).optional() })
    .refine((data) => data.closedBy === undefined || data.reason === 'staff-decision', { message: 'only a staff decision names who closed the account', path: ['closedBy'] }),
);
export const PersonalDataErased = defineEvent('PersonalDataErased', z.strictObject({ at: Instant }));
export const RoleGranted = defineEvent(
  'RoleGranted',
  z.strictObject({ userId: z.string().min(1), role: StaffRole, grantedBy: z.string().min(1), at: Instant }),
);
export const RoleRevoked = defineEvent(
  'RoleRevoked',
  z.strictObject({ userId: z.string().min(1), role: StaffRole, revokedBy: z.string().min(1), at: Instant }),
);

// The contact claim stream: `contact-<contactHash>`, one per email or phone, so that two users cannot hold the same one.
export const ContactClaimed = defineEvent(
  'ContactClaimed',
  z.strictObject({ contactHash: ContactHash, kind: ContactKind, userId: z.string().min(1), at: Instant }),
);
export const ContactReleased = defineEvent(
  'ContactReleased',
  z.strictObject({ contactHash: ContactHash, userId: z.string().min(1), at: Instant, reason: z.enum(['account-closed', 'abandoned-claim']) }),
);

export const userEvents = [
  UserRegistered,
  ContactVerificationCodeIssued,
  ContactVerificationFailed,
  ContactVerified,
  LoginSucceeded,
  LoginFailed,
  LoginLockedOut,
  PasswordChanged,
  PasswordResetRequested,
  PasswordResetFailed,
  PasswordReset,
  ProfileUpdated,
  AddressAdded,
  AddressUpdated,
  AddressRemoved,
  DefaultAddressSet,
  PaymentMethodSaved,
  PaymentMethodRemoved,
  PreferencesChanged,
  ConsentGiven,
  ConsentWithdrawn,
  AccountClosed,
  PersonalDataErased,
  RoleGranted,
  RoleRevoked,
] as const;

export const contactClaimEvents = [ContactClaimed, ContactReleased] as const;

// The administration ledger: `administration-shop`, one stream for the shop, where every change that ends someone's
// standing as administrator is reserved first, so the store's expected revision decides between concurrent ones.

const UserRevision = z.number().int().min(-1);

/**
 * A change that ends an administrator's standing, as the user command it will append: revoking `admin`, or closing
 * the account. Frozen here as the event's own shape, not the command's, so the command can grow without changing it.
 */
export const AdministrationChange = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('RevokeRole'), data: z.strictObject({ role: StaffRole, revokedBy: z.string().min(1) }) }),
  z.strictObject({
    type: z.literal('CloseAccount'),
    data: z.discriminatedUnion('reason', [
      z.strictObject({ reason: z.literal('customer-request') }),
      z.strictObject({ reason: z.literal('staff-decision'), closedBy: z.string().min(1) }),
      z.strictObject({ reason: z.literal('abandoned-unverified') }),
    ]),
  }),
]);
export type AdministrationChange = z.infer<typeof AdministrationChange>;

/** The administrators the log granted before the ledger existed, each with the revision of their stream it was read at: the one-time carry-over. */
export const AdministratorsCarriedOver = defineEvent(
  'AdministratorsCarriedOver',
  z.strictObject({ administrators: z.array(z.strictObject({ userId: z.string().min(1), revision: UserRevision })), at: Instant }),
);
/** What a user's own stream says of them at `revision`: whether they hold `admin`, by a grant, on an open account. */
export const AdministratorStandingRecorded = defineEvent(
  'AdministratorStandingRecorded',
  z.strictObject({ userId: z.string().min(1), revision: UserRevision, administrator: z.boolean(), at: Instant }),
);
/**
 * `change` to the user's stream, decided on its revision `userRevision`, leaves another administrator: reserved, and
 * to be appended at exactly that revision. While held, the user no longer counts as an administrator.
 */
export const AdministrationChangeReserved = defineEvent(
  'AdministrationChangeReserved',
  z.strictObject({ userId: z.string().min(1), userRevision: UserRevision, change: AdministrationChange, at: Instant }),
);
/**
 * The reservation is over: `completed` (the change was appended) or `released` (the user's stream moved on without
 * it, so it can never be). `revision` and `administrator` are the user's standing as their stream showed it then.
 */
export const AdministrationChangeSettled = defineEvent(
  'AdministrationChangeSettled',
  z.strictObject({
    userId: z.string().min(1),
    userRevision: UserRevision,
    outcome: z.enum(['completed', 'released']),
    revision: UserRevision,
    administrator: z.boolean(),
    at: Instant,
  }),
);

export const administrationEvents = [AdministratorsCarriedOver, AdministratorStandingRecorded, AdministrationChangeReserved, AdministrationChangeSettled] as const;

/** Every event type of the identity context, for the store's registry. */
export const identityEvents = [...userEvents, ...contactClaimEvents, ...administrationEvents] as const;

export type UserEvent = EventOf<(typeof userEvents)[number]>;
export type ContactClaimEvent = EventOf<(typeof contactClaimEvents)[number]>;
export type AdministrationEvent = EventOf<(typeof administrationEvents)[number]>;
export type IdentityEvent = UserEvent | ContactClaimEvent | AdministrationEvent;
