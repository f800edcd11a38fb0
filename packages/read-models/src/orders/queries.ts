import * as E from 'fp-ts/lib/Either.js';
import { z } from 'zod';
import { ORDER_STATUSES } from '@shopstream/commerce/ordering';
import type { OrderStatus } from '@shopstream/commerce/ordering';
import type { Filter } from '@shopstream/kernel';
import type { ReadModelSource } from '../source.js';
import type { CaseDocument, OrderDocument, PaymentDocument, RiskState } from './documents.js';
import type { InvalidCursor, ListPage, PageRequest } from './paging.js';
import { keysetPage } from './paging.js';
import { ORDERS_PROJECTION } from './projection.js';
import type { AdminOrderSummary, AdminOrderView, CaseView, OrderSummary, OrderView, PaymentView, PlacedOrder } from './views.js';
import { caseView, isPlaced, orderSummary, orderView, paymentView, riskView } from './views.js';

/** Whose resources a customer query may return: the signed-in customer's own, nothing else. */
export interface CustomerScope {
  readonly customerId: string;
}

/** A page of a customer's orders, optionally only those in some statuses. */
export interface CustomerOrdersRequest extends PageRequest {
  readonly status?: OrderStatus | readonly OrderStatus[];
}

export const RISK_STATES = ['none', 'held', 'released', 'rejected'] as const satisfies readonly RiskState[];

/** What the admin order list can be narrowed by; every field is optional and they combine with AND. */
export const AdminOrderFilter = z.strictObject({
  status: z.union([z.enum(ORDER_STATUSES), z.array(z.enum(ORDER_STATUSES)).min(1)]).optional(),
  /** Placed at or after this instant. */
  placedFrom: z.iso.datetime().optional(),
  /** Placed before this instant. */
  placedBefore: z.iso.datetime().optional(),
  customerId: z.string().min(1).optional(),
  risk: z.union([z.enum(RISK_STATES), z.array(z.enum(RISK_STATES)).min(1)]).optional(),
});
export type AdminOrderFilter = z.input<typeof AdminOrderFilter>;

export type InvalidFilter = { readonly _tag: 'InvalidFilter'; readonly issues: readonly string[] };
export type OrderListError = InvalidCursor | InvalidFilter;

const NEWEST_ORDERS = { placedAt: -1 } as const;
const oneOrMany = <T extends string>(value: T | readonly T[]): T | { readonly $in: readonly T[] } => (typeof value === 'string' ? value : { $in: value });

/**
 * The store filter of an admin list. `placedAt` is always bounded, which also leaves out orders that are not
 * placed yet (their `placedAt` is null, and a string range never matches null).
 */
const adminFilter = (filter: z.output<typeof AdminOrderFilter>): Filter => ({
  placedAt: { $gte: filter.placedFrom ?? '', ...(filter.placedBefore === undefined ? {} : { $lt: filter.placedBefore }) },
  ...(filter.status === undefined ? {} : { status: oneOrMany<OrderStatus>(filter.status) }),
  ...(filter.customerId === undefined ? {} : { customerId: filter.customerId }),
  ...(filter.risk === undefined ? {} : { riskState: oneOrMany<RiskState>(filter.risk) }),
});

const listed = <T>(order: OrderDocument, view: (placed: PlacedOrder) => T): T[] => (isPlaced(order) ? [view(order)] : []);

/**
 * Queries of the orders read model. Customer queries take the customer's id and return null (or an empty
 * list) for anything that is not theirs, so an API that passes the signed-in customer cannot leak another's
 * order, payment or case. `admin` is for staff and is not scoped.
 */
