import type { FeedChangeDocument, FeedHeadDocument } from '../documents.js';
import { FEED_HEAD_ID } from '../documents.js';
import type { Collections } from '../retrieval.js';
import { LEAN } from '../retrieval.js';
import type { IndexedProduct, ProductTable } from './table.js';
import { emptyTable, putProduct, removeProduct } from './table.js';

const FIELDS = { ...LEAN, ratingSum: 1, lengths: 1, frequencies: 1 } as const;

/**
 * Keeps a `ProductTable` up to date from the projection's change feed. Before each query the feed's head is
 * read and every change up to it applied, so the table shows exactly what the store held when it looked and
 * read-your-writes holds as it does for the store's own indexes.
 *
 * The feed keeps the latest `FEED_RETAINED` changes; a table further behind than that, or facing a build older
 * than itself (a rebuild swapped in), loads every visible product again.
 */
export const syncedTable = (collections: Collections): (() => Promise<ProductTable>) => {
  let seq = -1;
  let table = emptyTable();
  let syncing: Promise<void> = Promise.resolve();

  const reload = async (head: number) => {
    // Until the load completes, this table has seen nothing: a failed load is retried by the next query.
    seq = -1;
    const fresh = emptyTable();
    const visible = (await collections.products.find({ visible: true }, { projection: FIELDS })) as IndexedProduct[];
    for (const product of visible) putProduct(fresh, product);
    table = fresh;
    seq = head;
  };

  const catchUp = async (): Promise<void> => {
    const head = ((await collections.feed.get(FEED_HEAD_ID)) as FeedHeadDocument | null)?.last ?? 0;
    if (head === seq) return;
    if (seq < 0 || head < seq) return reload(head);
    const changes = (await collections.feed.find({ seq: { $gt: seq } }, { sort: { seq: 1 } })) as FeedChangeDocument[];
    // A gap means changes were forgotten before this table read them: only a full load is then exact.
    if (changes[0]?.seq !== seq + 1) return reload(head);
    const ids = [...new Set(changes.map((change) => change.productId))];
    const fresh = (await collections.products.find({ _id: { $in: ids } }, { projection: FIELDS })) as IndexedProduct[];
    const found = new Set(fresh.map((product) => product._id));
    for (const id of ids) if (!found.has(id)) removeProduct(table, id);
    for (const product of fresh) putProduct(table, product);
    seq = changes.at(-1)?.seq ?? head;
  };

  /** One catch-up at a time, each starting after the previous one. */
  return async () => {
    syncing = syncing.then(catchUp, catchUp);
    await syncing;
    return table;
  };
};
