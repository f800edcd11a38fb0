/**
 * Why a persistent key store cannot be opened or read safely. `path` names the store: a file's path, or for a
 * store in a database where it lives there (`mongodb:<database>/<collection>`). The file tags are the embedded
 * store's; the others any persistent store can give.
 */
export type PersistentKeyStoreErrorDetail =
  | { readonly _tag: 'InvalidMasterKey'; readonly reason: string }
  | { readonly _tag: 'WrongMasterKey'; readonly path: string }
  | { readonly _tag: 'MasterKeyFileNotFound'; readonly path: string }
  | { readonly _tag: 'KeyStoreNotFound'; readonly path: string }
  | { readonly _tag: 'InsecureMasterKeyFile'; readonly path: string; readonly mode: string }
  | { readonly _tag: 'WrappedKeyCorrupt'; readonly subject: string; readonly keyId: string };

const message = (detail: PersistentKeyStoreErrorDetail): string => {
  switch (detail._tag) {
    case 'InvalidMasterKey':
      return `the key store's master key is invalid: ${detail.reason}`;
    case 'WrongMasterKey':
      return `the master key given does not open the key store ${detail.path} (it was created with another master key)`;
    case 'MasterKeyFileNotFound':
      return `no master key file at ${detail.path}`;
    case 'KeyStoreNotFound':
      return `no key store at ${detail.path}`;
    case 'InsecureMasterKeyFile':
      return `the master key file ${detail.path} is readable by others (mode ${detail.mode}); make it 0600`;
    case 'WrappedKeyCorrupt':
      return `the stored data key ${detail.keyId} of ${detail.subject} fails authentication under the master key`;
  }
};

/** A key store that cannot be opened or read safely: always a fault of configuration or storage, never a user's doing. */
export class PersistentKeyStoreError extends Error {
  override readonly name = 'PersistentKeyStoreError';
  constructor(readonly detail: PersistentKeyStoreErrorDetail) {
    super(message(detail));
  }
}

export const isPersistentKeyStoreError = <Tag extends PersistentKeyStoreErrorDetail['_tag']>(
  error: unknown,
  tag?: Tag,
): error is PersistentKeyStoreError & { readonly detail: Extract<PersistentKeyStoreErrorDetail, { _tag: Tag }> } =>
  error instanceof PersistentKeyStoreError && (tag === undefined || error.detail._tag === tag);
