import { memoryEventStore, memoryReadStore, sequentialIds } from '@shopstream/kernel';
import type { ManualClock } from '@shopstream/kernel';
import { commerceEventRegistry, identity } from '@shopstream/commerce';
import type { KeyStore } from '@shopstream/commerce/privacy';
import { createShop } from '@shopstream/sdk';
import type { Shop, ShopSecrets } from '@shopstream/sdk';

export interface PinnedShopOptions {
  /** The clock the simulation moves through its days. */
  readonly clock: ManualClock;
  /** Where the keys that seal personal data go. Default in memory; a history copied to a file needs them kept. */
  readonly keyStore?: KeyStore;
}

/** The peppers of a pinned shop: a shop opened later on a copied history needs these to find its contacts. */
export const pinnedSecrets: ShopSecrets = { contactPepper: new Uint8Array(32).fill(1), codePepper: new Uint8Array(32).fill(2) };

/** setTimeout's longest delay: the scheduler's wall-clock polling, in effect off. */
const NEVER_MS = 2 ** 31 - 1;

/**
 * A memory shop pinned for simulation, not yet started: a manual clock, sequential ids, fixed peppers, and no
 * scheduler on the wall clock (the simulation and `settle` fire due timeouts on the simulated clock; polling on
 * the wall clock would fire them wherever a run happens to be). The same seed on it writes the same history,
 * sealed personal data, password salts and verification codes aside. Passwords get a cheap hash: simulated
 * passwords guard nothing.
 */
export const pinnedShop = (options: PinnedShopOptions): Promise<Shop> => {
  const { clock, keyStore } = options;
  const ids = sequentialIds();
  return createShop({
    // As the SDK's memory storage is; the same `ids` stamp events and everything else.
    storage: {
      kind: 'custom',
      eventStore: memoryEventStore({ registry: commerceEventRegistry(), now: () => clock.now(), newId: () => ids.next() }),
      readStore: memoryReadStore(),
    },
    clock,
    ids,
    secrets: pinnedSecrets,
    ...(keyStore === undefined ? {} : { keyStore }),
    passwordHasher: identity.scryptPasswordHasher({ ...identity.SCRYPT_DEFAULTS, N: 2 ** 4 }),
    schedulerPollIntervalMs: NEVER_MS,
  });
};
