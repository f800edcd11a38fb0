import type { AnyProjection } from '@shopstream/kernel';
import { reviewsProjection } from './projection.js';

// Projection
export { REVIEWS_PROJECTION, reviewsProjection } from './projection.js';
/** What the SDK hands to the projection runtime. */
export const reviewsProjections: readonly AnyProjection[] = [reviewsProjection];

// Queries
export { reviewsQueries } from './queries.js';
export type { ReviewsQueries } from './queries.js';
export type { RatingSummary, ReviewView, Stars } from './views.js';

// Documents
export type { ErasedAuthorDocument, FollowUpDocument, RatingSummaryDocument, ReviewDocument, ReviewWords, StarCounts } from './documents.js';
