import * as E from 'fp-ts/lib/Either.js';
import { match } from 'ts-pattern';
import { z } from 'zod';
import type { Decider } from '../decider/decider.js';
import { defineEvent } from '../events/registry.js';
import type { EventOf } from '../events/registry.js';

/**
 * A timeout is a stream of its own, `timeout-<id>`: scheduled, then fired or cancelled, exactly once each.
 * Because firing is an append with an exact expected revision, two scheduler instances (or one restarted
 * mid-way) can never fire the same timeout twice, and because it is stored, a restart never loses one.
 */
const Payload = z.record(z.string(), z.json());
/** What the reaction to a timeout needs to know (an order id, say): JSON. */
export type TimeoutPayload = z.infer<typeof Payload>;

export const TimeoutScheduled = defineEvent(
  'TimeoutScheduled',
  z.strictObject({ timeoutId: z.string().min(1), kind: z.string().min(1), due: z.iso.datetime(), payload: Payload }),
);
export const TimeoutFired = defineEvent(
  'TimeoutFired',
  z.strictObject({ timeoutId: z.string().min(1), kind: z.string().min(1), due: z.iso.datetime(), payload: Payload, firedAt: z.iso.datetime() }),
);
export const TimeoutCancelled = defineEvent('TimeoutCancelled', z.strictObject({ timeoutId: z.string().min(1), reason: z.string() }));

export const timeoutEvents = [TimeoutScheduled, TimeoutFired, TimeoutCancelled];
export type TimeoutEvent = EventOf<typeof TimeoutScheduled> | EventOf<typeof TimeoutFired> | EventOf<typeof TimeoutCancelled>;

export type TimeoutCommand =
  | { readonly kind: 'schedule'; readonly timeoutId: string; readonly timeoutKind: string; readonly due: string; readonly payload: TimeoutPayload }
  | { readonly kind: 'fire' }
  | { readonly kind: 'cancel'; readonly reason: string };

export type TimeoutError =
  | { readonly _tag: 'TimeoutAlreadyScheduled'; readonly timeoutId: string; readonly due: string; readonly timeoutKind: string }
  | { readonly _tag: 'TimeoutNotScheduled' }
  | { readonly _tag: 'TimeoutNotDue'; readonly due: string }
  | { readonly _tag: 'TimeoutAlreadyFired'; readonly firedAt: string }
  | { readonly _tag: 'TimeoutAlreadyCancelled' };

export type TimeoutState =
  | { readonly status: 'none' }
  | { readonly status: 'pending' | 'fired' | 'cancelled'; readonly timeoutId: string; readonly timeoutKind: string; readonly due: string; readonly payload: TimeoutPayload; readonly firedAt: string | null };

export const timeoutDecider: Decider<TimeoutState, TimeoutCommand, TimeoutEvent, TimeoutError> = {
  initialState: () => ({ status: 'none' }),
  evolve: (state, event) =>
    match(event)
      .with({ type: 'TimeoutScheduled' }, ({ data }): TimeoutState => ({
        status: 'pending',
        timeoutId: data.timeoutId,
        timeoutKind: data.kind,
        due: data.due,
        payload: data.payload,
        firedAt: null,
      }))
      .with({ type: 'TimeoutFired' }, ({ data }): TimeoutState =>
        state.status === 'none'
          ? { status: 'fired', timeoutId: data.timeoutId, timeoutKind: data.kind, due: data.due, payload: data.payload, firedAt: data.firedAt }
          : { ...state, status: 'fired', firedAt: data.firedAt },
      )
      .with({ type: 'TimeoutCancelled' }, (): TimeoutState => (state.status === 'none' ? state : { ...state, status: 'cancelled' }))
      .exhaustive(),
  decide: (command, state, { now }) =>
    match(command)
      .with({ kind: 'schedule' }, (c): E.Either<TimeoutError, TimeoutEvent[]> => {
        if (state.status === 'none') {
          return E.right([{ type: 'TimeoutScheduled', data: { timeoutId: c.timeoutId, kind: c.timeoutKind, due: new Date(c.due).toISOString(), payload: c.payload } }]);
        }
        // Scheduling the same thing again is a retry, not a conflict.
        const same = state.timeoutKind === c.timeoutKind && state.due === new Date(c.due).toISOString();
        return same ? E.right([]) : E.left({ _tag: 'TimeoutAlreadyScheduled', timeoutId: state.timeoutId, due: state.due, timeoutKind: state.timeoutKind });
      })
      .with({ kind: 'fire' }, (): E.Either<TimeoutError, TimeoutEvent[]> =>
        match(state)
          .with({ status: 'none' }, () => E.left<TimeoutError>({ _tag: 'TimeoutNotScheduled' }))
          .with({ status: 'fired' }, (s) => E.left<TimeoutError>({ _tag: 'TimeoutAlreadyFired', firedAt: s.firedAt ?? s.due }))
          .with({ status: 'cancelled' }, () => E.left<TimeoutError>({ _tag: 'TimeoutAlreadyCancelled' }))
          .with({ status: 'pending' }, (s) =>
            now.getTime() < Date.parse(s.due)
              ? E.left<TimeoutError>({ _tag: 'TimeoutNotDue', due: s.due })
              : E.right<TimeoutError, TimeoutEvent[]>([
                  { type: 'TimeoutFired', data: { timeoutId: s.timeoutId, kind: s.timeoutKind, due: s.due, payload: s.payload, firedAt: now.toISOString() } },
                ]),
          )
          .exhaustive(),
      )
      .with({ kind: 'cancel' }, (c): E.Either<TimeoutError, TimeoutEvent[]> =>
        match(state)
          .with({ status: 'none' }, () => E.left<TimeoutError>({ _tag: 'TimeoutNotScheduled' }))
          .with({ status: 'fired' }, (s) => E.left<TimeoutError>({ _tag: 'TimeoutAlreadyFired', firedAt: s.firedAt ?? s.due }))
          .with({ status: 'cancelled' }, () => E.right<TimeoutError, TimeoutEvent[]>([]))
          .with({ status: 'pending' }, (s) => E.right<TimeoutError, TimeoutEvent[]>([{ type: 'TimeoutCancelled', data: { timeoutId: s.timeoutId, reason: c.reason } }]))
          .exhaustive(),
      )
      .exhaustive(),
};
