/**
 * The read store port: collections of JSON documents keyed by `_id`, with MongoDB semantics on a documented
 * portable subset (docs/read-store.md), so that the MongoDB driver implements it one-to-one and the embedded
 * store implements it in process. Every implementation passes `readStoreContract` from
 * `@shopstream/kernel/testing`.
 *
 * Values: documents are JSON. A value JSON cannot hold (bigint, Date, a class instance, a non-finite number)
 * is refused with an `InvalidDocument` error; a property whose value is `undefined` is left out, as
 * `JSON.stringify` and the MongoDB driver's `ignoreUndefined` do. Instants are stored as ISO 8601 strings,
 * which sort and compare correctly as strings. Stored documents are read-only: the embedded store freezes what it
 * stores and hands out those frozen values (a driver may hand out copies); to change one, replace it with a new one.
 */

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | readonly JsonValue[] | { readonly [key: string]: JsonValue | undefined };

export interface Document {
  readonly _id: string;
  readonly [key: string]: JsonValue | undefined;
}

/** A MongoDB query filter restricted to the portable subset; anything outside it is refused. */
export type Filter = Readonly<Record<string, unknown>>;
/** A MongoDB update document restricted to the portable subset of operators. */
export type Update = Readonly<Record<string, Readonly<Record<string, unknown>>>>;
/** A MongoDB aggregation pipeline restricted to the portable subset of stages. */
export type Pipeline = readonly Readonly<Record<string, unknown>>[];
export type SortSpec = Readonly<Record<string, 1 | -1>>;
export type Projection = Readonly<Record<string, 0 | 1>>;

export interface FindOptions {
  readonly sort?: SortSpec;
  readonly skip?: number;
  readonly limit?: number;
  readonly projection?: Projection;
}

export interface PageOptions {
  /** Sort keys; `_id` is appended as the final tie-breaker so that pages never overlap or skip. */
  readonly sort?: SortSpec;
  readonly limit: number;
  /** The `nextCursor` of the previous page. */
  readonly after?: string | null;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Opaque; null on the last page. */
  readonly nextCursor: string | null;
}

export interface UpdateOptions {
  readonly upsert?: boolean;
}

export interface UpdateResult {
  readonly matched: number;
  readonly modified: number;
  readonly upsertedId: string | null;
}

export type BulkOperation<T extends Document> =
  | { readonly replaceOne: { readonly document: T; readonly upsert?: boolean } }
  | { readonly updateOne: { readonly filter: Filter; readonly update: Update; readonly upsert?: boolean } }
  | { readonly updateMany: { readonly filter: Filter; readonly update: Update } }
  | { readonly deleteOne: { readonly filter: Filter } }
  | { readonly deleteMany: { readonly filter: Filter } };

export interface IndexSpec {
  /**
   * Field paths, ascending (1) or descending (-1); an index on an array field is multikey. A text index names
   * its fields with 'text' (all of its keys; one text index per collection) and serves `$text` queries.
   */
  readonly keys: Readonly<Record<string, 1 | -1 | 'text'>>;
  readonly unique?: boolean;
  /**
   * Leaves out documents that lack every indexed field (MongoDB's sparse index), so a unique sparse index allows
   * any number of them; a field holding null is still indexed.
   */
  readonly sparse?: boolean;
  readonly name?: string;
}

export interface Collection<T extends Document = Document> {
  readonly name: string;
  get(id: string): Promise<T | null>;
  find(filter?: Filter, options?: FindOptions): Promise<T[]>;
  findOne(filter: Filter, options?: Omit<FindOptions, 'limit'>): Promise<T | null>;
  /** Keyset pagination: each page continues after the last document of the previous one. */
  findPage(filter: Filter, options: PageOptions): Promise<Page<T>>;
  count(filter?: Filter): Promise<number>;
  aggregate<R = Document>(pipeline: Pipeline): Promise<R[]>;
  /** Inserts or replaces the whole document with this `_id`. */
  replaceOne(document: T, options?: UpdateOptions): Promise<UpdateResult>;
  updateOne(filter: Filter, update: Update, options?: UpdateOptions): Promise<UpdateResult>;
  updateMany(filter: Filter, update: Update): Promise<UpdateResult>;
  deleteOne(filter: Filter): Promise<number>;
  deleteMany(filter: Filter): Promise<number>;
  /** Applies the operations in order, all or none. */
  bulkWrite(operations: readonly BulkOperation<T>[]): Promise<void>;
  /** Declares indexes; idempotent. A unique index refuses documents that would share a key. */
  ensureIndexes(indexes: readonly IndexSpec[]): Promise<void>;
}

/** A unit of work: reads see its own writes; other readers see none of them until it commits. */
export interface ReadStoreSession {
  collection<T extends Document = Document>(name: string): Collection<T>;
}

export interface ReadStore extends ReadStoreSession {
  /**
   * Runs `work` as one atomic unit: every write made through the session commits together, or none does when
   * `work` throws. Projectors write a batch and its checkpoint this way, so they can never disagree.
   */
  transaction<R>(work: (session: ReadStoreSession) => Promise<R>): Promise<R>;
  listCollections(): Promise<string[]>;
  dropCollection(name: string): Promise<void>;
  close(): Promise<void>;
}

export type ReadStoreErrorDetail =
  | { readonly _tag: 'UnsupportedOperator'; readonly operator: string; readonly where: 'filter' | 'update' | 'pipeline' | 'projection' | 'sort' }
  | { readonly _tag: 'InvalidQuery'; readonly reason: string }
  | { readonly _tag: 'InvalidDocument'; readonly collection: string; readonly reason: string }
  | { readonly _tag: 'DuplicateKey'; readonly collection: string; readonly index: string; readonly key: string }
  | { readonly _tag: 'InvalidCollectionName'; readonly name: string }
  | { readonly _tag: 'ReadStoreClosed' };

export type ReadStoreErrorTag = ReadStoreErrorDetail['_tag'];

export class ReadStoreError extends Error {
  override readonly name = 'ReadStoreError';
  constructor(readonly detail: ReadStoreErrorDetail) {
    super(`${detail._tag}: ${JSON.stringify(detail)}`);
  }
}

export const isReadStoreError = (error: unknown, tag?: ReadStoreErrorTag): error is ReadStoreError =>
  error instanceof ReadStoreError && (tag === undefined || error.detail._tag === tag);
