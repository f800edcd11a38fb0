import { eventRegistry, fold } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ActivityPolicy } from './activity.js';
import { activityDecider, defaultActivityPolicy } from './activity.js';
import type { ActivityCommand, FavouriteCommand } from './commands.js';
import type { ActivityEvent, FavouriteEvent, Subject } from './events.js';
import { behaviourEvents } from './events.js';
import { favouritesDecider } from './favourites.js';
import { dayOf } from './streams.js';

const registry = eventRegistry(behaviourEvents);
const subject: Subject = { kind: 'session', id: 'sess-1' };
const products = ['p-1', 'p-2', 'p-3', 'p-4'];
const start = Date.parse('2026-01-01T00:00:00.000Z');

describe('favourites properties', () => {
  const limit = 3;
  const decider = favouritesDecider({ maxFavourites: limit });
  const command = fc.record({ fav: fc.boolean(), productId: fc.constantFrom(...products) }).map(
    ({ fav, productId }): FavouriteCommand => ({ type: fav ? 'FavouriteProduct' : 'UnfavouriteProduct', subject, productId }),
  );

  it('hold exactly the favourites a set would, within the limit, and never record a repeat', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 40, size: 'max' }), (commands) => {
        const model = new Set<string>();
        let state = decider.initialState();
        const events: FavouriteEvent[] = [];
        for (const c of commands) {
          const decision = decider.decide(c, state, { now: new Date(start) });
          if (c.type === 'FavouriteProduct' && !model.has(c.productId)) {
            if (model.size >= limit) expect(decision).toEqual(E.left({ _tag: 'FavouritesFull', limit }));
            else model.add(c.productId);
          }
          if (c.type === 'UnfavouriteProduct') model.delete(c.productId);
          if (E.isRight(decision)) {
            events.push(...decision.right);
            state = fold(decider, decision.right, state);
          }
          expect(new Set(state.productIds)).toEqual(model);
        }
        // Per product, the recorded events alternate: favourited, unfavourited, favourited, ...
        for (const productId of products) {
          const types = events.filter((e) => e.data.productId === productId).map((e) => e.type);
          types.forEach((type, i) => expect(type).toBe(i % 2 === 0 ? 'ProductFavourited' : 'ProductUnfavourited'));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('activity properties', () => {
  const policy: ActivityPolicy = { ...defaultActivityPolicy, maxEventsPerDay: 25 };
  const decider = activityDecider(policy);
  const step = fc.record({
    gap: fc.integer({ min: 0, max: 120 }),
    command: fc.oneof(
      fc.constantFrom(...products).map((productId) => ({ type: 'RecordProductView' as const, productId, source: 'search' as const })),
      fc.record({ query: fc.constantFrom('tea', ' TEA ', 'cup', ''), page: fc.integer({ min: 1, max: 2 }) }).map((q) => ({ type: 'RecordSearch' as const, resultCount: 3, ...q })),
      fc.constant({ type: 'RecordCartView' as const, itemCount: 1 }),
      fc.constantFrom('c-1', 'c-2').map((customerId) => ({ type: 'IdentifySession' as const, customerId })),
    ),
  });

  const play = (steps: readonly { gap: number; command: Omit<ActivityCommand, 'subject' | 'day'> }[]) => {
    let now = start + 8 * 3_600_000;
    let state = decider.initialState();
    const events: ActivityEvent[] = [];
    for (const s of steps) {
      now += s.gap * 1000;
      const at = new Date(now);
      const decision = decider.decide({ ...s.command, subject, day: dayOf(at) } as ActivityCommand, state, { now: at });
      if (E.isRight(decision)) {
        events.push(...decision.right);
        state = fold(decider, decision.right, state);
      }
    }
    return { events, state };
  };

  it('stay within the daily limit, never record a refresh, and link a session to one customer only', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60, size: 'max' }), (steps) => {
        const { events, state } = play(steps);
        expect(events.length).toBeLessThanOrEqual(policy.maxEventsPerDay);
        expect(state.count).toBe(events.length);
        for (const e of events) expect(registry.validate(e.type, e.data)).toMatchObject({ ok: true });
        const views = events.filter((e) => e.type === 'ProductViewed');
        for (const productId of products) {
          const times = views.filter((e) => e.data.productId === productId).map((e) => Date.parse(e.data.at));
          times.slice(1).forEach((time, i) => expect(time - (times[i] ?? 0)).toBeGreaterThanOrEqual(policy.viewDedupeSeconds * 1000));
        }
        expect(new Set(events.filter((e) => e.type === 'SessionIdentified').map((e) => e.data.customerId)).size).toBeLessThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
  });

  it('evolve never throws on any sequence of valid events, and the same history folds to the same plain-JSON state', () => {
    const scrambled = fc
      .array(step, { maxLength: 40, size: 'max' })
      .map((steps) => play(steps).events)
      .chain((events) => (events.length === 0 ? fc.constant<ActivityEvent[]>([]) : fc.array(fc.constantFrom(...events), { maxLength: 40 })));
    fc.assert(
      fc.property(scrambled, (events) => {
        const once = fold(decider, events);
        expect(fold(decider, events)).toEqual(once);
        expect(JSON.parse(JSON.stringify(once))).toEqual(once);
      }),
      { numRuns: 200 },
    );
  });
});
