import { defineEvent } from '@shopstream/kernel';
import type { EventOf } from '@shopstream/kernel';
import { z } from 'zod';

const Instant = z.iso.datetime();

/** Whose behaviour: a signed-in customer, or a guest's browser session until it signs in. */
export const Subject = z.strictObject({ kind: z.enum(['customer', 'session']), id: z.string().min(1).max(64) });
export type Subject = z.infer<typeof Subject>;

export const ViewSource = z.enum(['search', 'category', 'recommendation', 'cart', 'favourites', 'direct', 'other']);
export type ViewSource = z.infer<typeof ViewSource>;

export const ProductViewed = defineEvent('ProductViewed', z.strictObject({ subject: Subject, productId: z.string().min(1), source: ViewSource, at: Instant }));

export const ProductsSearched = defineEvent(
  'ProductsSearched',
  z.strictObject({
    subject: Subject,
    /** As typed, trimmed. */
    query: z.string().min(1).max(200),
    /** Case-folded, width-folded (NFKC) and single-spaced, so reports group 「Ｔｅａ」 and "tea". */
    normalisedQuery: z.string().min(1).max(200),
    resultCount: z.number().int().nonnegative(),
    page: z.number().int().positive(),
    at: Instant,
  }),
);

export const CartViewed = defineEvent('CartViewed', z.strictObject({ subject: Subject, itemCount: z.number().int().nonnegative(), at: Instant }));

/** A guest session signed in: what it did before belongs to this customer from now on. */
export const SessionIdentified = defineEvent('SessionIdentified', z.strictObject({ sessionId: z.string().min(1), customerId: z.string().min(1), at: Instant }));

export const ProductFavourited = defineEvent('ProductFavourited', z.strictObject({ subject: Subject, productId: z.string().min(1), at: Instant }));

export const ProductUnfavourited = defineEvent('ProductUnfavourited', z.strictObject({ subject: Subject, productId: z.string().min(1), at: Instant }));

/** The daily activity stream's events. */
export const activityEvents = [ProductViewed, ProductsSearched, CartViewed, SessionIdentified] as const;
/** The favourites stream's events. */
export const favouriteEvents = [ProductFavourited, ProductUnfavourited] as const;
export const behaviourEvents = [...activityEvents, ...favouriteEvents] as const;

export type ActivityEvent = EventOf<(typeof activityEvents)[number]>;
export type FavouriteEvent = EventOf<(typeof favouriteEvents)[number]>;
export type BehaviourEvent = ActivityEvent | FavouriteEvent;
