import type { Collection, Document, ReadStore } from '../readStore/readStore.js';

/** The read side of a projection's collection: what queries may do. Writes belong to the projection alone. */
export type ReadModelCollection<T extends Document = Document> = Pick<Collection<T>, 'get' | 'find' | 'findOne' | 'findPage' | 'count' | 'aggregate'>;

/**
 * A read-only collection that looks up the physical collection on every call, so each query reads one whole
 * build: the old one until a rebuild is swapped in, the new one from then on, never a half-built one.
 */
export const readModelCollection = <T extends Document>(readStore: ReadStore, resolve: () => string | Promise<string>): ReadModelCollection<T> => {
  const current = async (): Promise<Collection<T>> => readStore.collection<T>(await resolve());
  return {
    get: async (id) => (await current()).get(id),
    find: async (filter, options) => (await current()).find(filter, options),
    findOne: async (filter, options) => (await current()).findOne(filter, options),
    findPage: async (filter, options) => (await current()).findPage(filter, options),
    count: async (filter) => (await current()).count(filter),
    aggregate: async <R = Document>(pipeline: Parameters<Collection<T>['aggregate']>[0]) => (await current()).aggregate<R>(pipeline),
  };
};
