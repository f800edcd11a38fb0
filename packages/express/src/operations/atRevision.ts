import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { ShopEntity } from '@shopstream/sdk';
import { failed, ok } from '../routing/route.js';
import type { Reply } from '../routing/route.js';
import { notFound } from './support.js';

/**
 * Replies for a resource at its stream's revision (the cart, an order, a payment, a case): the revision is the
 * ETag, which a conditional route's next write pins with If-Match and a read's If-None-Match names. The body
 * keeps it too, for clients that cannot read headers.
 */
export const atRevision = (value: { readonly revision: number }, status = 200): Reply => ok(value, { status, revision: value.revision });

/** A read: the resource at its revision, or 404. */
export const foundAtRevision = (value: { readonly revision: number } | null, entity: ShopEntity, id: string): Reply =>
  value === null ? notFound(entity, id) : atRevision(value);

/** A write: the resource after it at its new revision, or the domain's refusal. */
export const outcomeAtRevision = (result: Either<{ readonly _tag: string }, { readonly revision: number }>, status = 200): Reply =>
  E.isLeft(result) ? failed(result.left) : atRevision(result.right, status);
