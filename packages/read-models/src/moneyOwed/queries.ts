import type { Money } from '@shopstream/commerce';
import type { Filter, ReadModelCollection } from '@shopstream/kernel';
import type * as E from 'fp-ts/lib/Either.js';
import { keysetPage } from '../orders/paging.js';
import type { InvalidCursor, ListPage, PageRequest } from '../orders/paging.js';
import type { ReadModelSource } from '../source.js';
import type { MoneyOwedDocument } from './documents.js';
import { MONEY_OWED } from './projection.js';

/** A refund unanswered for this long is listed as owed, unless the caller says otherwise. */
export const DEFAULT_PENDING_AFTER_MS = 60 * 60_000;

/** One debt as staff see it: the document without its storage key under `debtId`. */
export type Debt = Omit<MoneyOwedDocument, '_id'> & { readonly debtId: string };

export interface OpenDebtsRequest extends PageRequest {
  /** `oldest` (default: the longest owed first) or `newest`. */
  readonly order?: 'oldest' | 'newest';
  /** The instant the pending threshold counts back from; the caller's clock. */
  readonly now: Date;
  /** How long a refund waits for the provider's answer before it is listed. Default `DEFAULT_PENDING_AFTER_MS`. */
  readonly pendingAfterMs?: number;
}

/** The open debts of one currency: how much, and how many. */
export interface OwedTotal {
  readonly amount: Money;
  readonly debts: number;
}

const view = ({ _id, ...rest }: MoneyOwedDocument): Debt => ({ debtId: _id, ...rest });

/** Open debts, a pending refund only once it has waited `pendingAfterMs`. */
const openFilter = (now: Date, pendingAfterMs: number): Filter => ({
  status: 'open',
  $or: [{ kind: { $ne: 'refund_pending' } }, { since: { $lte: new Date(now.getTime() - pendingAfterMs).toISOString() } }],
});

export const moneyOwedQueries = (source: ReadModelSource) => {
  const debts: ReadModelCollection<MoneyOwedDocument> = source.collection(MONEY_OWED, 'debts');
  return {
    /**
     * What the shop owes and has not paid, a page at a time (keyset on `since`: no debt seen twice or skipped while
     * debts arrive). Left `InvalidCursor` for a cursor this list did not give.
     */
    open: (request: OpenDebtsRequest): Promise<E.Either<InvalidCursor, ListPage<Debt>>> =>
      keysetPage(debts, openFilter(request.now, request.pendingAfterMs ?? DEFAULT_PENDING_AFTER_MS), { since: request.order === 'newest' ? -1 : 1 }, request, view),

    /** The sum of the open debts (as `open` lists them) per currency, currencies in alphabetical order. */
    totals: async (request: Pick<OpenDebtsRequest, 'now' | 'pendingAfterMs'>): Promise<readonly OwedTotal[]> => {
      const groups = await debts.aggregate<{ _id: string; amount: number; debts: number }>([
        { $match: openFilter(request.now, request.pendingAfterMs ?? DEFAULT_PENDING_AFTER_MS) },
        { $group: { _id: '$amount.currency', amount: { $sum: '$amount.amount' }, debts: { $sum: 1 } } },
        { $sort: { _id: 1 } },
      ]);
      return groups.map((g) => ({ amount: { amount: g.amount, currency: g._id }, debts: g.debts }));
    },

    /** One debt, open or settled, or null. */
    debt: async (debtId: string): Promise<Debt | null> => {
      const found = await debts.get(debtId);
      return found === null ? null : view(found);
    },

    /** Every debt of an order, open and settled, oldest first. */
    ofOrder: async (orderId: string): Promise<readonly Debt[]> => (await debts.find({ orderId }, { sort: { since: 1, _id: 1 } })).map(view),
  };
};

export type MoneyOwedQueries = ReturnType<typeof moneyOwedQueries>;
