import { userStream } from '@shopstream/commerce/identity';
import type { Shop } from '@shopstream/sdk';
import type { Role } from '../routing/route.js';

/** What a session must follow of its account: whether it is still open, and the roles it holds. */
export interface Standing {
  readonly version: number;
  readonly open: boolean;
  readonly roles: readonly Role[];
}

/**
 * Where sessions learn that their account changed. `version` is cheap and read on every request; it changes
 * whenever anything about the account may have (closing, erasing, a role granted or revoked, however it was
 * done), and only then is `current` read.
 */
export interface AccountStanding {
  version(userId: string): Promise<number>;
  /** Reads the version before the rest, so that a change landing in between shows as a newer version next time. */
  current(userId: string): Promise<Standing>;
}

/**
 * A shop's accounts: the version is the revision of the user's stream, which every change of an account appends
 * to, whether it came over HTTP, from code calling the SDK, or from another process sharing the stores. The
 * embedded event store answers it from memory; a remote one with one read.
 */
export const shopStanding = (shop: Pick<Shop, 'eventStore' | 'identity'>): AccountStanding => {
  const version = (userId: string): Promise<number> => shop.eventStore.streamRevision(userStream(userId));
  return {
    version,
    current: async (userId) => {
      const at = await version(userId);
      // One read of the user's stream; no sealed personal data is opened for it.
      const { status, roles } = await shop.identity.standing(userId);
      return { version: at, open: status === 'active', roles };
    },
  };
};
