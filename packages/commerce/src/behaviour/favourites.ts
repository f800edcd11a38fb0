import type { Decider } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import { match } from 'ts-pattern';
import type { FavouriteCommand } from './commands.js';
import type { BehaviourError } from './errors.js';
import type { FavouriteEvent, Subject } from './events.js';

export interface FavouritesPolicy {
  readonly maxFavourites: number;
}

export const defaultFavouritesPolicy: FavouritesPolicy = { maxFavourites: 500 };

export interface FavouritesState {
  readonly subject: Subject | null;
  /** Product ids, oldest favourite first. */
  readonly productIds: readonly string[];
}

const initialState = (): FavouritesState => ({ subject: null, productIds: [] });

const evolve = (state: FavouritesState, event: FavouriteEvent): FavouritesState =>
  match(event)
    .with({ type: 'ProductFavourited' }, ({ data }) => ({
      subject: state.subject ?? data.subject,
      productIds: state.productIds.includes(data.productId) ? state.productIds : [...state.productIds, data.productId],
    }))
    .with({ type: 'ProductUnfavourited' }, ({ data }) => ({
      subject: state.subject ?? data.subject,
      productIds: state.productIds.filter((id) => id !== data.productId),
    }))
    .exhaustive();

type Decision = E.Either<BehaviourError, readonly FavouriteEvent[]>;

/**
 * Favouriting is idempotent: a second tap on the heart records nothing, so counts built from these events
 * (a product's favourites, a customer's interests) are exact without the read side deduplicating.
 */
const decideWith =
  (policy: FavouritesPolicy) =>
  (command: FavouriteCommand, state: FavouritesState, { now }: { now: Date }): Decision => {
    if (state.subject && (state.subject.kind !== command.subject.kind || state.subject.id !== command.subject.id)) {
      return E.left({ _tag: 'SubjectMismatch', expected: state.subject, received: command.subject });
    }
    const at = now.toISOString();
    const has = state.productIds.includes(command.productId);
    return match(command)
      .with({ type: 'FavouriteProduct' }, (c): Decision => {
        if (has) return E.right([]);
        if (state.productIds.length >= policy.maxFavourites) return E.left({ _tag: 'FavouritesFull', limit: policy.maxFavourites });
        return E.right([{ type: 'ProductFavourited', data: { subject: c.subject, productId: c.productId, at } }]);
      })
      .with({ type: 'UnfavouriteProduct' }, (c): Decision => (has ? E.right([{ type: 'ProductUnfavourited', data: { subject: c.subject, productId: c.productId, at } }]) : E.right([])))
      .exhaustive();
  };

export const favouritesDecider = (policy: FavouritesPolicy = defaultFavouritesPolicy): Decider<FavouritesState, FavouriteCommand, FavouriteEvent, BehaviourError> => ({
  initialState,
  evolve,
  decide: decideWith(policy),
});

/** A subject's favourites (`favouritesStream`), under the default policy. */
export const favourites = favouritesDecider();
