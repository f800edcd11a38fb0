/** What an audit refuses, as a value a caller can match on; anything else thrown is a fault of the store read. */
export type AuditErrorDetail =
  | { readonly _tag: 'DataDirNotFound'; readonly path: string }
  | { readonly _tag: 'EventStoreNotFound'; readonly path: string }
  | { readonly _tag: 'UnreadableEventStore'; readonly path: string; readonly reason: string }
  /** Where the events are on a server was given wrongly (a connection string the client cannot parse, a bad namespace). */
  | { readonly _tag: 'InvalidEventStoreOption'; readonly option: string; readonly reason: string }
  /** The event store's server refused the auditor's account: wrong credentials, or no read right on `$all` or a stream. */
  | { readonly _tag: 'EventStoreAccessDenied'; readonly store: string; readonly reason: string }
  | { readonly _tag: 'ReadOnly'; readonly operation: string }
  | { readonly _tag: 'InvalidArgument'; readonly argument: string; readonly reason: string }
  | { readonly _tag: 'StreamNotFound'; readonly stream: string }
  | { readonly _tag: 'UnknownAggregate'; readonly stream: string; readonly category: string; readonly known: readonly string[] }
  | { readonly _tag: 'EvolveFailed'; readonly stream: string; readonly revision: number; readonly type: string; readonly reason: string }
  | { readonly _tag: 'UnknownReadModel'; readonly projection: string; readonly collection: string | null; readonly known: readonly string[] }
  | { readonly _tag: 'KeyStoreNotFound'; readonly path: string }
  /** Where the key store is was given wrongly (a connection string or name the store refuses before connecting). */
  | { readonly _tag: 'InvalidKeyStoreOption'; readonly option: string; readonly reason: string }
  /** The key store's server refused the auditor's account: wrong credentials, or no `find` on its collections. */
  | { readonly _tag: 'KeyStoreAccessDenied'; readonly store: string; readonly reason: string }
  | { readonly _tag: 'MasterKeyUnavailable'; readonly reason: string }
  | { readonly _tag: 'WrongMasterKey'; readonly path: string }
  | { readonly _tag: 'DataKeyCorrupt'; readonly subject: string; readonly keyId: string };

export type AuditErrorTag = AuditErrorDetail['_tag'];

const describe = (detail: AuditErrorDetail): string => {
  switch (detail._tag) {
    case 'DataDirNotFound':
      return `no shop data folder at ${detail.path}`;
    case 'EventStoreNotFound':
      return `no event store at ${detail.path}`;
    case 'UnreadableEventStore':
      return detail.reason;
    case 'InvalidEventStoreOption':
      return `the event store's ${detail.option} is invalid: ${detail.reason}`;
    case 'EventStoreAccessDenied':
      return `the event store ${detail.store} refused access: ${detail.reason}`;
    case 'ReadOnly':
      return `the audit opens the log read-only; ${detail.operation} is refused`;
    case 'InvalidArgument':
      return `${detail.argument}: ${detail.reason}`;
    case 'StreamNotFound':
      return `the stream ${detail.stream} has no events`;
    case 'UnknownAggregate':
      return `no aggregate is kept in ${detail.category} streams such as ${detail.stream}; known: ${detail.known.join(', ')}`;
    case 'EvolveFailed':
      return `${detail.stream}@${detail.revision} (${detail.type}) cannot be folded: ${detail.reason}`;
    case 'UnknownReadModel':
      return `no read model ${detail.collection === null ? detail.projection : `${detail.projection}/${detail.collection}`}; known: ${detail.known.join(', ')}`;
    case 'KeyStoreNotFound':
      return `no key store at ${detail.path}`;
    case 'InvalidKeyStoreOption':
      return `the key store's ${detail.option} is invalid: ${detail.reason}`;
    case 'KeyStoreAccessDenied':
      return `the key store ${detail.store} refused access: ${detail.reason}`;
    case 'MasterKeyUnavailable':
      return `the master key cannot be read: ${detail.reason}`;
    case 'WrongMasterKey':
      return `the master key given does not open the key store at ${detail.path}`;
    case 'DataKeyCorrupt':
      return `the stored data key ${detail.keyId} of ${detail.subject} fails authentication under the master key`;
  }
};

export class AuditError extends Error {
  override readonly name = 'AuditError';
  constructor(readonly detail: AuditErrorDetail) {
    super(describe(detail));
  }
}

export const isAuditError = (error: unknown): error is AuditError => error instanceof AuditError;
