import { MongoClient } from 'mongodb';
import type { MongoClientOptions } from 'mongodb';
import { setupError } from './setup.js';

/** Where the store connects: a connection string (the store owns and closes its client), or a client you own. */
export type MongoConnection =
  | { readonly uri: string; readonly clientOptions?: MongoClientOptions; readonly client?: undefined }
  | { readonly client: MongoClient; readonly uri?: undefined; readonly clientOptions?: undefined };

export interface Connected {
  readonly client: MongoClient;
  /** Closes the client when the store made it; a client passed in is left to its owner. */
  readonly release: () => Promise<void>;
}

export const connect = async (connection: MongoConnection): Promise<Connected> => {
  if (connection.client !== undefined) {
    if (!(connection.client instanceof MongoClient)) throw setupError({ _tag: 'InvalidOption', option: 'client', reason: 'must be a MongoClient of the mongodb driver' });
    return { client: connection.client, release: async () => undefined };
  }
  if (typeof connection.uri !== 'string' || !/^mongodb(\+srv)?:\/\//.test(connection.uri)) {
    throw setupError({ _tag: 'InvalidOption', option: 'uri', reason: 'needs a mongodb:// or mongodb+srv:// connection string (or pass client)' });
  }
  // ignoreUndefined: a property holding undefined is left out, as the port's value rule says.
  const client = new MongoClient(connection.uri, { ignoreUndefined: true, ...connection.clientOptions });
  await client.connect();
  return { client, release: () => client.close() };
};
