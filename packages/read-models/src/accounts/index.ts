import type { AnyProjection } from '@shopstream/kernel';
import { accountsProjection } from './projection.js';

// Projection
export { ACCOUNTS_PROJECTION, accountsProjection } from './projection.js';
/** What the SDK hands to the projection runtime. */
export const accountsProjections: readonly AnyProjection[] = [accountsProjection];

// Queries
export { accountsQueries } from './queries.js';
export type { AccountsDependencies, AccountsQueries, NotificationsRequest } from './queries.js';
export type { AddressView, NotificationView, PaymentMethodView, ProfileView } from './views.js';

// Documents
export type {
  AddressDocument,
  ConsentDocument,
  NotificationDocument,
  NotificationKind,
  OrderOwnerDocument,
  PaymentMethodDocument,
  ProfileDocument,
} from './documents.js';
