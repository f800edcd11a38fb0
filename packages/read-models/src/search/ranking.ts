import type { CorpusDocument, FieldLengths, TextField } from './documents.js';
import { TEXT_FIELDS } from './documents.js';
import { weightedFrequency } from './frequencies.js';

/**
 * BM25F: each field's term frequency is normalised by the field's length against its average and weighted
 * by the field's importance, then the weighted sum saturates once per term (k1), so a term repeated across
 * title, brand and description counts for more than once but not without bound.
 */
export type FieldParameters = { readonly weight: number; readonly b: number };

export const FIELDS: { readonly [F in TextField]: FieldParameters } = {
  title: { weight: 3, b: 0.75 },
  brand: { weight: 2.5, b: 0.3 },
  category: { weight: 2, b: 0.3 },
  attributes: { weight: 1, b: 0.5 },
  description: { weight: 0.5, b: 0.75 },
};

export const K1 = 1.2;

/** Robertson–Spärck Jones idf, floored at a small positive value so that a term in every product still counts. */
export const idf = (products: number, df: number): number => Math.max(0.01, Math.log(1 + (products - df + 0.5) / (df + 0.5)));

/** A query term, its `needleOf` and its idf. */
export type QueryTerm = { readonly term: string; readonly needle: string; readonly idf: number };

export type Corpus = { readonly products: number; readonly averageLengths: { readonly [F in TextField]: number } };

export const corpusOf = (document: CorpusDocument | null): Corpus => {
  const products = Math.max(0, document?.products ?? 0);
  const average = (field: TextField) => (products > 0 ? Math.max(1, (document?.lengths[field] ?? 0) / products) : 1);
  return {
    products,
    averageLengths: { title: average('title'), brand: average('brand'), category: average('category'), attributes: average('attributes'), description: average('description') },
  };
};

export type TextScore = { readonly score: number; readonly matched: readonly string[] };

/** The BM25F score of one product for the query terms, and which of the terms it contains. */
export const scoreProduct = (frequencies: string, lengths: FieldLengths, terms: readonly QueryTerm[], corpus: Corpus): TextScore => {
  const weights = TEXT_FIELDS.map((field) => {
    const { weight, b } = FIELDS[field];
    return weight / (1 - b + (b * lengths[field]) / corpus.averageLengths[field]);
  });
  let score = 0;
  const matched: string[] = [];
  for (const { term, needle, idf: weight } of terms) {
    const tf = weightedFrequency(frequencies, needle, weights);
    if (tf === 0) continue;
    score += (weight * tf) / (K1 + tf);
    matched.push(term);
  }
  return { score, matched };
};

/**
 * How much of the query the matched terms cover, as a share of its letters and digits: 1 when every part
 * of the query was found. Jieba's search mode gives overlapping words (笔记本电脑 also yields 笔记本 and 电脑), so
 * counting terms would treat a product with only 笔记 as half a match; counting covered characters does not.
 */
export const coverage = (compactQuery: string, matched: readonly string[]): number => {
  if (compactQuery.length === 0) return 0;
  const covered = new Uint8Array(compactQuery.length);
  for (const term of matched) {
    for (let at = compactQuery.indexOf(term); at !== -1; at = compactQuery.indexOf(term, at + 1)) covered.fill(1, at, at + term.length);
  }
  return covered.reduce((sum, c) => sum + c, 0) / compactQuery.length;
};

/** What the shopper typed, reduced to the characters terms are made of, for `coverage`. */
export const compact = (normalisedQuery: string): string => normalisedQuery.replace(/[^\p{L}\p{N}.]/gu, '');

/**
 * A gentle lift for what sells and what shoppers rate well, so it orders products the text cannot tell apart
 * without overruling the text: at most about +20% for sales (log-scaled) and ±10% for rating, the rating pulled
 * towards 3 stars while reviews are few.
 */
export const popularity = (sales: number, ratingSum: number, ratingCount: number): number => {
  const salesLift = 0.05 * Math.log10(1 + Math.max(0, sales));
  const prior = 5;
  const rating = (ratingSum + 3 * prior) / (ratingCount + prior);
  return 1 + Math.min(0.2, salesLift) + 0.05 * (rating - 3);
};
