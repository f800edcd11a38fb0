import { randomUUID } from 'node:crypto';
import { makeCollection } from './collection.js';
import type { Access } from './collection.js';
import { applyChanges, committedView, loadCollections } from './engine.js';
import { Workspace } from './workspace.js';
import type { CollectionChanges, CollectionState, DocumentsFactory, LoadedCollection, ReadStoreChanges, TextLength } from './engine.js';
import { DocumentCache, objectDocuments, storedDocuments } from './documents.js';
import { ReadStoreError } from './readStore.js';
import { checkCollectionName } from './names.js';
import type { Collection, Document, ReadStore, ReadStoreSession } from './readStore.js';

/** One collection as persistence hands it back when a store opens: its documents as objects or as JSON text. */
export type StoredCollection = LoadedCollection;

export interface MemoryReadStoreOptions {
  /** The state to start from, e.g. everything a persistent store has on disk. */
  readonly initial?: readonly StoredCollection[];
  /**
   * Called with every commit before it becomes visible, one at a time. Persistence writes the changes in one
   * durable transaction here; if it throws, the commit is abandoned and the error reaches the writer. When it
   * returns no promise, the commit becomes visible in the same synchronous step (`stored` relies on that).
   */
  readonly persist?: (changes: ReadStoreChanges) => void | Promise<void>;
  readonly onClose?: () => void | Promise<void>;
  /** `_id`s for documents an upsert creates without one; random UUIDs by default. */
  readonly newId?: () => string;
  /**
   * Persistence keeps the documents: the store holds their `_id`s, its indexes and a cache of parsed, frozen
   * documents of at most `cacheBytes` characters of JSON, and reads any other document's JSON back with `read`
   * (synchronously: reads never wait), instead of holding every document as a frozen object graph (a parsed
   * document costs about 1.7 bytes of heap per character of its JSON, and every one would stay live). `persist` then gets each put document's JSON from the changes' `text`, and must be
   * synchronous, so that `read` always answers what the store has committed. Without it the store keeps objects.
   */
  readonly stored?: { readonly cacheBytes: number; readonly read: (collection: string, id: string) => string | undefined };
}

const invalid = (reason: string): never => {
  throw new ReadStoreError({ _tag: 'InvalidQuery', reason });
};


/** Numbers the stores of this process, so that each names its transactions' frame differently. */
let storesMade = 0;

/**
 * Whether the code running now is (awaited by) the work of the transaction whose frame is named `frame`: V8's
 * stack traces follow the chain of `await`s up through the async functions waiting on the current one, and the
 * store runs every transaction's work inside an async function of that name. Read only when a store-level unit
 * arrives while a transaction runs, which is rare, so nothing is paid per promise (an AsyncLocalStorage made Node
 * 20 run promise hooks on every promise of the process: about 8% of a rebuild's CPU). A chain that is not all
 * `await`s (a callback that resolves a promise by hand) is not seen, and such a write waits for the transaction.
 */
const awaitedBy = (frame: string): boolean => {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = Number.POSITIVE_INFINITY;
  try {
    return new Error().stack?.includes(`${frame} (`) ?? false;
  } finally {
    Error.stackTraceLimit = limit;
  }
};

/**
 * The changes as handed to persistence that keeps the documents: each put document serialised when persistence
 * asks for its text (`CollectionChanges.text`), and the text's length noted for the cache. A text persistence
 * did not ask for is made when the commit needs its length.
 */
const serialising = (changes: ReadStoreChanges): { changes: ReadStoreChanges; textLength: TextLength } => {
  const lengths = new Map<CollectionChanges, number[]>();
  const collections = changes.collections.map((change) => {
    const noted: number[] = [];
    const text = (i: number): string => {
      const json = JSON.stringify(change.put[i]);
      noted[i] = json.length;
      return json;
    };
    const serialised: CollectionChanges = { ...change, text };
    lengths.set(serialised, noted);
    return serialised;
  });
  const textLength: TextLength = (change, i) => lengths.get(change)?.[i] ?? JSON.stringify(change.put[i]).length;
  return { changes: { ...changes, collections }, textLength };
};

/**
 * The in-process read store: MongoDB semantics on the portable subset, declared indexes answering equality,
 * `$in` and range filters, and transactions. Writes are serialised (one unit of work at a time, a transaction
 * being one unit); reads never wait and always see the last commit. With `persist`, it is the engine of the
 * embedded persistent store as well.
 */
