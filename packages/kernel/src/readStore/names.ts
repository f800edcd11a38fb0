import { ReadStoreError } from './readStore.js';

/**
 * The collection names every read store accepts (docs/read-store.md, Errors): what MongoDB accepts in any
 * database, less `system.` names, so a name that works on one store works on all of them.
 */
export const checkCollectionName = (name: unknown): string => {
  if (typeof name !== 'string' || name === '' || name.includes('$') || name.includes('\0') || name.startsWith('system.') || name.length > 120) {
    throw new ReadStoreError({ _tag: 'InvalidCollectionName', name: String(name) });
  }
  return name;
};
