// Events and streams
export {
  CartViewed,
  ProductFavourited,
  ProductUnfavourited,
  ProductViewed,
  ProductsSearched,
  SessionIdentified,
  Subject,
  ViewSource,
  activityEvents,
  behaviourEvents,
  favouriteEvents,
} from './events.js';
export type { ActivityEvent, BehaviourEvent, FavouriteEvent } from './events.js';
export { activityStream, dayOf, favouritesStream } from './streams.js';

// Commands, errors, deciders
export { ActivityCommand, FavouriteCommand, FavouriteProduct, IdentifySession, RecordCartView, RecordProductView, RecordSearch, UnfavouriteProduct } from './commands.js';
export type { BehaviourError, BehaviourErrorTag } from './errors.js';
export { activity, activityDecider, defaultActivityPolicy, normaliseQuery } from './activity.js';
export type { ActivityPolicy, ActivityState } from './activity.js';
export { defaultFavouritesPolicy, favourites, favouritesDecider } from './favourites.js';
export type { FavouritesPolicy, FavouritesState } from './favourites.js';
