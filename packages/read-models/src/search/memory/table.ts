import type { CorpusDocument } from '../documents.js';
import { CORPUS_ID, TEXT_FIELDS } from '../documents.js';
import type { Corpus } from '../ranking.js';
import { corpusOf, popularity } from '../ranking.js';
import type { Candidate } from '../retrieval.js';
import type { Posting } from './postings.js';
import { appendPosting, compactPosting, emptyPosting, FIELD_COUNT, unpackFrequencies } from './postings.js';

/** What the memory index reads of a product: what filters, facets, sorts and ranking need. */
export type IndexedProduct = Candidate & { readonly lengths: NonNullable<Candidate['lengths']>; readonly frequencies: string };

/** Interns strings (category and brand ids) as small integers, so columns hold numbers. */
export type Dictionary = { readonly ordinals: Map<string, number>; readonly values: string[] };
const intern = (dictionary: Dictionary, value: string): number => {
  let ordinal = dictionary.ordinals.get(value);
  if (ordinal === undefined) {
    ordinal = dictionary.values.length;
    dictionary.ordinals.set(value, ordinal);
    dictionary.values.push(value);
  }
  return ordinal;
};

/**
 * The visible products as ordinals 0..size-1 and columns: typed arrays for everything a query filters, counts,
 * sorts and ranks on, and postings per term. A product changed in what ranking reads gets a new ordinal (the
 * old one dies, its posting entries skipped until compaction); a change only to price, stock, sales or rating
 * is written into its columns in place. Nothing here allocates per product at query time.
 */
export type ProductTable = {
  /** Dead ordinals tolerated before compaction (and only while they outnumber the live ones). */
  readonly compactAfter: number;
  size: number;
  capacity: number;
  /** Counts changes to text, lengths or ordinals: what a query-side cache of per-ordinal field norms depends on. */
  textVersion: number;
  live: number;
  readonly ordinalOf: Map<string, number>;
  ids: string[];
  alive: Uint8Array;
  /** Lowest price in minor units; NaN when no SKU is priced. */
  price: Float64Array;
  inStock: Uint8Array;
  sales: Float64Array;
  /** NaN when no review is shown. */
  rating: Float64Array;
  ratingCount: Float64Array;
  /** `popularity(sales, ratingSum, ratingCount)`, the factor the text score is multiplied by. */
  popularity: Float64Array;
  createdAt: (string | null)[];
  /** Brand ordinal in `brands`, -1 without a brand. */
  brand: Int32Array;
  /**
   * Category ordinals (in `categories`) of each product, as it lists them (`ids`) and with their ancestors
   * (`path`): segments of `pool` given by start and length, so a query reads flat arrays only. A product whose
   * categories change gets a new segment; the old one is dropped at compaction.
   */
  idsStart: Int32Array;
  idsLength: Int32Array;
  pathStart: Int32Array;
  pathLength: Int32Array;
  pool: Int32Array;
  poolSize: number;
  /** `FIELD_COUNT` field lengths per product. */
  lengths: Int32Array;
  /** The packed frequencies each ordinal was indexed from: a later version with the same text keeps its postings. */
  frequencies: string[];
  /** Sum of each field's length over live products. */
  readonly fieldTotals: Float64Array;
  readonly postings: Map<string, Posting>;
  readonly categories: Dictionary;
  readonly brands: Dictionary;
};

export const emptyTable = (compactAfter = 1024): ProductTable => ({
  compactAfter,
  size: 0,
  capacity: 0,
  textVersion: 0,
  live: 0,
  ordinalOf: new Map(),
  ids: [],
  alive: new Uint8Array(0),
  price: new Float64Array(0),
  inStock: new Uint8Array(0),
  sales: new Float64Array(0),
  rating: new Float64Array(0),
  ratingCount: new Float64Array(0),
  popularity: new Float64Array(0),
  createdAt: [],
  brand: new Int32Array(0),
  idsStart: new Int32Array(0),
  idsLength: new Int32Array(0),
  pathStart: new Int32Array(0),
  pathLength: new Int32Array(0),
  pool: new Int32Array(1024),
  poolSize: 0,
  lengths: new Int32Array(0),
  frequencies: [],
  fieldTotals: new Float64Array(FIELD_COUNT),
  postings: new Map(),
  categories: { ordinals: new Map(), values: [] },
  brands: { ordinals: new Map(), values: [] },
});

const grown = <T extends Float64Array | Int32Array | Uint8Array>(array: T, capacity: number, make: (n: number) => T): T => {
  const next = make(capacity);
  next.set(array);
  return next;
};

