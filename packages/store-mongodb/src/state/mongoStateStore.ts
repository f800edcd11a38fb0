import { checkIncrement, checkKey, checkLimit, checkTtl, decodeValue, encodeValue, sweeper, systemClock } from '@shopstream/kernel';
import type { JsonValue, ShopStateStore, StateEntry, StateStoreOptions } from '@shopstream/kernel';
import type { Collection, Document, Filter } from 'mongodb';
import { connect } from '../connection.js';
import type { MongoConnection } from '../connection.js';
import { collectionNaming } from '../readStore/names.js';

export type MongoStateStoreOptions = MongoConnection &
  StateStoreOptions & {
    readonly database: string;
    /** The collection the entries live in (default `shop_state`); keep it outside a read store's prefix. */
    readonly collection?: string;
  };

/**
 * One entry. The value is kept as its JSON text (the port's values are JSON, which BSON would not keep exactly:
 * keys with dots or dollars, -0); a counter's count is kept as a number besides, so that an increment is one
 * atomic update on the server. `expiresAt` is epoch milliseconds by the store's clock, not a BSON date: expiry is
 * the store's clock's business, so no TTL index deletes what that clock still counts as live.
 */
interface EntryRow {
  _id: { readonly n: string; readonly k: string };
  ns: string;
  key: string;
  value: string | null;
  count: number | null;
  version: number;
  expiresAt: number | null;
}

const DUPLICATE_KEY = 11000;
const isDuplicateKey = (error: unknown): boolean => (error as { code?: unknown }).code === DUPLICATE_KEY;

const toEntry = (row: EntryRow): StateEntry => ({
  namespace: row.ns,
  key: row.key,
  value: typeof row.count === 'number' ? row.count : decodeValue(row.value ?? 'null'),
  version: row.version,
  expiresAt: row.expiresAt,
});

/** Matches an entry that has not expired at `at` (a missing `expiresAt` never expires). */
const liveAt = (at: number): Filter<EntryRow> => ({ $or: [{ expiresAt: null }, { expiresAt: { $gt: at } }] });

/** A regular expression matching exactly the keys that start with `prefix`, whatever characters it holds. */
// No flags: the server's regular expressions are PCRE over UTF-8 already, and older servers refuse a `u` option.
const startingWith = (prefix: string): RegExp => new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);

/**
 * The update (a pipeline, so it can read the entry it replaces) of a write: the new value and expiry, and the
 * version one more than the entry's, or 1 for a new one. Literals go through `$literal`, so a namespace, key or
 * text starting with `$` is never read as a field path.
 */
const writing = (ns: string, key: string, text: string, count: number | null, expiresAt: number | null): Document[] => [
  {
    $set: {
      ns: { $literal: ns },
      key: { $literal: key },
      value: { $literal: text },
      count: count === null ? null : { $literal: count },
      expiresAt: expiresAt === null ? null : { $literal: expiresAt },
      version: { $add: [{ $ifNull: ['$version', 0] }, 1] },
    },
  },
];

/**
 * The shop's shared state on MongoDB, for host processes on several machines: sessions, idempotency records,
 * rate-limit counters and the webhook outbox (the `ShopStateStore` port, proven by the kernel's contract suite
 * against a real server). Every operation is one single-document command, which MongoDB applies atomically, so
 * compare-and-set and increments from any number of processes never lose an update; no transactions are used,
 * so a standalone server serves as well as a replica set.
 */
