import { describe, expect, it } from 'vitest';
import { commerceEventRegistry } from '@shopstream/commerce';
import { memoryKeyStore, personalDataVault } from '@shopstream/commerce/privacy';
import { sealContent } from '@shopstream/commerce/reviews';
import { memoryEventStore } from '@shopstream/kernel';
import { ReviewWordsNotFound, wordsReader } from './words.js';

const AT = '2026-01-01T00:00:00.000Z';
const removed = { text: null, images: [], removed: 'author-erased' };

const setting = async () => {
  const eventStore = memoryEventStore({ registry: commerceEventRegistry() });
  const vault = personalDataVault(memoryKeyStore());
  await eventStore.append('review-o-1-l-1', [
    {
      type: 'ReviewWritten',
      schemaVersion: 1,
      data: { reviewId: 'r-1', orderId: 'o-1', lineId: 'l-1', productId: 'p-1', authorId: 'u-1', anonymous: false, rating: 4, text: '旧的评论', images: [], writtenAt: AT },
    },
    { type: 'HelpfulVoteCast', data: { reviewId: 'r-1', voterId: 'u-2', at: AT } },
  ]);
  return { eventStore, vault, show: wordsReader(vault, eventStore) };
};

describe('wordsReader', () => {
  it('opens sealed words through the vault, and shows them removed once the author’s key is gone', async () => {
    const { vault, show } = await setting();
    const sealed = await sealContent(vault, 'u-1', { text: '新的评论', images: ['https://img.example.com/1.jpg'] });
    expect(await show({ kind: 'sealed', sealed })).toEqual({ text: '新的评论', images: ['https://img.example.com/1.jpg'], removed: null });
    await vault.erase('u-1');
    expect(await show({ kind: 'sealed', sealed })).toEqual(removed);
  });

  it('reads legacy words from the one event that holds them, and shows dropped words as removed', async () => {
    const { show } = await setting();
    expect(await show({ kind: 'legacy', stream: 'review-o-1-l-1', revision: 0 })).toEqual({ text: '旧的评论', images: [], removed: null });
    expect(await show(null)).toEqual(removed);
  });

  it('treats a pointer to an event without review words as a fault, not as removed words', async () => {
    const { show } = await setting();
    await expect(show({ kind: 'legacy', stream: 'review-o-1-l-1', revision: 1 })).rejects.toBeInstanceOf(ReviewWordsNotFound);
    await expect(show({ kind: 'legacy', stream: 'review-o-1-l-1', revision: 7 })).rejects.toBeInstanceOf(ReviewWordsNotFound);
    await expect(show({ kind: 'legacy', stream: 'review-o-9-l-9', revision: 0 })).rejects.toBeInstanceOf(ReviewWordsNotFound);
  });
});
