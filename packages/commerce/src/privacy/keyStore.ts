import { randomBytes, randomUUID } from 'node:crypto';

/** One of a subject's data keys: 32 bytes for AES-256-GCM, named so that sealed values say which key sealed them. */
export interface DataKey {
  readonly keyId: string;
  readonly key: Uint8Array;
}

/**
 * Where each data subject's keys live, apart from the event log, so that deleting them erases the subject's
 * personal data everywhere it was copied (crypto-shredding). Deleting is final: a store remembers which
 * subjects it erased and refuses to create keys for them again, so that nothing new can be sealed for a
 * person who asked to be forgotten.
 */
export interface KeyStore {
  /** The key new values are sealed with, or null when the subject has none (never had one, or was erased). */
  current(subject: string): Promise<DataKey | null>;
  /** Makes a new key the subject's current one; older keys stay readable. Throws `KeyStoreError` for an erased subject. */
  create(subject: string): Promise<DataKey>;
  /** A key by id, or null when it does not exist (any more). */
  get(subject: string, keyId: string): Promise<DataKey | null>;
  /** Deletes every key of the subject. Idempotent. */
  delete(subject: string): Promise<void>;
}

export type KeyStoreErrorDetail = { readonly _tag: 'SubjectErased'; readonly subject: string };

/** Thrown by a KeyStore for a refused request; anything else thrown is a fault of its storage. */
export class KeyStoreError extends Error {
  override readonly name = 'KeyStoreError';
  constructor(readonly detail: KeyStoreErrorDetail) {
    super(`the data subject ${detail.subject} was erased; no key can be created for it`);
  }
}

export const isKeyStoreError = (error: unknown): error is KeyStoreError => error instanceof KeyStoreError;

/** A fresh random 256-bit key. */
export const newDataKey = (): DataKey => ({ keyId: randomUUID(), key: new Uint8Array(randomBytes(32)) });

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
