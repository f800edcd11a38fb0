import { StoredContent, openContent } from '@shopstream/commerce/reviews';
import type { PersonalDataVault } from '@shopstream/commerce/privacy';
import type { EventStore } from '@shopstream/kernel';
import type { ReviewWords } from '@shopstream/read-models/reviews';
import { z } from 'zod';
import type { ShownWords } from './api.js';

const removed: ShownWords = { text: null, images: [], removed: 'author-erased' };

const Carrier = z.object({ content: StoredContent });

/** The event a legacy pointer names did not hold review words: the read model and the log disagree, a fault. */
export class ReviewWordsNotFound extends Error {
  override readonly name = 'ReviewWordsNotFound';
  constructor(readonly stream: string, readonly revision: number) {
    super(`no review words at revision ${revision} of ${stream}`);
  }
}

/**
 * Opens a review's words at the moment they are shown, and never keeps them: sealed words through the vault
 * (null once the author's key is erased), version-1 words from the event in the log that holds them. Words the
 * read model dropped (the author was erased) or that no longer open show as removed, never as an error.
 */
export const wordsReader =
  (vault: PersonalDataVault, eventStore: EventStore) =>
  async (words: ReviewWords | null): Promise<ShownWords> => {
    if (words === null) return removed;
    const content = words.kind === 'sealed' ? await openContent(vault, words.sealed) : await openContent(vault, await legacyContent(eventStore, words));
    return content === null ? removed : { text: content.text, images: content.images, removed: null };
  };

const legacyContent = async (eventStore: EventStore, words: Extract<ReviewWords, { kind: 'legacy' }>): Promise<StoredContent> => {
  const [event] = await eventStore.readStream(words.stream, { fromRevision: words.revision, maxCount: 1 });
  const carrier = event?.revision === words.revision ? Carrier.safeParse(event.data) : null;
  if (!carrier?.success) throw new ReviewWordsNotFound(words.stream, words.revision);
  return carrier.data.content;
};
