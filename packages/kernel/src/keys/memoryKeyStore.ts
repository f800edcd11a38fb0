import { KeyStoreError, newDataKey } from './keyStore.js';
import type { DataKey, KeyStore } from './keyStore.js';

/** Keys in process memory: for tests, examples and the sandbox. Everything is lost when the process ends. */
export const memoryKeyStore = (): KeyStore => {
  const keys = new Map<string, DataKey[]>();
  const erasedSubjects = new Set<string>();
  return {
    current: async (subject) => keys.get(subject)?.at(-1) ?? null,
    create: async (subject) => {
      if (erasedSubjects.has(subject)) throw new KeyStoreError({ _tag: 'SubjectErased', subject });
      const key = newDataKey();
      keys.set(subject, [...(keys.get(subject) ?? []), key]);
      return key;
    },
    get: async (subject, keyId) => keys.get(subject)?.find((k) => k.keyId === keyId) ?? null,
    delete: async (subject) => {
      const held = keys.get(subject) ?? [];
      // Overwrite the bytes too, so a copy still referenced elsewhere in the process holds nothing usable.
      for (const k of held) k.key.fill(0);
      keys.delete(subject);
      erasedSubjects.add(subject);
    },
  };
};
