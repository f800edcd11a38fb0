import type { ProjectionContext } from '@shopstream/kernel';
import type { SearchCollection } from './collections.js';
import type { FeedChangeDocument, FeedHeadDocument } from './documents.js';
import { changeKey, FEED_HEAD_ID, FEED_RETAINED } from './documents.js';

/** Numbers the change of a product and forgets the change that fell out of the retained window. */
export const recordChange = async (context: ProjectionContext<SearchCollection>, productId: string): Promise<void> => {
  const feed = context.collection<FeedHeadDocument | FeedChangeDocument>('feed');
  const head = await feed.get(FEED_HEAD_ID);
  const seq = (head !== null && 'last' in head ? head.last : 0) + 1;
  await feed.bulkWrite([
    { replaceOne: { document: { _id: FEED_HEAD_ID, last: seq }, upsert: true } },
    { replaceOne: { document: { _id: changeKey(seq), seq, productId }, upsert: true } },
    { deleteOne: { filter: { _id: changeKey(seq - FEED_RETAINED) } } },
  ]);
};
