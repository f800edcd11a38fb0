import type { ReadModelCollection } from '@shopstream/kernel';
import type { CorpusDocument, FeedChangeDocument, FeedHeadDocument, FieldLengths, ProductDocument, TaxonomyDocument, TermDocument } from './documents.js';
import { CORPUS_ID } from './documents.js';
import { needleOf } from './frequencies.js';
import type { QueryTerm } from './ranking.js';
import { compact, corpusOf, coverage, idf, popularity, scoreProduct } from './ranking.js';
import { nameKey, normalise, tokenize, uniqueTerms } from './text/index.js';

/** The part of a product search reads to filter, count and rank; the rest is read for the page served only. */
export type Candidate = Pick<
  ProductDocument,
  '_id' | 'visible' | 'categoryIds' | 'categoryPath' | 'brandId' | 'price' | 'inStock' | 'sales' | 'ratingSum' | 'ratingCount' | 'rating' | 'createdAt'
> & { readonly lengths?: FieldLengths; readonly frequencies?: string };

export const LEAN = { _id: 1, visible: 1, categoryIds: 1, categoryPath: 1, brandId: 1, price: 1, inStock: 1, sales: 1, ratingSum: 1, ratingCount: 1, rating: 1, createdAt: 1 } as const;

const NO_LENGTHS: FieldLengths = { title: 0, brand: 0, category: 0, attributes: 0, description: 0 };

export type Scored = { readonly candidate: Candidate; readonly coverage: number; readonly score: number };

export type Collections = {
  readonly products: ReadModelCollection<ProductDocument>;
  readonly feed: ReadModelCollection<FeedHeadDocument | FeedChangeDocument>;
  readonly terms: ReadModelCollection<TermDocument>;
  readonly corpus: ReadModelCollection<CorpusDocument>;
  readonly taxonomy: ReadModelCollection<TaxonomyDocument>;
};

/**
 * Brand aliases from the catalog's own taxonomy: a query term that is one of a brand's names (华为) brings in
 * its other names (huawei) as extra terms, each standing for the part of the query it replaces.
 */
export const brandAliases = async (collections: Collections, text: string, terms: readonly string[]): Promise<Map<string, string>> => {
  const keys = uniqueTerms([...terms, nameKey(text)].filter((key) => key !== ''));
  const brands = await collections.taxonomy.find({ aliases: { $in: keys } });
  const standsFor = new Map<string, string>();
  for (const brand of brands) {
    if (brand.kind !== 'brand') continue;
    const alias = brand.aliases.find((a) => keys.includes(a));
    if (alias === undefined) continue;
    for (const term of [...tokenize(brand.name.zh), ...tokenize(brand.name.en)]) {
      if (!terms.includes(term) && !standsFor.has(term)) standsFor.set(term, alias);
    }
  }
  return standsFor;
};

/** The query's terms, or null when the text holds none (only spaces or punctuation): then it is a browse. */
export const queryTermsOf = (text: string | undefined): string[] | null => {
  if (text === undefined) return null;
  const terms = uniqueTerms(tokenize(text));
  return terms.length > 0 ? terms : null;
};

/**
 * Text retrieval: the products holding any query term, found through the multikey index on `terms` (one
 * lookup per term, never a scan), each scored by BM25F with the statistics kept by the projection.
 */
export const textCandidates = async (collections: Collections, source: CandidateSource, text: string, terms: readonly string[]): Promise<Scored[]> => {
  const aliases = await brandAliases(collections, text, terms);
  const all = [...terms, ...aliases.keys()];
  const [statistics, corpusDocument] = await Promise.all([collections.terms.find({ _id: { $in: all } }), collections.corpus.get(CORPUS_ID)]);
  const corpus = corpusOf(corpusDocument);
  // In the query's order (then the aliases'), whatever order the store returns them in: scores sum term by term,
  // and the memory index sums them in this same order, so both give the very same floating-point score.
  const df = new Map(statistics.map((t) => [t._id, t.df]));
  const known: QueryTerm[] = all.flatMap((term) => {
    const frequency = df.get(term) ?? 0;
    return frequency > 0 ? [{ term, needle: needleOf(term), idf: idf(corpus.products, frequency) }] : [];
  });
  if (known.length === 0) return [];
  const found = await source.withTerms(known.map((t) => t.term));
  const query = compact(normalise(text));
  // Candidates share a handful of matched-term combinations, so each combination's coverage is worked out once.
  const coverages = new Map<string, number>();
  const coverageOf = (matched: readonly string[]): number => {
    const signature = matched.join('\n');
    let value = coverages.get(signature);
    if (value === undefined) {
      value = coverage(query, matched.map((term) => aliases.get(term) ?? term));
      coverages.set(signature, value);
    }
    return value;
  };
  return found.map((candidate) => {
      const { score, matched } = scoreProduct(candidate.frequencies ?? '', candidate.lengths ?? NO_LENGTHS, known, corpus);
      return { candidate, coverage: coverageOf(matched), score: score * popularity(candidate.sales, candidate.ratingSum, candidate.ratingCount) };
    });
};

/** Where candidates come from: the read store's indexes, or an index in the query process kept from them. */
export interface CandidateSource {
  /** Visible products holding any of the terms, with what ranking reads. */
  withTerms(terms: readonly string[]): Promise<Candidate[]>;
  /** Visible products, narrowed by the most selective filter the source can use. */
  browse(filters: { readonly category?: string; readonly brand?: string }): Promise<Candidate[]>;
}

/** Candidates read through the read store's indexes at each query. */
export const storeCandidates = (collections: Collections): CandidateSource => ({
  withTerms: async (terms) =>
    (await collections.products.find({ terms: { $in: [...terms] } }, { projection: { ...LEAN, lengths: 1, frequencies: 1 } })).filter((c) => c.visible),
  browse: async (filters) => browseCandidates(collections, filters),
});

/**
 * Browsing without text: the candidates of the most selective filter that has an index (category, then
 * brand), else every visible product. The other filters are applied by the caller.
 */
export const browseCandidates = async (collections: Collections, filters: { readonly category?: string; readonly brand?: string }): Promise<Candidate[]> => {
  // One indexed condition only: the planner would otherwise pick `visible`, which nearly every product shares.
  const filter = filters.category !== undefined ? { categoryPath: filters.category } : filters.brand !== undefined ? { brandId: filters.brand } : { visible: true };
  const found = await collections.products.find(filter, { projection: LEAN });
  return found.filter((candidate) => candidate.visible);
};
