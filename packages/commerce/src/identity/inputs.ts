import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { z } from 'zod';
import type { PhoneOptions } from './contact.js';
import { normalisePhone } from './contact.js';
import type { IdentityError } from './errors.js';
import { Region } from './events.js';

/**
 * What the identity service accepts from a person, in plaintext, checked before it is sealed: once sealed
 * nothing downstream can look inside.
 */
export const PASSWORD_MIN_LENGTH = 8;
/** Long enough for any passphrase, short enough that hashing it is not a denial of service. */
export const PASSWORD_MAX_LENGTH = 256;

export const checkPassword = (password: string): Either<IdentityError, string> => {
  const length = [...password.normalize('NFKC')].length;
  return length >= PASSWORD_MIN_LENGTH && length <= PASSWORD_MAX_LENGTH
    ? E.right(password)
    : E.left({ _tag: 'WeakPassword', minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH });
};

const Text = (max: number) => z.string().trim().min(1).max(max);

export const AddressInput = z.strictObject({
  recipientName: Text(64),
  phone: z.string().min(1).max(32),
  region: Region,
  lines: Text(200),
  postalCode: z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9 -]{1,10}$/).nullable().default(null),
});
export type AddressInput = z.input<typeof AddressInput>;
export type CheckedAddress = z.output<typeof AddressInput>;

const Birthday = z.iso.date();

export const ProfileInput = z.strictObject({
  name: Text(64).nullable(),
  nickname: Text(32).nullable(),
  /** YYYY-MM-DD */
  birthday: Birthday.nullable(),
});
export type ProfileInput = z.input<typeof ProfileInput>;

const firstIssue = (error: z.ZodError): IdentityError => {
  const issue = error.issues[0];
  return { _tag: 'InvalidInput', field: issue?.path.join('.') || '(input)', reason: issue?.message ?? 'invalid' };
};

export const checkAddress = (input: AddressInput, phone: PhoneOptions): Either<IdentityError, CheckedAddress> => {
  const parsed = AddressInput.safeParse(input);
  if (!parsed.success) return E.left(firstIssue(parsed.error));
  const normalised = normalisePhone(parsed.data.phone, phone);
  if (E.isLeft(normalised)) return E.left({ _tag: 'InvalidInput', field: 'phone', reason: normalised.left.reason });
  return E.right({ ...parsed.data, phone: normalised.right.value });
};

export const checkProfile = (input: ProfileInput, today: Date): Either<IdentityError, z.output<typeof ProfileInput>> => {
  const parsed = ProfileInput.safeParse(input);
  if (!parsed.success) return E.left(firstIssue(parsed.error));
  const { birthday } = parsed.data;
  if (birthday !== null && (birthday < '1900-01-01' || birthday > today.toISOString().slice(0, 10))) {
    return E.left({ _tag: 'InvalidInput', field: 'birthday', reason: 'a date between 1900-01-01 and today' });
  }
  return E.right(parsed.data);
};
