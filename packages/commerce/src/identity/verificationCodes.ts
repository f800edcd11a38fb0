import { createHmac, randomInt } from 'node:crypto';
import { MIN_PEPPER_BYTES } from '../privacy/contactHasher.js';

/** What a one-time code proves: control of the contact, or the right to set a new password. */
export type CodePurpose = 'verify-contact' | 'reset-password';

/**
 * Six-digit one-time codes. Events hold only a keyed hash of a code, bound to the user and the purpose, so a
 * code read from the log cannot be replayed, nor one sent for verification used to reset a password.
 */
export interface VerificationCodes {
  /** A uniformly random code from the OS CSPRNG, 000000 to 999999. */
  generate(): string;
  /** Lower-case hex; fullwidth digits and spaces in what the user typed are forgiven. */
  hash(purpose: CodePurpose, userId: string, code: string): string;
}

export const CODE_DIGITS = 6;

export const verificationCodes = (pepper: Uint8Array): VerificationCodes => {
  if (pepper.byteLength < MIN_PEPPER_BYTES) {
    throw new RangeError(`the code pepper must be at least ${MIN_PEPPER_BYTES} random bytes`);
  }
  const secret = Buffer.from(pepper);
  return {
    generate: () => randomInt(0, 10 ** CODE_DIGITS).toString().padStart(CODE_DIGITS, '0'),
    hash: (purpose, userId, code) =>
      createHmac('sha256', secret)
        .update(`${purpose}\u0000${userId}\u0000${code.normalize('NFKC').replace(/\s/g, '')}`, 'utf8')
        .digest('hex'),
  };
};
