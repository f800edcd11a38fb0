import type { AnyProjection } from '@shopstream/kernel';
import { accountsProjections } from './accounts/index.js';
import { moneyOwedProjections } from './moneyOwed/index.js';
import { ordersProjections } from './orders/index.js';
import { recommendationsProjections } from './recommendations/index.js';
import { reportsProjections } from './reports/index.js';
import { reviewsProjections } from './reviews/index.js';
import { riskProjections } from './risk/index.js';
import { searchProjections } from './search/index.js';
import { trackingProjections } from './tracking/index.js';

// Where queries read from
export type { ReadModelSource } from './source.js';

// The read models, one namespace each
export * as accounts from './accounts/index.js';
export * as moneyOwed from './moneyOwed/index.js';
export * as orders from './orders/index.js';
export * as recommendations from './recommendations/index.js';
export * as reports from './reports/index.js';
export * as reviews from './reviews/index.js';
export * as risk from './risk/index.js';
export * as search from './search/index.js';
export * as tracking from './tracking/index.js';

/** Every read model's projections (reports in their default zone), for the projection runtime of a shop. */
export const readModelProjections: readonly AnyProjection[] = [
  ...accountsProjections,
  ...moneyOwedProjections,
  ...ordersProjections,
  ...recommendationsProjections,
  ...reportsProjections,
  ...reviewsProjections,
  ...riskProjections,
  ...searchProjections,
  ...trackingProjections,
];
