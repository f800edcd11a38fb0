import * as E from 'fp-ts/lib/Either.js';
import type { PersonalDataVault } from '../privacy/vault.js';
import type { Sealed } from '../shared/sealed.js';
import type { ReviewError } from './errors.js';
import { ReviewContent, isLegacyClear } from './events.js';
import type { StoredContent } from './events.js';
import type { ReviewPolicy } from './policy.js';

/**
 * A review's words are personal data: they are checked in clear, then sealed under the author's key before any
 * command carries them, so the decider, the log and the read models only ever hold the envelope.
 */

const isHttpsUrl = (url: string): boolean => {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
};

/** The policy's rules on what a review or follow-up may hold, checked before sealing (the decider cannot look inside). */
export const checkContent = (policy: ReviewPolicy, content: { readonly text: string; readonly images: readonly string[] }): E.Either<ReviewError, ReviewContent> => {
  if (content.images.length > policy.maxImages) return E.left({ _tag: 'TooManyImages', given: content.images.length, max: policy.maxImages });
  const bad = content.images.find((url) => !isHttpsUrl(url));
  return bad === undefined ? E.right({ text: content.text, images: [...content.images] }) : E.left({ _tag: 'InvalidImageUrl', url: bad });
};

/** As `checkContent`, and a follow-up must say something: text or at least one image. */
export const checkFollowUp = (policy: ReviewPolicy, reviewId: string, content: { readonly text: string; readonly images: readonly string[] }): E.Either<ReviewError, ReviewContent> =>
  content.text.trim().length === 0 && content.images.length === 0 ? E.left({ _tag: 'EmptyFollowUp', reviewId }) : checkContent(policy, content);

/** Seals the words under the author's key: erasing the author makes them unreadable everywhere they were copied. */
export const sealContent = (vault: PersonalDataVault, authorId: string, content: ReviewContent): Promise<Sealed> => vault.seal(authorId, JSON.stringify(content));

/** A sealed envelope that opened to something other than review content: a fault, as a tampered envelope is. */
export class ReviewContentError extends Error {
  override readonly name = 'ReviewContentError';
  constructor(readonly subject: string) {
    super(`a review's sealed content for ${subject} does not hold a text and images`);
  }
}

/**
 * The words as the author wrote them, or null once the author's key is erased. Version-1 words were never sealed
 * and open as they are: whoever shows them must honour the author's erasure itself (the reviews read model does).
 */
export const openContent = async (vault: PersonalDataVault, content: StoredContent): Promise<ReviewContent | null> => {
  if (isLegacyClear(content)) return content.clear;
  const plaintext = await vault.open(content);
  if (plaintext === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(plaintext);
  } catch {
    throw new ReviewContentError(content.subject);
  }
  const checked = ReviewContent.safeParse(parsed);
  if (!checked.success) throw new ReviewContentError(content.subject);
  return checked.data;
};
