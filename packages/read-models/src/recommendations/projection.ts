import type { BehaviourEvent } from '@shopstream/commerce/behaviour';
import type { CatalogEvent } from '@shopstream/commerce/catalog';
import type { UserEvent } from '@shopstream/commerce/identity';
import type { InventoryEvent } from '@shopstream/commerce/inventory';
import type { OrderingEvent } from '@shopstream/commerce/ordering';
import { defineProjection } from '@shopstream/kernel';
import type { Projection } from '@shopstream/kernel';
import { behaviourHandlers } from './handlers/behaviour.js';
import { catalogHandlers, inventoryHandlers } from './handlers/catalog.js';
import { consentHandlers } from './handlers/consent.js';
import type { RecommendationsCollection } from './documents.js';
import { RECOMMENDATIONS, recommendationsCollections } from './documents.js';
import type { RecommendationsPolicy } from './policy.js';
import { defaultRecommendationsPolicy } from './policy.js';
import { orderingHandlers } from './handlers/purchases.js';

export type RecommendationsEvent = CatalogEvent | InventoryEvent | OrderingEvent | BehaviourEvent | UserEvent;

/**
 * The recommendations projection. One projection, so that a handler can read the product, stock and consent
 * documents its writes depend on inside the same transaction. A shop that changes the policy must raise
 * `version`, since the documents depend on it.
 */
export const recommendationsProjection = (
  policy: RecommendationsPolicy = defaultRecommendationsPolicy,
  version = 1,
): Projection<RecommendationsEvent, RecommendationsCollection> =>
  defineProjection<RecommendationsEvent, RecommendationsCollection>({
    name: RECOMMENDATIONS,
    version,
    collections: recommendationsCollections,
    handlers: {
      ...catalogHandlers,
      ...inventoryHandlers,
      ...orderingHandlers(policy),
      ...behaviourHandlers(policy),
      ...consentHandlers,
    },
  });
