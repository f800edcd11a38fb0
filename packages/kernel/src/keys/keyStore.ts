import { randomBytes, randomUUID } from 'node:crypto';

/** One of a subject's data keys: 32 bytes for AES-256-GCM, named so that sealed values say which key sealed them. */
export interface DataKey {
  readonly keyId: string;
  readonly key: Uint8Array;
}

/** How many bytes every data key has. */
export const DATA_KEY_BYTES = 32;

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

/**
 * A persistent key store opened only to read, for tools that must leave a shop's keys as they are (an audit): opening
 * one writes nothing (no table, index or check value is made, no erasure re-applied), so a read-only account of the
 * storage suffices. It answers reads exactly as the key store on the same storage does: null for a subject it never
 * saw and for an erased one alike, which `erasedSubjects` tells apart. Opening refuses a storage holding no key store
 * (`KeyStoreNotFound`) and another master key (`WrongMasterKey`), as `PersistentKeyStoreError`s.
 */
export interface KeyReader {
  current(subject: string): Promise<DataKey | null>;
  get(subject: string, keyId: string): Promise<DataKey | null>;
  /** Every subject the store has erased, in erasure order. */
  erasedSubjects(): Promise<readonly string[]>;
  close(): Promise<void>;
}

/**
 * A KeyStore that survives restarts, and can be told of erasures it may have missed (a restored backup). Every one is
 * also a `KeyReader` of its own storage.
 */
export interface PersistentKeyStore extends KeyStore, KeyReader {
  /**
   * Erases these subjects' keys if the store still holds any, and records them as erased. The event log is the
   * authority on who was erased: after restoring a backup, call this with every subject of the log's erasure
   * events. Returns how many subjects still had keys.
   */
  reapplyErasures(subjects: Iterable<string>): Promise<number>;
  /** Every subject this store has erased, in erasure order. */
  erasedSubjects(): Promise<readonly string[]>;
  close(): Promise<void>;
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
export const newDataKey = (): DataKey => ({ keyId: randomUUID(), key: new Uint8Array(randomBytes(DATA_KEY_BYTES)) });
