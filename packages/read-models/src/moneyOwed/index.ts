import type { AnyProjection } from '@shopstream/kernel';
import { moneyOwedProjection } from './projection.js';

/** What the projection runtime runs for money owed. */
export const moneyOwedProjections: readonly AnyProjection[] = [moneyOwedProjection];

// Projection
export { MONEY_OWED, moneyOwedProjection, refundDebtId, reversalDebtId } from './projection.js';
export type { DebtFailure, DebtKind, DebtStatus, MoneyOwedDocument, OrderCustomerDocument } from './documents.js';

// Queries
export { DEFAULT_PENDING_AFTER_MS, moneyOwedQueries } from './queries.js';
export type { Debt, MoneyOwedQueries, OpenDebtsRequest, OwedTotal } from './queries.js';
