import { AccessDeniedError, EventStoreDBClient, UnavailableError } from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import { connectionStringProblem, isAccessDenied } from './errors.js';
import { eventStoreDbEventStore } from './eventStoreDbEventStore.js';
import { eventStoreDbReader } from './eventStoreDbReader.js';
import { serverModel } from './testing/serverModel.js';

describe('eventStoreDbReader over a model of the server', () => {
  it("reads what the store appended, as the store reads it, and cannot append", async () => {
    const model = serverModel();
    const store = eventStoreDbEventStore({ client: model.client, namespace: 'shop' });
    await store.append('cart-1', [{ type: 'ItemAdded', data: { n: 1 } }]);
    await store.append('cart-2', [{ type: 'ItemAdded', data: { n: 2 } }, { type: 'ItemRemoved', data: { n: 2 } }]);
    const reader = eventStoreDbReader({ client: model.client, namespace: 'shop' });
    expect('append' in reader).toBe(false);
    expect(await reader.readAll()).toEqual(await store.readAll());
    expect(await reader.readStream('cart-2', { fromRevision: 1 })).toEqual(await store.readStream('cart-2', { fromRevision: 1 }));
    expect([await reader.streamRevision('cart-2'), await reader.headPosition()]).toEqual([1, await store.headPosition()]);
    // Another namespace's streams are not this reader's.
    expect(await eventStoreDbReader({ client: model.client, namespace: 'other' }).readAll()).toEqual([]);
    await reader.close();
    // A client given is the caller's: closing the reader leaves it open for the store.
    expect(await store.readStream('cart-1')).toHaveLength(1);
    await store.close();
  });
});

describe('the client errors a reader tells apart', () => {
  it('says what is wrong with a connection string without repeating it', () => {
    let thrown: unknown;
    try {
      EventStoreDBClient.connectionString('esdb://auditor:secret@esdb.example:2113?tls=maybe');
    } catch (error) {
      thrown = error;
    }
    expect(connectionStringProblem(thrown)).toBe('expected true or false at character 45');
    expect(connectionStringProblem(new Error('expected nothing'))).toBeNull();
  });

  it('knows an account the server refuses from a server that is away', () => {
    expect([isAccessDenied(new AccessDeniedError()), isAccessDenied(new UnavailableError()), isAccessDenied('access-denied')]).toEqual([true, false, false]);
  });
});
