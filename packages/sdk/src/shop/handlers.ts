import { commandHandler, fold, inSequence, toEvent } from '@shopstream/kernel';
import type { Clock, CommandHandler, Event, EventStore, IdGenerator, SnapshotStore } from '@shopstream/kernel';
import { activity, favourites } from '@shopstream/commerce/behaviour';
import type { ActivityCommand, ActivityState, BehaviourError, FavouriteCommand, FavouritesState, ActivityEvent, FavouriteEvent } from '@shopstream/commerce/behaviour';
import type { CartCommand, CartError, CartEvent, CartState } from '@shopstream/commerce/cart';
import { productDecider, taxonomyDecider } from '@shopstream/commerce/catalog';
import type { ProductCommand, ProductError, ProductEvent, ProductState, TaxonomyCommand, TaxonomyError, TaxonomyEvent, TaxonomyState } from '@shopstream/commerce/catalog';
import { inventoryDecider } from '@shopstream/commerce/inventory';
import { commerceHandlers } from '@shopstream/commerce/processes';
import type { CommerceHandlers } from '@shopstream/commerce/processes';
import { reviews } from '@shopstream/commerce/reviews';
import type { ReviewCommand, ReviewError, ReviewEvent, ReviewState } from '@shopstream/commerce/reviews';
import type { Decider } from '@shopstream/kernel';

/** Every aggregate's command handler the facade sends commands through. */
export interface ShopHandlers extends CommerceHandlers {
  readonly taxonomy: CommandHandler<TaxonomyState, TaxonomyCommand, TaxonomyEvent, TaxonomyError>;
  /** Several changes to one product made as one (created with its SKUs and images, an update): one append, all or none, one If-Match. */
  readonly productChanges: CommandHandler<ProductState, readonly ProductCommand[], ProductEvent, ProductError>;
  readonly carts: CommandHandler<CartState, CartCommand, CartEvent, CartError>;
  readonly reviews: CommandHandler<ReviewState, ReviewCommand, ReviewEvent, ReviewError>;
  readonly activity: CommandHandler<ActivityState, ActivityCommand, ActivityEvent, BehaviourError>;
  readonly favourites: CommandHandler<FavouritesState, FavouriteCommand, FavouriteEvent, BehaviourError>;
}

export const shopHandlers = (eventStore: EventStore, clock: Clock, ids: IdGenerator, snapshots: SnapshotStore): ShopHandlers => {
  const base = { store: eventStore, clock, ids };
  return {
    ...commerceHandlers({ eventStore, clock, ids }),
    // A SKU's stock stream is the one that grows without end (every reservation of every order): snapshots keep its load short.
    inventory: commandHandler({ ...base, decider: inventoryDecider, snapshots: { store: snapshots, every: 100, version: 'inventory-1' } }),
    taxonomy: commandHandler({ ...base, decider: taxonomyDecider }),
    productChanges: commandHandler({ ...base, decider: inSequence(productDecider) }),
    reviews: commandHandler({ ...base, decider: reviews }),
    activity: commandHandler({ ...base, decider: activity }),
    favourites: commandHandler({ ...base, decider: favourites }),
  };
};

/** An aggregate's current state and revision, straight from its stream. */
export const loadAggregate = async <S, C, Ev extends Event, Err extends { readonly _tag: string }>(
  eventStore: EventStore,
  decider: Decider<S, C, Ev, Err>,
  stream: string,
): Promise<{ readonly state: S; readonly revision: number }> => {
  const recorded = await eventStore.readStream(stream);
  return { state: fold(decider, recorded.map((e) => toEvent<Ev>(e))), revision: recorded.at(-1)?.revision ?? -1 };
};
