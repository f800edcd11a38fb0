import { idOf } from '@shopstream/kernel';
import type { EventStore } from '@shopstream/kernel';
import type { KeyStore } from '@shopstream/commerce/privacy';
import type { PersistentKeyStore } from '../keys/index.js';

/**
 * The event log is the authority on erasure, and a key can outlive its subject's `PersonalDataErased`: the process
 * stopped between recording the erasure and deleting the key, or a backup of the key store was restored. So at every
 * start the shop deletes again the keys of every subject the log says was erased: in one pass when the store can
 * (the embedded store touches only subjects whose keys came back), otherwise with one idempotent delete each.
 */
export const reapplyErasures = async (eventStore: EventStore, keys: KeyStore & Partial<Pick<PersistentKeyStore, 'reapplyErasures'>>): Promise<void> => {
  const erased = new Set((await eventStore.readAll({ filter: { eventTypes: ['PersonalDataErased'] } })).map((event) => idOf(event.stream)));
  if (erased.size === 0) return;
  if (keys.reapplyErasures) {
    await keys.reapplyErasures(erased);
    return;
  }
  for (const subject of erased) await keys.delete(subject);
};
