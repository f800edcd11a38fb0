import { TEXT_FIELDS } from '../documents.js';
import type { Corpus } from '../ranking.js';
import { FIELDS, idf, K1 } from '../ranking.js';
import { FIELD_COUNT } from './postings.js';
import type { Posting } from './postings.js';
import type { ProductTable } from './table.js';

/** The scoring loop is unrolled over the text fields: this fails to compile if their number changes. */
const FIVE_FIELDS: 5 = TEXT_FIELDS.length;
const WEIGHT = TEXT_FIELDS.map((field) => FIELDS[field].weight);
const B = TEXT_FIELDS.map((field) => FIELDS[field].b);

/**
 * Each product's field weights normalised by its lengths (BM25F), for the table's current text: `FIELD_COUNT`
 * per ordinal, recomputed once after the text changed (the averages moved).
 */
export const fieldNorms = (table: ProductTable, corpus: Corpus): Float64Array<ArrayBuffer> => {
  const values = new Float64Array(table.capacity * FIELD_COUNT);
  const average = TEXT_FIELDS.map((field) => corpus.averageLengths[field]);
  for (let o = 0; o < table.size; o++) {
    for (let f = 0; f < FIELD_COUNT; f++) {
      const b = B[f] ?? 0;
      // The very expression `scoreProduct` evaluates, so the products of the two paths are the same doubles.
      values[o * FIELD_COUNT + f] = (WEIGHT[f] ?? 0) / (1 - b + (b * (table.lengths[o * FIELD_COUNT + f] ?? 0)) / (average[f] ?? 1));
    }
  }
  return values;
};

/**
 * A term's contribution to each product of its posting list, `idf × tf / (k1 + tf)` with tf its BM25F weighted
 * frequency, in the posting's order: the very double the store path adds for that term and product. 0 for dead
 * ordinals (and never otherwise: idf is floored above 0 and a posted product holds the term), so a query reads
 * one array per term instead of five frequencies and five norms per entry.
 */
export const termImpacts = (posting: Posting, alive: Uint8Array, norm: Float64Array, corpus: Corpus, into: Float64Array<ArrayBuffer> | null): Float64Array<ArrayBuffer> => {
  const impacts = into !== null && into.length >= posting.length ? into : new Float64Array(posting.ordinals.length);
  const weight = idf(corpus.products, posting.live);
  const { ordinals, frequencies } = posting;
  for (let i = 0; i < posting.length; i++) {
    const o = ordinals[i] ?? 0;
    impacts[i] = 0;
    if (alive[o] !== 1) continue;
    // Σ count × field weight normalised by length, summed in field order as the store path sums it.
    const at = i * FIVE_FIELDS;
    const row = o * FIVE_FIELDS;
    let tf = 0;
    const title = frequencies[at] ?? 0;
    if (title !== 0) tf += title * (norm[row] ?? 0);
    const brand = frequencies[at + 1] ?? 0;
    if (brand !== 0) tf += brand * (norm[row + 1] ?? 0);
    const category = frequencies[at + 2] ?? 0;
    if (category !== 0) tf += category * (norm[row + 2] ?? 0);
    const attributes = frequencies[at + 3] ?? 0;
    if (attributes !== 0) tf += attributes * (norm[row + 3] ?? 0);
    const description = frequencies[at + 4] ?? 0;
    if (description !== 0) tf += description * (norm[row + 4] ?? 0);
    if (tf !== 0) impacts[i] = (weight * tf) / (K1 + tf);
  }
  return impacts;
};

/**
 * Field norms and term impacts for one table, kept until its text changes (`textVersion`): a catalogue that
 * is only searched computes each term's impacts once, and a changing one no more than a query did before.
 */
export const impactCache = () => {
  let norms = { table: null as ProductTable | null, version: -1, values: new Float64Array(0) };
  const impacts = new WeakMap<Posting, { version: number; values: Float64Array<ArrayBuffer> }>();
  const normsOf = (table: ProductTable, corpus: Corpus): Float64Array => {
    if (norms.table !== table || norms.version !== table.textVersion || norms.values.length < table.size * FIELD_COUNT) {
      norms = { table, version: table.textVersion, values: fieldNorms(table, corpus) };
    }
    return norms.values;
  };
  return (table: ProductTable, corpus: Corpus, posting: Posting): Float64Array => {
    const cached = impacts.get(posting);
    if (cached !== undefined && cached.version === table.textVersion) return cached.values;
    const values = termImpacts(posting, table.alive, normsOf(table, corpus), corpus, cached?.values ?? null);
    impacts.set(posting, { version: table.textVersion, values });
    return values;
  };
};
export type ImpactCache = ReturnType<typeof impactCache>;
