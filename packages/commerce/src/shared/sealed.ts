import { z } from 'zod';

/**
 * Personal data (names, phones, emails, address lines) as it appears in events: encrypted with the data
 * subject's own key (AES-256-GCM), so that deleting that key erases the value everywhere it was copied while
 * the event log stays complete and verifiable. Deciders treat a Sealed value as opaque; only the
 * `PersonalDataVault` (identity) opens it, and after erasure it opens to nothing.
 */
export const Sealed = z.strictObject({
  /** Format version of the envelope. */
  v: z.literal(1),
  /** The data subject (user id) whose key sealed it. */
  subject: z.string().min(1),
  /** Which of the subject's keys; keys can be rotated. */
  keyId: z.string().min(1),
  /** base64 */
  iv: z.string().min(1),
  /** base64 ciphertext */
  data: z.string(),
  /** base64 GCM authentication tag */
  tag: z.string().min(1),
});
export type Sealed = z.infer<typeof Sealed>;
