import { commerceEventRegistry } from '@shopstream/commerce';
import { memoryEventStore, memoryReadStore, projectionRuntime } from '@shopstream/kernel';
import type { AnyProjection, Document, EventStore, NewEvent, ProjectionRuntime, ReadStore } from '@shopstream/kernel';

/** One append of a history: events for one stream, validated by the commerce registry like any real append. */
export interface HistoryStep {
  readonly stream: string;
  readonly events: readonly NewEvent[];
}

/** Every document of every collection of the projections, by `<projection>.<logical>`, sorted by `_id`. */
export type Dump = Readonly<Record<string, readonly Document[]>>;

export interface ReadModelHarness {
  readonly eventStore: EventStore;
  readonly readStore: ReadStore;
  readonly runtime: ProjectionRuntime;
  /** Appends a step and waits until every projection has handled it (read-your-writes). */
  append(step: HistoryStep): Promise<void>;
  dump(): Promise<Dump>;
  stop(): Promise<void>;
}

/** A started projection runtime over memory stores with the commerce registry, for projector tests. */
export const readModelHarness = async (projections: readonly AnyProjection[], options: { readonly eventStore?: EventStore } = {}): Promise<ReadModelHarness> => {
  const eventStore = options.eventStore ?? memoryEventStore({ registry: commerceEventRegistry() });
  const readStore = memoryReadStore();
  const runtime = projectionRuntime({ eventStore, readStore, projections });
  await runtime.start();
  return {
    eventStore,
    readStore,
    runtime,
    append: async (step) => {
      const result = await eventStore.append(step.stream, step.events);
      await runtime.waitFor(result.position);
    },
    dump: () => dumpOf(runtime, projections),
    stop: () => runtime.stop(),
  };
};

export const dumpOf = async (runtime: ProjectionRuntime, projections: readonly AnyProjection[]): Promise<Dump> => {
  const entries: [string, readonly Document[]][] = [];
  for (const projection of projections) {
    for (const logical of projection.logicalNames) {
      const documents = await runtime.collection(projection.name, logical).find({}, { sort: { _id: 1 } });
      entries.push([`${projection.name}.${logical}`, documents]);
    }
  }
  return Object.fromEntries(entries);
};

/**
 * The determinism every read model promises: the documents built incrementally, one append at a time while the
 * projectors run, equal the documents a rebuild from scratch gives after the whole history. Returns both dumps
 * so a property test can `expect(incremental).toEqual(rebuilt)`.
 */
export const incrementalAndRebuilt = async (
  projections: readonly AnyProjection[],
  history: readonly HistoryStep[],
): Promise<{ readonly incremental: Dump; readonly rebuilt: Dump }> => {
  const live = await readModelHarness(projections);
  for (const step of history) await live.append(step);
  const incremental = await live.dump();
  await live.stop();

  const scratch = projectionRuntime({ eventStore: live.eventStore, readStore: memoryReadStore(), projections });
  await scratch.start();
  await scratch.waitFor(await live.eventStore.headPosition());
  const rebuilt = await dumpOf(scratch, projections);
  await scratch.stop();
  return { incremental, rebuilt };
};
