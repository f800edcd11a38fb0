import type { Filter, ReadModelCollection } from '@shopstream/kernel';
import type { ReadModelSource } from '../../source.js';
import type { ConsentDoc, NeighbourDoc, ProductDoc, ProfileDoc, PurchaseDoc, WindowDoc } from '../documents.js';
import { RECOMMENDATIONS } from '../documents.js';

/** The collections queries read, always the live build. */
export interface RecommendationsReads {
  readonly products: ReadModelCollection<ProductDoc>;
  readonly consents: ReadModelCollection<ConsentDoc>;
  readonly profiles: ReadModelCollection<ProfileDoc>;
  readonly purchases: ReadModelCollection<PurchaseDoc>;
  readonly neighbours: ReadModelCollection<NeighbourDoc>;
  readonly windows: ReadModelCollection<WindowDoc>;
}

export const readsOf = (source: ReadModelSource): RecommendationsReads => ({
  products: source.collection<ProductDoc>(RECOMMENDATIONS, 'products'),
  consents: source.collection<ConsentDoc>(RECOMMENDATIONS, 'consents'),
  profiles: source.collection<ProfileDoc>(RECOMMENDATIONS, 'profiles'),
  purchases: source.collection<PurchaseDoc>(RECOMMENDATIONS, 'purchases'),
  neighbours: source.collection<NeighbourDoc>(RECOMMENDATIONS, 'neighbours'),
  windows: source.collection<WindowDoc>(RECOMMENDATIONS, 'windows'),
});

/** Whose lists may be personalised: only a signed-in customer who gave the personalisation consent. */
export const consenting = async (reads: RecommendationsReads, customerId: string | undefined): Promise<boolean> =>
  customerId !== undefined && (await reads.consents.get(customerId))?.personalisation === true;

/** What a consenting customer bought; nothing is read for anyone else. */
export const boughtBy = async (reads: RecommendationsReads, customerId: string | undefined): Promise<string[]> => {
  if (customerId === undefined || !(await consenting(reads, customerId))) return [];
  return (await reads.purchases.find({ customerId }, { projection: { productId: 1 } })).map((p) => p.productId);
};

/** Listed products (published, in stock) matching `filter`, most popular first, leaving out `exclude`. */
export const listedProducts = async (reads: RecommendationsReads, filter: Filter, exclude: readonly string[], limit: number): Promise<ProductDoc[]> =>
  reads.products.find(
    { ...filter, listed: true, ...(exclude.length === 0 ? {} : { _id: { $nin: [...exclude] } }) },
    { sort: { popularity: -1, _id: 1 }, limit },
  );

/** Orders candidates by score, then popularity, then id, so equal scores still come out the same way every time. */
export const byScore = <T extends { readonly score: number; readonly product: ProductDoc }>(a: T, b: T): number =>
  b.score - a.score ||
  (b.product.popularity ?? Number.NEGATIVE_INFINITY) - (a.product.popularity ?? Number.NEGATIVE_INFINITY) ||
  (a.product._id < b.product._id ? -1 : a.product._id > b.product._id ? 1 : 0);