const reserve = (table: ProductTable, needed: number): void => {
  if (needed <= table.capacity) return;
  const capacity = Math.max(1024, table.capacity * 2, needed);
  table.alive = grown(table.alive, capacity, (n) => new Uint8Array(n));
  table.price = grown(table.price, capacity, (n) => new Float64Array(n));
  table.inStock = grown(table.inStock, capacity, (n) => new Uint8Array(n));
  table.sales = grown(table.sales, capacity, (n) => new Float64Array(n));
  table.rating = grown(table.rating, capacity, (n) => new Float64Array(n));
  table.ratingCount = grown(table.ratingCount, capacity, (n) => new Float64Array(n));
  table.popularity = grown(table.popularity, capacity, (n) => new Float64Array(n));
  table.brand = grown(table.brand, capacity, (n) => new Int32Array(n));
  table.idsStart = grown(table.idsStart, capacity, (n) => new Int32Array(n));
  table.idsLength = grown(table.idsLength, capacity, (n) => new Int32Array(n));
  table.pathStart = grown(table.pathStart, capacity, (n) => new Int32Array(n));
  table.pathLength = grown(table.pathLength, capacity, (n) => new Int32Array(n));
  table.lengths = grown(table.lengths, capacity * FIELD_COUNT, (n) => new Int32Array(n));
  table.capacity = capacity;
};

/** Writes what may change without the text changing: price, stock, sales, rating. */
const writeFigures = (table: ProductTable, ordinal: number, product: IndexedProduct): void => {
  table.price[ordinal] = product.price ?? Number.NaN;
  table.inStock[ordinal] = product.inStock ? 1 : 0;
  table.sales[ordinal] = product.sales;
  table.rating[ordinal] = product.rating ?? Number.NaN;
  table.ratingCount[ordinal] = product.ratingCount;
  table.popularity[ordinal] = popularity(product.sales, product.ratingSum, product.ratingCount);
  table.createdAt[ordinal] = product.createdAt;
  table.brand[ordinal] = product.brandId === null ? -1 : intern(table.brands, product.brandId);
  const ids = product.categoryIds.map((id) => intern(table.categories, id));
  const path = product.categoryPath.map((id) => intern(table.categories, id));
  if (!sameSegment(table, table.idsStart[ordinal] ?? 0, table.idsLength[ordinal] ?? 0, ids)) {
    table.idsStart[ordinal] = appendSegment(table, ids);
    table.idsLength[ordinal] = ids.length;
  }
  if (!sameSegment(table, table.pathStart[ordinal] ?? 0, table.pathLength[ordinal] ?? 0, path)) {
    table.pathStart[ordinal] = appendSegment(table, path);
    table.pathLength[ordinal] = path.length;
  }
};

const sameSegment = (table: ProductTable, start: number, length: number, values: readonly number[]): boolean =>
  length === values.length && values.every((value, i) => table.pool[start + i] === value);

const appendSegment = (table: ProductTable, values: readonly number[]): number => {
  if (table.poolSize + values.length > table.pool.length) {
    const pool = new Int32Array(Math.max(table.pool.length * 2, table.poolSize + values.length));
    pool.set(table.pool.subarray(0, table.poolSize));
    table.pool = pool;
  }
  const start = table.poolSize;
  table.pool.set(values, start);
  table.poolSize += values.length;
  return start;
};

const sameText = (table: ProductTable, ordinal: number, product: IndexedProduct): boolean =>
  table.frequencies[ordinal] === product.frequencies && TEXT_FIELDS.every((field, f) => table.lengths[ordinal * FIELD_COUNT + f] === product.lengths[field]);

export const removeProduct = (table: ProductTable, id: string): void => {
  const ordinal = table.ordinalOf.get(id);
  if (ordinal === undefined) return;
  table.ordinalOf.delete(id);
  table.textVersion++;
  table.alive[ordinal] = 0;
  table.live--;
  for (const [term] of unpackFrequencies(table.frequencies[ordinal] ?? '')) {
    const posting = table.postings.get(term);
    if (posting !== undefined) posting.live--;
  }
  for (let f = 0; f < FIELD_COUNT; f++) table.fieldTotals[f] = (table.fieldTotals[f] ?? 0) - (table.lengths[ordinal * FIELD_COUNT + f] ?? 0);
  table.frequencies[ordinal] = '';
  compactIfSparse(table);
};

