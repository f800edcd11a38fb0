import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { ReadModelSource } from '../source.js';
import type { SearchCollection } from './collections.js';
import { SEARCH_PROJECTION } from './collections.js';
import type { SortKey } from './cursor.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { CorpusDocument, FeedChangeDocument, FeedHeadDocument, ProductDocument, TaxonomyDocument, TermDocument, Text } from './documents.js';
import { categoryKey } from './documents.js';
import type { Passes, SearchFacets } from './facets.js';
import { countFacets, DEFAULT_PRICE_BOUNDARIES } from './facets.js';
import type { ByIds } from './names.js';
import { namedFacets, namesOf } from './names.js';
import { pageAfter } from './order.js';
import { categoryAffinity } from './relevance.js';
import type { SearchError, SearchSort } from './request.js';
import { DEFAULT_LIMIT, SearchRequest } from './request.js';
import type { Candidate, Collections } from './retrieval.js';
import { queryTermsOf, storeCandidates, textCandidates } from './retrieval.js';
import type { RankedPage } from './memory/index.js';
import { memorySearch } from './memory/index.js';
import { directionsOf, keyOf } from './sorting.js';
import type { ProductDetail, SearchItem } from './views.js';
import { detailOf, itemOf } from './views.js';

export type SearchResult = {
  readonly items: readonly SearchItem[];
  readonly facets: SearchFacets;
  /** Pass as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
  /** Products matching the search and every filter. */
  readonly total: number;
};

export type CategoryListing = { readonly categoryId: string; readonly name: Text; readonly parentId: string | null; readonly count: number };

export interface SearchQueries {
  search(request: SearchRequest): Promise<Either<SearchError, SearchResult>>;
  /** A published product's detail, or null when there is none (never created, or unpublished). */
  product(productId: string): Promise<ProductDetail | null>;
  /** The categories in use (not retired), each with the number of published products in it or below it. */
  categories(): Promise<readonly CategoryListing[]>;
}

export type SearchOptions = {
  /** Upper bounds of the price ranges of the price facet, ascending, in minor units. */
  readonly priceBoundaries?: readonly number[];
  /**
   * Where candidates come from: `store` (default) reads them through the read store's indexes at each query;
   * `memory` keeps the visible products' ranking data and postings in this process, brought up to date from the
   * projection's change feed before each query (faster for broad queries, at the cost of memory).
   */
  readonly candidates?: 'store' | 'memory';
};

const ITEM_FIELDS = { _id: 1, title: 1, brandId: 1, brand: 1, categoryIds: 1, price: 1, currency: 1, inStock: 1, stock: 1, sales: 1, rating: 1, ratingCount: 1, images: 1 } as const;

type Ranked = { readonly candidate: Candidate; readonly key: SortKey; readonly id: string; readonly relevance: number | null };

