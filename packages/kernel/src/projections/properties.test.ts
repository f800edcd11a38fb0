import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoryEventStore } from '../eventStore/memoryEventStore.js';
import type { EventStore } from '../eventStore/eventStore.js';
import { memoryReadStore } from '../readStore/memoryReadStore.js';
import type { Collection, Document, ReadStore, ReadStoreSession } from '../readStore/readStore.js';
import type { CheckpointDocument } from './checkpoint.js';
import { CHECKPOINTS } from './checkpoint.js';
import { isProjectionError } from './errors.js';
import { appendSteps, cartProjection, checkoutsPerDay, dump, stepArbitrary } from './fixtures.js';
import { projectionRuntime } from './runtime.js';

const step = stepArbitrary({ carts: 4, customers: 3, skus: 3, maxQuantity: 5, maxUnitPrice: 10_000 });

/** How one run of the runtime ends: caught up, stopped early, or hit by a fault at its n-th write. */
const incarnation = fc.record({
  steps: fc.array(step, { maxLength: 12 }),
  end: fc.oneof(fc.constant({ kind: 'caughtUp' as const }), fc.constant({ kind: 'stoppedEarly' as const }), fc.record({ kind: fc.constant('fault' as const), atWrite: fc.integer({ min: 1, max: 25 }) })),
});

class InjectedFault extends Error {
  override readonly name = 'InjectedFault';
}

/**
 * The read store with one fault: the n-th write inside a transaction is made and then throws, as if the process
 * died mid-batch. The transaction rolls back, which is all a real crash leaves behind too.
 */
const faultyReadStore = (inner: ReadStore, atWrite: number): ReadStore => {
  let writes = 0;
  const afterWrite = () => {
    writes += 1;
    if (writes === atWrite) throw new InjectedFault(`fault at write ${atWrite}`);
  };
  const wrap = <T extends Document>(collection: Collection<T>): Collection<T> => ({
    ...collection,
    name: collection.name,
    get: (id) => collection.get(id),
    find: (filter, options) => collection.find(filter, options),
    findOne: (filter, options) => collection.findOne(filter, options),
    replaceOne: async (document, options) => {
      const result = await collection.replaceOne(document, options);
      afterWrite();
      return result;
    },
    updateOne: async (filter, update, options) => {
      const result = await collection.updateOne(filter, update, options);
      afterWrite();
      return result;
    },
  });
  const session = (inner: ReadStoreSession): ReadStoreSession => ({ collection: (name) => wrap(inner.collection(name)) });
  return {
    ...inner,
    collection: (name) => inner.collection(name),
    transaction: (work) => inner.transaction((s) => work(session(s))),
    listCollections: () => inner.listCollections(),
    dropCollection: (name) => inner.dropCollection(name),
    close: () => inner.close(),
  };
};

const projections = () => [cartProjection(), checkoutsPerDay()];

const cleanBuild = async (eventStore: EventStore) => {
  const runtime = projectionRuntime({ eventStore, readStore: memoryReadStore(), projections: projections() });
  await runtime.start();
  await runtime.waitFor(await eventStore.headPosition());
  const models = [await dump(runtime, cartProjection()), await dump(runtime, checkoutsPerDay())];
  await runtime.stop();
  return models;
};

describe('projection runtime properties', () => {
  it('incremental runs in any batch and catch-up batch size, with restarts and faults at any write, end as a clean rebuild does', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(incarnation, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 20 }), async (incarnations, batchSize, catchUpBatchSize) => {
        const eventStore = memoryEventStore();
        const readStore = memoryReadStore();
        let minutes = 0;
        for (const { steps, end } of incarnations) {
          await appendSteps(eventStore, steps, Date.parse('2026-03-01T08:00:00.000Z') + minutes * 60_000);
          minutes += steps.length * 7;
          const store = end.kind === 'fault' ? faultyReadStore(readStore, end.atWrite) : readStore;
          const runtime = projectionRuntime({ eventStore, readStore: store, projections: projections(), batchSize, catchUpBatchSize });
          await runtime.start();
          if (end.kind !== 'stoppedEarly') {
            await runtime.waitFor(await eventStore.headPosition()).catch((error: unknown) => {
              if (!(end.kind === 'fault' && isProjectionError(error, 'ProjectionFailed'))) throw error;
            });
          }
          await runtime.stop();
        }

        const last = projectionRuntime({ eventStore, readStore, projections: projections(), batchSize, catchUpBatchSize });
        await last.start();
        const head = await eventStore.headPosition();
        await last.waitFor(head);
        expect([await dump(last, cartProjection()), await dump(last, checkoutsPerDay())]).toEqual(await cleanBuild(eventStore));
        // Progress over events a projection does not handle is stored when it idles or stops.
        await last.stop();
        for (const name of ['carts', 'checkouts-per-day']) {
          expect(await readStore.collection<CheckpointDocument>(CHECKPOINTS).get(name)).toMatchObject({ status: 'active', failure: null, live: { position: head } });
        }
      }),
      { numRuns: 30 },
    );
  });
});
