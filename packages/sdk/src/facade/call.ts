import type { HandleOptions } from '@shopstream/kernel';
import type { Either } from 'fp-ts/lib/Either.js';
import type { ShopError } from './errors.js';

/** Correlation, causation, actor and trace of the request a command serves, passed on to the events it records. */
export type RequestMetadata = HandleOptions['metadata'];

/** How one facade call runs. Every field is optional; the shop's configuration gives the defaults. */
export interface CallOptions {
  readonly metadata?: RequestMetadata;
  /**
   * Wait, after a successful command, until every read model includes what it recorded, so that a query made
   * next sees it. Default: the shop's `readYourWrites` (true unless configured otherwise).
   */
  readonly readYourWrites?: boolean;
  /** The revision the caller last saw (an HTTP If-Match): the command fails with a ConcurrencyConflict if the stream moved. */
  readonly expectedRevision?: number;
}

/** What every facade command answers: a domain refusal as a value on the left, the result on the right. */
export type Outcome<T, E extends { readonly _tag: string } = ShopError> = Promise<Either<E, T>>;

/** One page of a list, newest first unless the query says otherwise. */
export interface PageRequest {
  readonly limit?: number;
  /** The opaque cursor a previous page returned. */
  readonly cursor?: string | null;
}
