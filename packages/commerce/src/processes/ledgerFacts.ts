import { claimOf, orderMoney } from '../afterSales/index.js';
import type { CarriedCase, OrderMoney } from '../afterSales/index.js';
import { isPlaced } from '../ordering/index.js';
import { money } from '../shared/money.js';
import type { ProcessPorts } from './ports.js';

// What a claim on an order's ledger is decided with, read by whoever claims: a case open or a goodwill refund.

export const CASE_CLAIMS = 'case-claims';

/** The order's money as it stands now; an order never placed kept nothing. */
export const moneyOf = async (read: ProcessPorts['read'], orderId: string, currency: string): Promise<OrderMoney> => {
  const order = await read.order(orderId);
  return isPlaced(order) ? orderMoney(order) : { kept: money(0, currency), refunded: money(0, currency), refundIds: [] };
};

/** What the order's cases opened before its ledger hold, read from their own streams. */
export const carryOver = async (read: ProcessPorts['read'], orderId: string, caseIds: readonly string[]): Promise<CarriedCase[]> => {
  const cases = await Promise.all(caseIds.map((caseId) => read.afterSalesCase(caseId)));
  return cases.flatMap((c) => (c !== null && c.orderId === orderId ? [claimOf(c)] : []));
};
