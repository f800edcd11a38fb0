import * as E from 'fp-ts/lib/Either.js';
import { match } from 'ts-pattern';
import type { Decider } from '@shopstream/kernel';
import type { ContactKind } from '../privacy/contactHasher.js';
import type { ContactClaimCommand } from './commands.js';
import type { ContactClaimError } from './errors.js';
import type { ContactClaimEvent } from './events.js';

/** Who holds an email or phone. One stream per contact hash: the store's optimistic concurrency makes a claim atomic. */
export interface ContactClaimState {
  readonly holder: string | null;
  readonly kind: ContactKind | null;
  readonly claimedAt: string | null;
}

export const initialContactClaimState = (): ContactClaimState => ({ holder: null, kind: null, claimedAt: null });

export const evolveContactClaim = (state: ContactClaimState, event: ContactClaimEvent): ContactClaimState =>
  match(event)
    .with({ type: 'ContactClaimed' }, ({ data }) => ({ holder: data.userId, kind: data.kind, claimedAt: data.at }))
    .with({ type: 'ContactReleased' }, ({ data }) => (state.holder === data.userId ? { ...state, holder: null, claimedAt: null } : state))
    .exhaustive();

export type ContactClaimDecider = Decider<ContactClaimState, ContactClaimCommand, ContactClaimEvent, ContactClaimError>;

export const contactClaimDecider: ContactClaimDecider = {
  initialState: initialContactClaimState,
  evolve: evolveContactClaim,
  decide: (command, state, { now }) =>
    match(command)
      .with({ type: 'ClaimContact' }, ({ data }) => {
        // Claiming again for the same user is a retry, not a conflict.
        if (state.holder === data.userId) return E.right([]);
        if (state.holder !== null) return E.left({ _tag: 'ContactTaken' as const, kind: data.kind, heldBy: state.holder });
        return E.right([{ type: 'ContactClaimed' as const, data: { ...data, at: now.toISOString() } }]);
      })
      .with({ type: 'ReleaseContact' }, ({ data }) => {
        // Nobody holds it: a retried release, nothing to record.
        if (state.holder === null) return E.right([]);
        if (state.holder !== data.userId) return E.left({ _tag: 'ContactNotHeld' as const, userId: data.userId, heldBy: state.holder });
        return E.right([{ type: 'ContactReleased' as const, data: { ...data, at: now.toISOString() } }]);
      })
      .exhaustive(),
};
