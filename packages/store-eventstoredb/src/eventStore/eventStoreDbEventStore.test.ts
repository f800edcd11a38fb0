import { EventStoreError } from '@shopstream/kernel';
import type { EventStore, EventStoreErrorTag } from '@shopstream/kernel';
import { contractRegistry } from '@shopstream/kernel/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { CLAIM_CATEGORY } from './streamNames.js';
import { eventStoreDbEventStore } from './eventStoreDbEventStore.js';

// No server listens here: whatever these tests check must be settled before the store talks to one. A store that
// did go to the server would fail with the client's UnavailableError, not the typed refusal expected.
const nowhere = 'esdb://127.0.0.1:1?tls=false&defaultDeadline=3000';

const refusal = async (promise: Promise<unknown>, tag: EventStoreErrorTag): Promise<EventStoreError> => {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(EventStoreError);
  expect((error as EventStoreError).detail._tag).toBe(tag);
  return error as EventStoreError;
};

describe('eventStoreDbEventStore, before it reaches the server', () => {
  const stores: EventStore[] = [];
  const make = (namespace?: string) => {
    const store = eventStoreDbEventStore({ connectionString: nowhere, registry: contractRegistry(), ...(namespace ? { namespace } : {}) });
    stores.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });

  it('refuses bad appends with the kernel rules, as typed errors', async () => {
    const store = make('t1');
    await refusal(store.append('', [{ type: 'A', data: {} }]), 'InvalidStreamName');
    await refusal(store.append('$all', [{ type: 'A', data: {} }]), 'InvalidStreamName');
    await refusal(store.append('cart-1', []), 'EmptyAppend');
    await refusal(store.append('cart-1', [{ type: 'A', data: {} }], { expectedRevision: -2 }), 'InvalidReadOptions');
    const invalid = await refusal(store.append('cart-1', [{ type: 'ItemAdded', data: { sku: 'a', quantity: 0 } }]), 'InvalidEvent');
    expect(invalid.detail).toMatchObject({ index: 0, type: 'ItemAdded' });
    await refusal(store.append('cart-1', [{ type: 'T', data: { n: 1n } }]), 'InvalidEvent');
  });

  it("refuses what only this store keeps for itself: the claims' category and the server's $ event types", async () => {
    const store = make();
    await refusal(store.append(`${CLAIM_CATEGORY}-1`, [{ type: 'A', data: {} }]), 'InvalidStreamName');
    await refusal(store.readStream(`${CLAIM_CATEGORY}-1`), 'InvalidStreamName');
    const reserved = eventStoreDbEventStore({ connectionString: nowhere });
    stores.push(reserved);
    const error = await refusal(reserved.append('cart-1', [{ type: 'A', data: {} }, { type: '$metadata', data: {} }]), 'InvalidEvent');
    expect(error.detail).toMatchObject({ index: 1, type: '$metadata' });
  });

  it('refuses read options that make no sense', async () => {
    const store = make();
    await refusal(store.readStream('cart-1', { maxCount: -1 }), 'InvalidReadOptions');
    await refusal(store.readStream('cart-1', { fromRevision: 1.5 }), 'InvalidReadOptions');
    await refusal(store.readAll({ after: -1 }), 'InvalidReadOptions');
    await refusal(store.readAll({ after: 2 ** 60 }), 'InvalidReadOptions');
  });

  it('answers reads that can hold nothing without asking the server', async () => {
    const store = make();
    expect(await store.readStream('cart-1', { maxCount: 0 })).toEqual([]);
    expect(await store.readAll({ maxCount: 0 })).toEqual([]);
    expect(await store.readAll({ filter: { eventTypes: [] } })).toEqual([]);
    expect(await store.readAll({ filter: { streamCategories: [] } })).toEqual([]);
  });

  it('refuses to work once closed, and closing twice is harmless', async () => {
    const store = make();
    await store.close();
    await store.close();
    await refusal(store.append('cart-1', [{ type: 'A', data: {} }]), 'StoreClosed');
    await refusal(store.readAll(), 'StoreClosed');
    await refusal(store.readStream('cart-1'), 'StoreClosed');
    await refusal(store.headPosition(), 'StoreClosed');
    await refusal(store.streamRevision('cart-1'), 'StoreClosed');
    expect(() => store.subscribe()).toThrow(EventStoreError);
  });

  it('refuses options it cannot work with', () => {
    expect(() => eventStoreDbEventStore({ connectionString: nowhere, namespace: 'a-b' })).toThrow(TypeError);
    expect(() => eventStoreDbEventStore({ connectionString: nowhere, maxAppendAttempts: 0 })).toThrow(TypeError);
    expect(() => eventStoreDbEventStore({ connectionString: 'http://not-esdb' })).toThrow();
  });
});