export const searchQueries = (source: ReadModelSource, options: SearchOptions = {}): SearchQueries => {
  const collection = <T extends ProductDocument | TermDocument | CorpusDocument | TaxonomyDocument>(logical: SearchCollection) =>
    source.collection<T>(SEARCH_PROJECTION, logical);
  const collections: Collections = {
    products: collection('products'),
    terms: collection('terms'),
    corpus: collection('corpus'),
    feed: source.collection<FeedHeadDocument | FeedChangeDocument>(SEARCH_PROJECTION, 'feed'),
    taxonomy: collection('taxonomy'),
  };
  const candidateSource = storeCandidates(collections);
  const memory = options.candidates === 'memory' ? memorySearch(collections) : null;
  const boundaries = options.priceBoundaries ?? DEFAULT_PRICE_BOUNDARIES;
  // The memory mode reads what it knows by id one `get` at a time (see `ByIds`); the store path stays one query.
  const by: ByIds = memory === null ? 'find' : 'get';
  const pageDocuments = async (ids: readonly string[]): Promise<ProductDocument[]> => {
    // Only what an item shows: the ranking data (packed frequencies, terms) is most of a document's size.
    if (by === 'find') return collections.products.find({ _id: { $in: [...ids] } }, { projection: ITEM_FIELDS });
    // Whole documents, handed out as stored (no copy): `itemOf` reads the same fields the projection keeps.
    const found = await Promise.all(ids.map((id) => collections.products.get(id)));
    return found.filter((document) => document !== null);
  };

  /** The store path: candidates read through the store's indexes, then ranked and counted as objects. */
  const storeSearch = async (request: SearchRequest, terms: string[] | null, sort: SearchSort, after: { readonly k: SortKey; readonly id: string } | null, limit: number): Promise<RankedPage> => {
    const scored = terms === null ? null : await textCandidates(collections, candidateSource, request.text ?? '', terms);
    const candidates = scored?.map((s) => s.candidate) ?? (await candidateSource.browse(request));

    const passesOf = (c: Candidate): Passes => ({
      category: request.category === undefined || c.categoryPath.includes(request.category),
      brand: request.brand === undefined || c.brandId === request.brand,
      price: (request.minPrice === undefined && request.maxPrice === undefined) || (c.price !== null && c.price >= (request.minPrice ?? 0) && c.price <= (request.maxPrice ?? Number.MAX_SAFE_INTEGER)),
      stock: request.inStock === undefined || c.inStock === request.inStock,
    });
    const checked = candidates.map((candidate, i) => ({ candidate, scored: scored?.[i] ?? null, passes: passesOf(candidate) }));
    const counts = countFacets(checked.map(({ candidate, passes }) => ({ product: candidate, passes })), boundaries);
    const matching = checked.filter(({ passes }) => passes.category && passes.brand && passes.price && passes.stock);

    const directions = directionsOf(sort);
    const affinity = categoryAffinity(matching.flatMap(({ scored: s }) => (s ? [s] : [])));
    const ranked: Ranked[] = matching.map(({ candidate, scored: s }) => ({ candidate, key: keyOf(sort, candidate, s, affinity), id: candidate._id, relevance: s ? s.score : null }));
    const { page, more } = pageAfter(ranked, directions, after, limit);
    return { page, more, total: ranked.length, counts };
  };

  const search = async (input: SearchRequest): Promise<Either<SearchError, SearchResult>> => {
    const parsed = SearchRequest.safeParse(input);
    if (!parsed.success) return E.left({ _tag: 'InvalidSearch', issues: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'search'}: ${issue.message}`) });
    const request = parsed.data;
    const { cursor: cursorText, limit = DEFAULT_LIMIT, ...asked } = request;
    const sort = request.sort ?? 'relevance';
    const fingerprint = JSON.stringify({ ...asked, sort });
    const after = cursorText === undefined ? null : decodeCursor(cursorText);
    if (cursorText !== undefined && (after === null || after.q !== fingerprint)) return E.left({ _tag: 'InvalidCursor' });

    const terms = queryTermsOf(request.text);
    const { page, more, total, counts } = memory
      ? await memory(request, terms, sort, after, limit, boundaries)
      : await storeSearch(request, terms, sort, after, limit);
    const last = page.at(-1);

    const documents = await pageDocuments(page.map((r) => r.id));
    const byId = new Map(documents.map((d) => [d._id, d]));
    const items = page.flatMap((r) => {
      const document = byId.get(r.id);
      return document ? [itemOf(document, r.relevance)] : [];
    });
    const { categories, brands } = await namedFacets(source, counts.categories, counts.brands, by);
    const facets: SearchFacets = {
      categories,
      brands,
      priceRanges: counts.priceRanges,
      inStock: counts.inStock,
    };
    return E.right({
      items,
      facets,
      nextCursor: more && last ? encodeCursor({ q: fingerprint, k: [...last.key], id: last.id }) : null,
      total,
    });
  };

  return {
    search,
    product: async (productId) => {
      const product = await collections.products.get(productId);
      if (!product?.visible) return null;
      return detailOf(product, await namesOf(source, product.categoryPath.map(categoryKey)));
    },
    categories: async () => {
      const taxonomy = source.collection<TaxonomyDocument>(SEARCH_PROJECTION, 'taxonomy');
      const categories = (await taxonomy.find({ kind: 'category' }, { sort: { _id: 1 } })).flatMap((c) => (c.kind === 'category' && !c.retired ? [c] : []));
      const listing: CategoryListing[] = [];
      for (const category of categories) {
        // By the category index alone: with `visible` beside it the planner would pick the less selective index.
        const inside = await collections.products.find({ categoryPath: category.id }, { projection: { visible: 1 } });
        const count = inside.filter((product) => product.visible).length;
        listing.push({ categoryId: category.id, name: category.name, parentId: category.parentId, count });
      }
      return listing;
    },
  };
};
