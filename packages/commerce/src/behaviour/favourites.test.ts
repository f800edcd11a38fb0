import { deciderSpecification } from '@shopstream/kernel/testing';
import { describe, expect, it } from 'vitest';
import type { FavouriteEvent, Subject } from './events.js';
import { favourites, favouritesDecider } from './favourites.js';
import { favouritesStream } from './streams.js';

const spec = deciderSpecification(favourites);
const customer: Subject = { kind: 'customer', id: 'c-1' };
const now = new Date('2026-01-01T08:00:00.000Z');
const at = now.toISOString();
const favourited = (productId: string): FavouriteEvent => ({ type: 'ProductFavourited', data: { subject: customer, productId, at } });
const favourite = { type: 'FavouriteProduct' as const, subject: customer, productId: 'p-1' };
const unfavourite = { type: 'UnfavouriteProduct' as const, subject: customer, productId: 'p-1' };

describe('favourites', () => {
  it('live in one stream per subject', () => {
    expect(favouritesStream(customer)).toBe('favourites-customer_c-1');
  });

  it('records a favourite', () => {
    spec.given([]).when(favourite, { now }).then([favourited('p-1')]);
  });

  it('records nothing for a product already favourited', () => {
    spec.given([favourited('p-1')]).when(favourite, { now }).then([]);
  });

  it('refuses beyond the limit', () => {
    deciderSpecification(favouritesDecider({ maxFavourites: 1 })).given([favourited('p-0')]).when(favourite, { now }).then({ _tag: 'FavouritesFull', limit: 1 });
  });

  it('removes a favourite, and records nothing for a product not favourited', () => {
    spec.given([favourited('p-1')]).when(unfavourite, { now }).then([{ type: 'ProductUnfavourited', data: { subject: customer, productId: 'p-1', at } }]);
    spec.given([]).when(unfavourite, { now }).then([]);
  });

  it('refuses another subject on this stream', () => {
    const other: Subject = { kind: 'session', id: 's-1' };
    spec.given([favourited('p-1')]).when({ ...favourite, subject: other }, { now }).then({ _tag: 'SubjectMismatch', expected: customer, received: other });
    spec.given([favourited('p-1')]).when({ ...unfavourite, subject: other }, { now }).thenFails('SubjectMismatch');
  });
});
