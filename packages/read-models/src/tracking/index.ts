import type { AnyProjection } from '@shopstream/kernel';
import { trackingProjection } from './projection.js';

// Projection
export { TRACKING_PROJECTION, trackingProjection } from './projection.js';
/** What the SDK hands to the projection runtime. */
export const trackingProjections: readonly AnyProjection[] = [trackingProjection];

// Queries
export { trackingQueries } from './queries.js';
export type { ShipmentFilter, TrackingQueries } from './queries.js';
export type { CheckpointView, OrderTrackingView, ShipmentView } from './views.js';

// Documents
export type { CheckpointDocument, PlaceDocument, ShipmentDocument, TrackingKeyDocument, TrackingOrderDocument } from './documents.js';
