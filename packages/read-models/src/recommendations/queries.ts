import type { ReadModelSource } from '../source.js';
import { forYouList } from './lists/forYou.js';
import { boughtTogetherList, similarList } from './lists/itemToItem.js';
import { popularProducts } from './lists/popular.js';
import type { ItemListOptions, ListOptions, PopularOptions, Recommendation } from './recommendation.js';
import { readsOf } from './lists/reads.js';

export interface RecommendationsQueries {
  /** Personal picks with the customer's consent; otherwise exactly `popular({ limit })`. */
  forYou(customerId: string, options?: ListOptions): Promise<Recommendation[]>;
  /** Products often bought with this one. */
  boughtTogether(productId: string, options?: ItemListOptions): Promise<Recommendation[]>;
  /** Products viewed with this one, then products of its category and brand. */
  similar(productId: string, options?: ItemListOptions): Promise<Recommendation[]>;
  /** The most popular listed products, in general or of one category or brand. */
  popular(options?: PopularOptions): Promise<Recommendation[]>;
}

/** Every list shows only listed products: published, with stock available. */
export const recommendationsQueries = (source: ReadModelSource): RecommendationsQueries => {
  const reads = readsOf(source);
  return {
    forYou: (customerId, options = {}) => forYouList(reads, customerId, options),
    boughtTogether: (productId, options = {}) => boughtTogetherList(reads, productId, options),
    similar: (productId, options = {}) => similarList(reads, productId, options),
    popular: (options = {}) => popularProducts(reads, options),
  };
};