export const mongoStateStore = async (options: MongoStateStoreOptions): Promise<ShopStateStore> => {
  const clock = options.clock ?? systemClock;
  const name = collectionNaming(options.database).toMongo(options.collection ?? 'shop_state');
  const { client, release } = await connect(options);
  const entries: Collection<EntryRow> = client.db(options.database).collection<EntryRow>(name);
  try {
    await entries.createIndexes([
      { key: { ns: 1, key: 1 }, name: 'namespace_key' },
      { key: { expiresAt: 1 }, name: 'expiry', partialFilterExpression: { expiresAt: { $type: 'number' } } },
    ]);
  } catch (error) {
    await release();
    throw error;
  }

  const now = () => clock.now().getTime();
  let closed = false;
  const checkOpen = (): void => {
    if (closed) throw new Error('the MongoDB state store was closed');
  };

  const put = async (ns: string, key: string, value: JsonValue, ttlMs: number | undefined, ifVersion: number | 'absent' | undefined): Promise<boolean> => {
    const text = encodeValue(value);
    // The number as its JSON reads back (-0 is 0), so a count and the text never disagree.
    const parsed = decodeValue(text);
    const count = typeof parsed === 'number' ? parsed : null;
    const at = now();
    const expiresAt = ttlMs === undefined ? null : at + ttlMs;
    const _id = { n: ns, k: key };
    const update = writing(ns, key, text, count, expiresAt);
    if (ifVersion === undefined) {
      await entries.updateOne({ _id }, update, { upsert: true });
      return true;
    }
    if (ifVersion !== 'absent') return (await entries.updateOne({ _id, version: ifVersion, ...liveAt(at) }, update)).matchedCount > 0;
    try {
      await entries.insertOne({ _id, ns, key, value: text, count, version: 1, expiresAt });
      return true;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    // An expired entry counts as absent: it is written over, and its version moves on from where it was.
    return (await entries.updateOne({ _id, expiresAt: { $lte: at } }, update)).matchedCount > 0;
  };

  const increment = async (ns: string, key: string, by: number, ttlMs: number): Promise<number> => {
    const at = now();
    const live = { $and: [{ $gt: [{ $ifNull: ['$version', 0] }, 0] }, { $or: [{ $eq: [{ $ifNull: ['$expiresAt', null] }, null] }, { $gt: ['$expiresAt', at] }] }] };
    const pipeline: Document[] = [
      { $set: { live } },
      {
        $set: {
          ns: { $literal: ns },
          key: { $literal: key },
          value: null,
          // A live entry written by `put` with a number counts on from that number, as the other stores do.
          count: { $cond: ['$live', { $add: [{ $ifNull: ['$count', 0] }, by] }, by] },
          // A fixed window: a live counter keeps its expiry, a new or expired one starts a fresh window.
          expiresAt: { $cond: ['$live', '$expiresAt', at + ttlMs] },
          version: { $add: [{ $ifNull: ['$version', 0] }, 1] },
        },
      },
      { $unset: 'live' },
    ];
    for (;;) {
      try {
        const after = await entries.findOneAndUpdate({ _id: { n: ns, k: key } }, pipeline, { upsert: true, returnDocument: 'after' });
        if (after === null || typeof after.count !== 'number') throw new Error(`the MongoDB state store returned no count for ${ns}/${key}`);
        return after.count;
      } catch (error) {
        // Two upserts of a new key at once: the loser's insert collides and it runs again as an update.
        if (!isDuplicateKey(error)) throw error;
      }
    }
  };

  const sweeping = sweeper(async () => (closed ? 0 : (await entries.deleteMany({ expiresAt: { $lte: now() } })).deletedCount), options.sweepIntervalMs);

  return {
    get: async (namespace, key) => {
      checkKey(namespace, key);
      checkOpen();
      const row = await entries.findOne({ _id: { n: namespace, k: key }, ...liveAt(now()) });
      return row === null ? null : toEntry(row);
    },
    put: async (namespace, key, value, putOptions = {}) => {
      checkKey(namespace, key);
      checkTtl(putOptions.ttlMs);
      checkOpen();
      return put(namespace, key, value, putOptions.ttlMs, putOptions.ifVersion);
    },
    delete: async (namespace, key, deleteOptions = {}) => {
      checkKey(namespace, key);
      checkOpen();
      const version = deleteOptions.ifVersion === undefined ? {} : { version: deleteOptions.ifVersion };
      return (await entries.deleteOne({ _id: { n: namespace, k: key }, ...version, ...liveAt(now()) })).deletedCount > 0;
    },
    increment: async (namespace, key, incrementOptions) => {
      checkKey(namespace, key);
      const by = checkIncrement(incrementOptions);
      checkOpen();
      return increment(namespace, key, by, incrementOptions.ttlMs);
    },
    list: async (namespace, listOptions = {}) => {
      checkLimit(listOptions.limit);
      checkOpen();
      // MongoDB reads a limit of 0 as "no limit"; the port means none.
      if (listOptions.limit === 0) return [];
      const prefix = listOptions.prefix ?? '';
      const filter: Filter<EntryRow> = { ns: namespace, ...(prefix === '' ? {} : { key: { $regex: startingWith(prefix) } }), ...liveAt(now()) };
      const cursor = entries.find(filter).sort({ key: 1 });
      if (listOptions.limit !== undefined) cursor.limit(listOptions.limit);
      return (await cursor.toArray()).map(toEntry);
    },
    sweep: async () => {
      checkOpen();
      return sweeping.sweep();
    },
    close: async () => {
      if (closed) return;
      closed = true;
      // A sweep under way ends before the client it runs on is released.
      await sweeping.stop();
      await release();
    },
  };
};
