import type { FeedChangeDocument, FeedHeadDocument } from './documents.js';
import { FEED_HEAD_ID } from './documents.js';
import type { Candidate, CandidateSource, Collections } from './retrieval.js';
import { LEAN } from './retrieval.js';

type Entry = Candidate & { readonly terms: readonly string[] };

const FIELDS = { ...LEAN, lengths: 1, frequencies: 1, terms: 1 } as const;

/**
 * The visible products' ranking data and postings, held in the query process and brought up to date from the
 * projection's change feed before each query, so a search reads two small documents from the store instead
 * of every candidate. It sees exactly what the store held when it looked: the feed's head is read first and
 * every change up to it is applied, so read-your-writes holds as it does for the store's own indexes.
 *
 * The feed keeps the latest `FEED_RETAINED` changes; an index further behind than that, or facing a build
 * older than itself (a rebuild swapped in), loads every visible product again.
 */
export const memoryCandidates = (collections: Collections): CandidateSource => {
  let seq = -1;
  const products = new Map<string, Entry>();
  const postings = new Map<string, Set<string>>();
  let syncing: Promise<void> = Promise.resolve();

  const remove = (id: string) => {
    const entry = products.get(id);
    if (!entry) return;
    products.delete(id);
    for (const term of entry.terms) {
      const ids = postings.get(term);
      ids?.delete(id);
      if (ids?.size === 0) postings.delete(term);
    }
  };
  const add = (entry: Entry) => {
    if (!entry.visible) return;
    products.set(entry._id, entry);
    for (const term of entry.terms) {
      const ids = postings.get(term) ?? new Set<string>();
      ids.add(entry._id);
      postings.set(term, ids);
    }
  };

  const reload = async (head: number) => {
    // Until the load completes, this index has seen nothing: a failed load is retried by the next query.
    seq = -1;
    products.clear();
    postings.clear();
    const visible = (await collections.products.find({ visible: true }, { projection: FIELDS })) as Entry[];
    for (const entry of visible) add(entry);
    seq = head;
  };

  const catchUp = async (): Promise<void> => {
    const head = ((await collections.feed.get(FEED_HEAD_ID)) as FeedHeadDocument | null)?.last ?? 0;
    if (head === seq) return;
    if (seq < 0 || head < seq) return reload(head);
    const changes = (await collections.feed.find({ seq: { $gt: seq } }, { sort: { seq: 1 } })) as FeedChangeDocument[];
    // A gap means changes were forgotten before this index read them: only a full load is then exact.
    if (changes[0]?.seq !== seq + 1) return reload(head);
    const ids = [...new Set(changes.map((change) => change.productId))];
    const fresh = (await collections.products.find({ _id: { $in: ids } }, { projection: FIELDS })) as Entry[];
    for (const id of ids) remove(id);
    for (const entry of fresh) add(entry);
    seq = changes.at(-1)?.seq ?? head;
  };

  /** One catch-up at a time, each starting after the previous one. */
  const sync = (): Promise<void> => {
    syncing = syncing.then(catchUp, catchUp);
    return syncing;
  };

  const entries = (ids: Iterable<string>): Candidate[] => {
    const found: Candidate[] = [];
    for (const id of ids) {
      const entry = products.get(id);
      if (entry) found.push(entry);
    }
    return found;
  };

  return {
    withTerms: async (terms) => {
      await sync();
      const ids = new Set<string>();
      for (const term of terms) for (const id of postings.get(term) ?? []) ids.add(id);
      return entries(ids);
    },
    browse: async (filters) => {
      await sync();
      const all = [...products.values()];
      if (filters.category !== undefined) return all.filter((p) => p.categoryPath.includes(filters.category ?? ''));
      if (filters.brand !== undefined) return all.filter((p) => p.brandId === filters.brand);
      return all;
    },
  };
};