export const memoryReadStore = (options: MemoryReadStoreOptions = {}): ReadStore => {
  const { stored } = options;
  const cache = stored === undefined ? undefined : new DocumentCache(stored.cacheBytes);
  const documents: DocumentsFactory = stored === undefined || cache === undefined ? objectDocuments : (name) => storedDocuments(cache, (id) => stored.read(name, id));
  const collections: Map<string, CollectionState> = loadCollections(options.initial ?? [], documents);
  const newId = options.newId ?? randomUUID;
  const frame = `shopstream readStore ${(storesMade += 1)} transaction`;
  /** Runs a transaction's work under the frame `awaitedBy` looks for; it must await, or the frame is gone. */
  const runWork = {
    async [frame]<R>(work: (session: ReadStoreSession) => Promise<R>, session: ReadStoreSession): Promise<R> {
      return await work(session);
    },
  }[frame] as <R>(work: (session: ReadStoreSession) => Promise<R>, session: ReadStoreSession) => Promise<R>;
  /** A transaction's work is under way (units run one at a time, so there is at most one). */
  let working = false;
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;

  const checkOpen = (): void => {
    if (closed) throw new ReadStoreError({ _tag: 'ReadStoreClosed' });
  };

  /** Runs units of work one after another, whatever becomes of the previous one. */
  const serialise = <R>(unit: () => Promise<R>): Promise<R> => {
    const run = queue.then(unit, unit);
    queue = run.catch(() => undefined);
    return run;
  };

  const commit = async (workspace: Workspace): Promise<void> => {
    const made = workspace.changes();
    if (made.collections.length === 0 && made.droppedCollections.length === 0) return;
    checkOpen();
    const { changes, textLength } = stored === undefined ? { changes: made, textLength: undefined } : serialising(made);
    const written = options.persist?.(changes);
    // Synchronous persistence is not awaited: the commit is applied with no turn of the event loop in between, in
    // which a read could find persistence (`stored.read`) and the tables disagreeing.
    if (written !== undefined) await written;
    applyChanges(collections, changes, documents, workspace.knownKeys, textLength);
  };

  const refuseInsideTransaction = (what: string): void => {
    // Waiting for the lock the running transaction holds would never end; say so instead.
    if (working && awaitedBy(frame)) invalid(`${what} inside a transaction would deadlock; use the session the transaction passed in`);
  };

  // The committed state is changed in place by each commit, so one view of it serves every read.
  const committed = committedView(collections);
  const storeAccess: Access = {
    check: checkOpen,
    view: () => committed,
    write: (work) => {
      refuseInsideTransaction('a write through the store');
      return serialise(async () => {
        checkOpen();
        const workspace = new Workspace(collections);
        const result = work(workspace);
        await commit(workspace);
        return result;
      });
    },
    newId,
  };

  /**
   * Handles are stateless (a name and an access), so one per name is made and reused: a projection asks for its
   * collections on every event, and building a handle's dozen closures each time was a measurable share of a
   * rebuild (docs/benchmarks.md, rebuild).
   */
  const collectionHandles = (access: Access) => {
    const handles = new Map<string, Collection<Document>>();
    return {
      get: (name: string): Collection<Document> => {
        let handle = handles.get(name);
        if (handle === undefined) {
          handle = makeCollection<Document>(checkCollectionName(name), access);
          handles.set(name, handle);
        }
        return handle;
      },
    };
  };
  const storeCollections = collectionHandles(storeAccess);

  const store: ReadStore = {
    collection: <T extends Document = Document>(name: string): Collection<T> => storeCollections.get(name) as Collection<T>,

    transaction: async <R>(work: (session: ReadStoreSession) => Promise<R>): Promise<R> => {
      checkOpen();
      refuseInsideTransaction('a nested transaction');
      return serialise(async () => {
        checkOpen();
        const workspace = new Workspace(collections);
        let open = true;
        const access: Access = {
          check: () => {
            checkOpen();
            if (!open) invalid('this session belongs to a transaction that has ended');
          },
          view: () => workspace,
          write: (unit) => {
            access.check();
            const mark = workspace.savepoint();
            try {
              const result = unit(workspace);
              workspace.release(mark);
              return result;
            } catch (error) {
              workspace.restore(mark);
              throw error;
            }
          },
          newId,
        };
        const sessionCollections = collectionHandles(access);
        const session: ReadStoreSession = {
          collection: <T extends Document = Document>(name: string) => sessionCollections.get(name) as Collection<T>,
        };
        try {
          working = true;
          let result: R;
          try {
            result = await runWork(work, session);
          } finally {
            working = false;
          }
          await commit(workspace);
          return result;
        } finally {
          open = false;
        }
      });
    },

    listCollections: async () => {
      checkOpen();
      return [...collections.keys()].sort();
    },

    dropCollection: async (name) => {
      checkOpen();
      checkCollectionName(name);
      refuseInsideTransaction('dropCollection');
      await serialise(async () => {
        checkOpen();
        if (!collections.has(name)) return;
        const changes: ReadStoreChanges = { collections: [], droppedCollections: [name] };
        const written = options.persist?.(changes);
        if (written !== undefined) await written;
        applyChanges(collections, changes, documents);
      });
    },

    close: async () => {
      if (closed) return;
      // Let the unit of work in progress finish (or fail) before persistence goes away.
      await serialise(async () => {
        closed = true;
      });
      await options.onClose?.();
    },
  };
  return store;
};
