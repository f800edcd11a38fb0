import type { ProjectionContext } from '@shopstream/kernel';
import type { RecommendationsCollection } from './documents.js';

/** What every handler of the recommendations projection writes through. */
export type RecommendationsContext = ProjectionContext<RecommendationsCollection>;
