import { memoryReadStore, projectionRuntime } from '@shopstream/kernel';
import type { AnyProjection, Document, EventStore, ReadModelCollection } from '@shopstream/kernel';
import { readModelProjections } from '@shopstream/read-models';
import { AuditError } from '../errors.js';
import { checkPoint } from '../replay/point.js';
import type { PointInTime } from '../replay/point.js';
import { positionAt } from './positionAt.js';
import { logUpTo } from './logUpTo.js';

export interface ReadModelsAtOptions {
  /** A log position, an instant, or the end (default). */
  readonly at?: PointInTime;
  /** Default: the shop's read models (`readModelProjections`). */
  readonly projections?: readonly AnyProjection[];
  /** Build only these projections (by name); default all. Building fewer is faster. */
  readonly only?: readonly string[];
  /** How long the build may take. Default 10 minutes. */
  readonly timeoutMs?: number;
}

/** Read models rebuilt in memory over a prefix of the log; query them, then `close`. */
export interface ReadModelsAt {
  /** The last log position they include (0: none). */
  readonly position: number;
  /** Every `projection/collection` that can be queried. */
  readonly collections: readonly string[];
  collection<T extends Document = Document>(projection: string, collection: string): ReadModelCollection<T>;
  close(): Promise<void>;
}

/**
 * The read models as they stood at a past point: the shop's own projections, run by the kernel's projection
 * runtime over the log up to that point into a memory read store. Nothing is written to the shop's stores.
 */
export const readModelsAt = async (store: EventStore, options: ReadModelsAtOptions = {}): Promise<ReadModelsAt> => {
  const at = checkPoint(options.at ?? { kind: 'end' });
  const all = options.projections ?? readModelProjections;
  const known = all.flatMap((p) => p.logicalNames.map((name) => `${p.name}/${name}`));
  const only = options.only;
  for (const name of only ?? []) {
    if (!all.some((p) => p.name === name)) throw new AuditError({ _tag: 'UnknownReadModel', projection: name, collection: null, known });
  }
  const projections = only ? all.filter((p) => only.includes(p.name)) : all;
  const position = await positionAt(store, at);
  const readStore = memoryReadStore();
  const runtime = projectionRuntime({ eventStore: logUpTo(store, position), readStore, projections, catchUpBatchSize: 4096 });
  await runtime.start();
  try {
    await runtime.waitFor(position, { timeoutMs: options.timeoutMs ?? 600_000 });
  } catch (error) {
    await runtime.stop();
    throw error;
  }
  const collections = projections.flatMap((p) => p.logicalNames.map((name) => `${p.name}/${name}`));
  return {
    position,
    collections,
    collection: <T extends Document = Document>(projection: string, collection: string) => {
      if (!collections.includes(`${projection}/${collection}`)) throw new AuditError({ _tag: 'UnknownReadModel', projection, collection, known: collections });
      return runtime.collection<T>(projection, collection);
    },
    close: async () => {
      await runtime.stop();
      await readStore.close();
    },
  };
};
