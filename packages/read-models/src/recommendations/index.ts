import type { AnyProjection } from '@shopstream/kernel';
import { recommendationsProjection } from './projection.js';

/** What the SDK hands the projection runtime, with the default policy. */
export const recommendationsProjections: readonly AnyProjection[] = [recommendationsProjection()];

// Projection and policy
export { recommendationsProjection } from './projection.js';
export type { RecommendationsEvent } from './projection.js';
export { defaultRecommendationsPolicy } from './policy.js';
export type { RecommendationsPolicy } from './policy.js';
export { DECAY_EPOCH } from './decay.js';

// Documents
export { RECOMMENDATIONS, recommendationsCollections } from './documents.js';
export type {
  ConsentDoc,
  Neighbour,
  NeighbourDoc,
  NeighbourKind,
  PendingOrderDoc,
  ProductDoc,
  ProfileDoc,
  PurchaseDoc,
  RecommendationsCollection,
  StockDoc,
  WindowDoc,
  WindowItem,
} from './documents.js';

// Queries
export { recommendationsQueries } from './queries.js';
export type { RecommendationsQueries } from './queries.js';
export { DEFAULT_LIMIT, MAX_LIMIT } from './recommendation.js';
export type { ItemListOptions, ListOptions, PopularOptions, Recommendation, RecommendationReason } from './recommendation.js';
