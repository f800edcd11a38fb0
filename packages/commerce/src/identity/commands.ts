import { z } from 'zod';
import { Currency } from '../shared/money.js';
import { Sealed } from '../shared/sealed.js';
import { AddressDetails, CardExpiry, CodeHash, ConsentPurpose, ContactHash, ContactKind, PasswordHash, StaffRole, UserContact } from './events.js';

/**
 * Commands reach the deciders already prepared by the identity service: personal data sealed, contacts hashed,
 * passwords hashed and checked, codes hashed. A decider is pure and sees no secret it could leak into an event.
 */
const command = <const Type extends string, Data extends z.ZodType>(type: Type, data: Data) =>
  z.strictObject({ type: z.literal(type), data });

const Id = z.string().min(1).max(128);

export const RegisterUser = command('RegisterUser', z.strictObject({ userId: Id, contact: UserContact, passwordHash: PasswordHash }));
export const IssueContactVerificationCode = command('IssueContactVerificationCode', z.strictObject({ codeHash: CodeHash }));
export const VerifyContact = command('VerifyContact', z.strictObject({ codeHash: CodeHash }));
/** The service has checked the password against the stored hash; the decider keeps count and locks. */
export const LogIn = command('LogIn', z.strictObject({ passwordMatched: z.boolean() }));
/** A new hash is there only when the current password was right: a wrong one is refused before anything is hashed. */
export const ChangePassword = command(
  'ChangePassword',
  z.discriminatedUnion('currentPasswordMatched', [
    z.strictObject({ currentPasswordMatched: z.literal(true), newPasswordHash: PasswordHash }),
    z.strictObject({ currentPasswordMatched: z.literal(false) }),
  ]),
);
export const RequestPasswordReset = command('RequestPasswordReset', z.strictObject({ codeHash: CodeHash }));
export const ResetPassword = command('ResetPassword', z.strictObject({ codeHash: CodeHash, newPasswordHash: PasswordHash }));
export const UpdateProfile = command(
  'UpdateProfile',
  z.strictObject({ name: Sealed.nullable(), nickname: Sealed.nullable(), birthday: Sealed.nullable() }),
);
export const AddAddress = command('AddAddress', z.strictObject({ addressId: Id, address: AddressDetails, makeDefault: z.boolean() }));
export const UpdateAddress = command('UpdateAddress', z.strictObject({ addressId: Id, address: AddressDetails }));
export const RemoveAddress = command('RemoveAddress', z.strictObject({ addressId: Id }));
export const SetDefaultAddress = command('SetDefaultAddress', z.strictObject({ addressId: Id }));
export const SavePaymentMethod = command(
  'SavePaymentMethod',
  z.strictObject({
    paymentMethodId: Id,
    provider: z.string(),
    providerToken: z.string(),
    brand: z.string(),
    last4: z.string(),
    expires: CardExpiry.nullable(),
  }),
);
export const RemovePaymentMethod = command('RemovePaymentMethod', z.strictObject({ paymentMethodId: Id }));
export const SetPreferences = command('SetPreferences', z.strictObject({ language: z.string(), currency: Currency }));
export const GiveConsent = command('GiveConsent', z.strictObject({ purpose: ConsentPurpose }));
export const WithdrawConsent = command('WithdrawConsent', z.strictObject({ purpose: ConsentPurpose }));
/** A staff decision names the staff member; the customer's own request and the clean-up of abandoned sign-ups name no one. */
export const CloseAccount = command(
  'CloseAccount',
  z.discriminatedUnion('reason', [
    z.strictObject({ reason: z.literal('customer-request') }),
    z.strictObject({ reason: z.literal('staff-decision'), closedBy: Id }),
    z.strictObject({ reason: z.literal('abandoned-unverified') }),
  ]),
);
export const ErasePersonalData = command('ErasePersonalData', z.strictObject({}));
/** Who grants or revokes is the acting staff member's user id (or a name for the shop's own bootstrap); the caller checks they may. */
export const GrantRole = command('GrantRole', z.strictObject({ role: StaffRole, grantedBy: Id }));
export const RevokeRole = command('RevokeRole', z.strictObject({ role: StaffRole, revokedBy: Id }));

export const UserCommand = z.discriminatedUnion('type', [
  RegisterUser,
  IssueContactVerificationCode,
  VerifyContact,
  LogIn,
  ChangePassword,
  RequestPasswordReset,
  ResetPassword,
  UpdateProfile,
  AddAddress,
  UpdateAddress,
  RemoveAddress,
  SetDefaultAddress,
  SavePaymentMethod,
  RemovePaymentMethod,
  SetPreferences,
  GiveConsent,
  WithdrawConsent,
  CloseAccount,
  ErasePersonalData,
  GrantRole,
  RevokeRole,
]);
export type UserCommand = z.infer<typeof UserCommand>;

export const ClaimContact = command('ClaimContact', z.strictObject({ contactHash: ContactHash, kind: ContactKind, userId: Id }));
/** Releases the holder's claim. `reason` says why; an abandoned claim is one whose holder never became a usable account. */
export const ReleaseContact = command(
  'ReleaseContact',
  z.strictObject({ contactHash: ContactHash, userId: Id, reason: z.enum(['account-closed', 'abandoned-claim']) }),
);
export const ContactClaimCommand = z.discriminatedUnion('type', [ClaimContact, ReleaseContact]);
export type ContactClaimCommand = z.infer<typeof ContactClaimCommand>;
