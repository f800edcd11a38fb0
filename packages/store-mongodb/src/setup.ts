/** Why a MongoDB store could not be set up: a configuration the store cannot honour, found before any use. */
export type MongoStoreSetupDetail =
  | { readonly _tag: 'InvalidOption'; readonly option: string; readonly reason: string }
  /** Transactions need a replica set (or a sharded cluster); a standalone server has none. */
  | { readonly _tag: 'NotAReplicaSet'; readonly database: string };

export class MongoStoreSetupError extends Error {
  override readonly name = 'MongoStoreSetupError';
  constructor(readonly detail: MongoStoreSetupDetail) {
    super(
      detail._tag === 'NotAReplicaSet'
        ? `NotAReplicaSet: the MongoDB server of database ${detail.database} is a standalone server; the read store needs transactions, which need a replica set (start mongod with --replSet and run rs.initiate() once)`
        : `InvalidOption: ${detail.option}: ${detail.reason}`,
    );
  }
}

export const setupError = (detail: MongoStoreSetupDetail): MongoStoreSetupError => new MongoStoreSetupError(detail);

export const isMongoStoreSetupError = (error: unknown, tag?: MongoStoreSetupDetail['_tag']): error is MongoStoreSetupError =>
  error instanceof MongoStoreSetupError && (tag === undefined || error.detail._tag === tag);