/** Indexes a visible product, or brings its columns up to date; an invisible one is removed. */
export const putProduct = (table: ProductTable, product: IndexedProduct): void => {
  const existing = table.ordinalOf.get(product._id);
  if (existing !== undefined && product.visible && sameText(table, existing, product)) {
    writeFigures(table, existing, product);
    return;
  }
  removeProduct(table, product._id);
  if (!product.visible) return;
  reserve(table, table.size + 1);
  const ordinal = table.size++;
  table.textVersion++;
  table.ordinalOf.set(product._id, ordinal);
  table.ids[ordinal] = product._id;
  table.alive[ordinal] = 1;
  table.live++;
  table.idsLength[ordinal] = -1;
  table.pathLength[ordinal] = -1;
  writeFigures(table, ordinal, product);
  TEXT_FIELDS.forEach((field, f) => {
    table.lengths[ordinal * FIELD_COUNT + f] = product.lengths[field];
    table.fieldTotals[f] = (table.fieldTotals[f] ?? 0) + product.lengths[field];
  });
  table.frequencies[ordinal] = product.frequencies;
  for (const [term, counts] of unpackFrequencies(product.frequencies)) {
    let posting = table.postings.get(term);
    if (posting === undefined) {
      posting = emptyPosting();
      table.postings.set(term, posting);
    }
    appendPosting(posting, ordinal, counts);
  }
};

/** When dead ordinals outnumber live ones, renumbers the live ones densely and drops the dead entries. */
const compactIfSparse = (table: ProductTable): void => {
  const dead = table.size - table.live;
  if (dead < table.compactAfter || dead <= table.live) return;
  table.textVersion++;
  const renumber = new Int32Array(table.size).fill(-1);
  let next = 0;
  for (let ordinal = 0; ordinal < table.size; ordinal++) {
    if (table.alive[ordinal] !== 1) continue;
    renumber[ordinal] = next;
    if (next !== ordinal) {
      const id = table.ids[ordinal] ?? '';
      table.ids[next] = id;
      table.ordinalOf.set(id, next);
      table.alive[next] = 1;
      table.price[next] = table.price[ordinal] ?? Number.NaN;
      table.inStock[next] = table.inStock[ordinal] ?? 0;
      table.sales[next] = table.sales[ordinal] ?? 0;
      table.rating[next] = table.rating[ordinal] ?? Number.NaN;
      table.ratingCount[next] = table.ratingCount[ordinal] ?? 0;
      table.popularity[next] = table.popularity[ordinal] ?? 1;
      table.createdAt[next] = table.createdAt[ordinal] ?? null;
      table.brand[next] = table.brand[ordinal] ?? -1;
      table.idsStart[next] = table.idsStart[ordinal] ?? 0;
      table.idsLength[next] = table.idsLength[ordinal] ?? 0;
      table.pathStart[next] = table.pathStart[ordinal] ?? 0;
      table.pathLength[next] = table.pathLength[ordinal] ?? 0;
      table.lengths.copyWithin(next * FIELD_COUNT, ordinal * FIELD_COUNT, (ordinal + 1) * FIELD_COUNT);
      table.frequencies[next] = table.frequencies[ordinal] ?? '';
    }
    next++;
  }
  table.alive.fill(0, next, table.size);
  table.ids.length = next;
  table.createdAt.length = next;
  table.frequencies.length = next;
  table.size = next;
  // The live segments, copied into a fresh pool in ordinal order.
  const pool = table.pool;
  const used = table.poolSize;
  table.pool = new Int32Array(Math.max(1024, used));
  table.poolSize = 0;
  for (let ordinal = 0; ordinal < next; ordinal++) {
    table.idsStart[ordinal] = appendSegment(table, Array.from(pool.subarray(table.idsStart[ordinal] ?? 0, (table.idsStart[ordinal] ?? 0) + (table.idsLength[ordinal] ?? 0))));
    table.pathStart[ordinal] = appendSegment(table, Array.from(pool.subarray(table.pathStart[ordinal] ?? 0, (table.pathStart[ordinal] ?? 0) + (table.pathLength[ordinal] ?? 0))));
  }
  for (const [term, posting] of table.postings) {
    compactPosting(posting, renumber);
    if (posting.length === 0) table.postings.delete(term);
  }
};

/** The corpus statistics of the live products, computed exactly as the projection's `corpus` document holds them. */
export const corpusOfTable = (table: ProductTable): Corpus => {
  const document: CorpusDocument = {
    _id: CORPUS_ID,
    products: table.live,
    lengths: {
      title: table.fieldTotals[0] ?? 0,
      brand: table.fieldTotals[1] ?? 0,
      category: table.fieldTotals[2] ?? 0,
      attributes: table.fieldTotals[3] ?? 0,
      description: table.fieldTotals[4] ?? 0,
    },
  };
  return corpusOf(document);
};
