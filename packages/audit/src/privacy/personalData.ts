import { idOf } from '@shopstream/kernel';
import type { EventStore } from '@shopstream/kernel';
import { Sealed } from '@shopstream/commerce';
import { personalDataVault } from '@shopstream/commerce/privacy';
import type { KeyStore } from '@shopstream/commerce/privacy';

/** What an auditor sees in place of a sealed value. */
export type PersonalDataView =
  /** Sealed, and left so: the key store was not opened. */
  | { readonly $sealed: { readonly subject: string; readonly keyId: string } }
  /** The subject was erased: the value can never be opened again. */
  | { readonly $erased: { readonly subject: string } }
  /** Opened with the shop's key store, at the auditor's explicit request. */
  | { readonly $opened: string; readonly subject: string }
  /** The key exists but the value fails authentication: it was changed after it was sealed. */
  | { readonly $corrupt: { readonly subject: string; readonly keyId: string } };

export interface PersonalDataOptions {
  /** Subjects known to be erased (from the log's `PersonalDataErased` events; see `erasedSubjectsOf`). */
  readonly erasedSubjects: ReadonlySet<string>;
  /** The shop's keys, to open sealed values; leave out to keep them sealed. */
  readonly keys?: KeyStore;
}

/** The subjects whose personal data the log records as erased. */
export const erasedSubjectsOf = async (store: EventStore, pageSize = 1000): Promise<Set<string>> => {
  const subjects = new Set<string>();
  for (let after = 0; ; ) {
    const page = await store.readAll({ after, maxCount: pageSize, filter: { eventTypes: ['PersonalDataErased'] }, raw: true });
    for (const event of page) subjects.add(idOf(event.stream));
    const last = page.at(-1);
    if (page.length < pageSize || last === undefined) return subjects;
    after = last.position;
  }
};

/**
 * Turns a state, an event payload or a read-model document into plain JSON for a report: Maps become objects
 * (or entry lists when keyed by other than strings), Sets lists, Dates ISO text, and every sealed envelope the
 * view the auditor is allowed.
 */
export const presenter = (options: PersonalDataOptions): ((value: unknown) => Promise<unknown>) => {
  const vault = options.keys ? personalDataVault(options.keys) : null;

  const sealedView = async (sealed: Sealed): Promise<PersonalDataView> => {
    const { subject, keyId } = sealed;
    // The log is the authority on erasure: a key store restored from a backup taken before (MongoDB keeps no
    // erasure log beside it) may hold the subject's keys again, and the audit does not open what the shop erased.
    if (options.erasedSubjects.has(subject)) return { $erased: { subject } };
    if (vault === null) return { $sealed: { subject, keyId } };
    try {
      const plaintext = await vault.open(sealed);
      return plaintext === null ? { $erased: { subject } } : { $opened: plaintext, subject };
    } catch {
      // A VaultError (the envelope fails authentication) or a data key that no longer unwraps.
      return { $corrupt: { subject, keyId } };
    }
  };

  const present = async (value: unknown): Promise<unknown> => {
    if (value === null || typeof value !== 'object') return value;
    if (value instanceof Date) return value.toISOString();
    if (Array.isArray(value) || value instanceof Set) return Promise.all([...(value as Iterable<unknown>)].map(present));
    if (value instanceof Map) {
      const entries = [...(value as Map<unknown, unknown>).entries()];
      const presented = await Promise.all(entries.map(async ([key, item]) => [await present(key), await present(item)] as const));
      return presented.every(([key]) => typeof key === 'string') ? Object.fromEntries(presented) : presented;
    }
    const sealed = Sealed.safeParse(value);
    if (sealed.success) return sealedView(sealed.data);
    const entries = await Promise.all(Object.entries(value).map(async ([key, item]) => [key, await present(item)] as const));
    return Object.fromEntries(entries);
  };
  return present;
};
