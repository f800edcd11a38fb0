import type { Document, Filter, SortSpec } from '@shopstream/kernel';
import { isReadStoreError } from '@shopstream/kernel';
import type { ReadModelCollection } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';

/** What a caller asks of a list: how many items, and where the previous page ended. */
export interface PageRequest {
  /** 1 to MAX_PAGE_SIZE; DEFAULT_PAGE_SIZE when left out. */
  readonly limit?: number;
  /** The `nextCursor` of the previous page; opaque. */
  readonly after?: string | null;
}

/** One page of a list, newest first. `nextCursor` is null on the last page. */
export interface ListPage<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/** A cursor the store does not recognise (forged, truncated, or taken from a list with another order). */
export type InvalidCursor = { readonly _tag: 'InvalidCursor' };

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

const clamp = (limit: number | undefined): number =>
  limit === undefined || !Number.isFinite(limit) ? DEFAULT_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(limit)));

/**
 * A keyset page: the store appends `_id` to the sort, so pages neither overlap nor skip when documents arrive
 * between requests. A cursor the store refuses is the caller's mistake, so it is a value, not a fault.
 */
export const keysetPage = async <D extends Document, T>(
  collection: ReadModelCollection<D>,
  filter: Filter,
  sort: SortSpec,
  request: PageRequest,
  view: (document: D) => T,
): Promise<E.Either<InvalidCursor, ListPage<T>>> => {
  try {
    const page = await collection.findPage(filter, { sort, limit: clamp(request.limit), after: request.after ?? null });
    return E.right({ items: page.items.map(view), nextCursor: page.nextCursor });
  } catch (error) {
    if (isReadStoreError(error, 'InvalidQuery') && request.after !== undefined && request.after !== null) return E.left({ _tag: 'InvalidCursor' });
    throw error;
  }
};