export const ordersQueries = (source: ReadModelSource) => {
  const orders = source.collection<OrderDocument>(ORDERS_PROJECTION, 'orders');
  const payments = source.collection<PaymentDocument>(ORDERS_PROJECTION, 'payments');
  const cases = source.collection<CaseDocument>(ORDERS_PROJECTION, 'cases');

  const placedOrder = async (orderId: string): Promise<PlacedOrder | null> => {
    const found = await orders.get(orderId);
    return isPlaced(found) ? found : null;
  };
  const ownOrder = async (orderId: string, scope: CustomerScope): Promise<PlacedOrder | null> => {
    const found = await placedOrder(orderId);
    return found !== null && found.customerId === scope.customerId ? found : null;
  };

  const pageOf = async <T>(page: E.Either<InvalidCursor, ListPage<T[]>>): Promise<E.Either<InvalidCursor, ListPage<T>>> =>
    E.map((p: ListPage<T[]>) => ({ items: p.items.flat(), nextCursor: p.nextCursor }))(page);

  return {
    /** The customer's order with its timeline, or null when there is no such order or it is someone else's. */
    order: async (orderId: string, scope: CustomerScope): Promise<OrderView | null> => {
      const found = await ownOrder(orderId, scope);
      return found === null ? null : orderView(found, 'customer');
    },

    /** The customer's orders, newest first; `status` narrows them (the "to pay", "to ship", "to receive" tabs). */
    ordersOf: async (customerId: string, request: CustomerOrdersRequest = {}): Promise<E.Either<InvalidCursor, ListPage<OrderSummary>>> => {
      const filter = request.status === undefined ? { customerId } : { customerId, status: oneOrMany<OrderStatus>(request.status) };
      return pageOf(await keysetPage(orders, filter, NEWEST_ORDERS, request, (o) => listed(o, orderSummary)));
    },

    /** The payment attempts of the customer's order, oldest first; empty when the order is not theirs. */
    paymentsOfOrder: async (orderId: string, scope: CustomerScope): Promise<readonly PaymentView[]> =>
      (await payments.find({ orderId, customerId: scope.customerId }, { sort: { startedAt: 1 } })).map(paymentView),

    /** Every payment attempt of the customer, newest first. */
    paymentsOf: async (customerId: string, request: PageRequest = {}): Promise<E.Either<InvalidCursor, ListPage<PaymentView>>> =>
      keysetPage(payments, { customerId }, { startedAt: -1 }, request, paymentView),

    /** The customer's after-sales case, or null when it is someone else's. */
    case: async (caseId: string, scope: CustomerScope): Promise<CaseView | null> => {
      const found = await cases.get(caseId);
      return found !== null && found.customerId === scope.customerId ? caseView(found) : null;
    },

    /** The customer's after-sales cases, newest first. */
    casesOf: async (customerId: string, request: PageRequest = {}): Promise<E.Either<InvalidCursor, ListPage<CaseView>>> =>
      keysetPage(cases, { customerId }, { requestedAt: -1 }, request, caseView),

    admin: {
      order: async (orderId: string): Promise<AdminOrderView | null> => {
        const found = await placedOrder(orderId);
        return found === null ? null : { ...orderView(found, 'staff'), risk: riskView(found) };
      },

      /** Every order matching the filter, newest first. */
      orders: async (filter: AdminOrderFilter = {}, request: PageRequest = {}): Promise<E.Either<OrderListError, ListPage<AdminOrderSummary>>> => {
        const parsed = AdminOrderFilter.safeParse(filter);
        if (!parsed.success) return E.left({ _tag: 'InvalidFilter', issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) });
        return pageOf(
          await keysetPage(orders, adminFilter(parsed.data), NEWEST_ORDERS, request, (o) => listed(o, (p) => ({ ...orderSummary(p), risk: riskView(p) }))),
        );
      },

      paymentsOfOrder: async (orderId: string): Promise<readonly PaymentView[]> =>
        (await payments.find({ orderId }, { sort: { startedAt: 1 } })).map(paymentView),

      casesOfOrder: async (orderId: string): Promise<readonly CaseView[]> => (await cases.find({ orderId }, { sort: { requestedAt: 1 } })).map(caseView),

      case: async (caseId: string): Promise<CaseView | null> => {
        const found = await cases.get(caseId);
        return found === null ? null : caseView(found);
      },
    },
  };
};

export type OrdersQueries = ReturnType<typeof ordersQueries>;
