import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { documents, equalityFilter, filter, update } from '../testing/readStore/arbitraries.js';
import { readStoreContract } from '../testing/readStoreContract.js';
import { memoryReadStore } from './memoryReadStore.js';
import { isReadStoreError } from './readStore.js';
import type { Document, IndexSpec, Update } from './readStore.js';

readStoreContract('memory', { create: () => memoryReadStore() });
/** The engine over persistence that keeps the documents, as sqliteReadStore's file does: here a map of JSON texts. */
const storedIn = (cacheBytes: number) => {
  const texts = new Map<string, Map<string, string>>();
  return memoryReadStore({
    stored: { cacheBytes, read: (collection, id) => texts.get(collection)?.get(id) },
    persist: (changes) => {
      for (const name of changes.droppedCollections) texts.delete(name);
      for (const change of changes.collections) {
        const table = texts.get(change.name) ?? new Map<string, string>();
        texts.set(change.name, table);
        for (const id of change.deleted) table.delete(id);
        for (const [i, document] of change.put.entries()) {
          const text = change.text?.(i);
          if (text === undefined) throw new Error('a store whose persistence keeps the documents hands over their JSON');
          table.set(document._id, text);
        }
      }
    },
  });
};

// Every read goes to persistence (nothing cached), or a cache of a few documents keeps evicting.
readStoreContract('memory, documents kept by persistence, nothing cached', { create: () => storedIn(0), numRuns: 15 });
readStoreContract('memory, documents kept by persistence, a small cache', { create: () => storedIn(300), numRuns: 15 });

describe('memoryReadStore', () => {
  it.each([
    ['objects', () => memoryReadStore()],
    ['kept by persistence', () => storedIn(500)],
  ] as const)('keeps indexes right when a large commit rebuilds them in one sort instead of entry by entry (documents %s)', async (_, open) => {
    const store = open();
    const c = store.collection('c');
    await c.ensureIndexes([{ keys: { sku: 1 }, unique: true }, { keys: { tags: 1 } }]);
    await c.bulkWrite(Array.from({ length: 3000 }, (_, i) => ({ replaceOne: { document: { _id: `d${i}`, sku: `s${i}`, tags: [`t${i % 7}`], n: i } } })));
    await c.updateMany({ n: { $lt: 2500 } }, { $set: { tags: ['moved'] } });
    await c.deleteMany({ n: { $gte: 2990 } });
    expect(await c.count({ tags: 'moved' })).toBe(2500);
    expect(await c.count({ tags: 't3' })).toBe((await c.find({})).filter((d) => (d.tags as string[])[0] === 't3').length);
    expect(await c.find({ sku: { $in: ['s7', 's2995'] } })).toEqual([{ _id: 'd7', sku: 's7', tags: ['moved'], n: 7 }]);
    await expect(c.replaceOne({ _id: 'new', sku: 's8' })).rejects.toSatisfy((error) => isReadStoreError(error, 'DuplicateKey'));
    await c.replaceOne({ _id: 'new', sku: 's2995' });
  });

  it('weighs a document whose text persistence never asked for, and serialises each it asks for as the document', async () => {
    const asked: string[] = [];
    const kept = new Map<string, string>();
    const store = memoryReadStore({
      stored: { cacheBytes: 60, read: (_, id) => kept.get(id) },
      persist: (changes) => {
        for (const change of changes.collections) {
          for (const [i, document] of change.put.entries()) {
            // Every other document is serialised by persistence itself; the store must still weigh it.
            const text = i % 2 === 0 ? change.text?.(i) : JSON.stringify(document);
            if (text === undefined) throw new Error('no text offered');
            if (i % 2 === 0) asked.push(text);
            kept.set(document._id, text);
          }
        }
      },
    });
    const c = store.collection('c');
    const documents = Array.from({ length: 6 }, (_, i) => ({ _id: `d${i}`, n: i, tag: 'x'.repeat(i) }));
    await c.bulkWrite(documents.map((document) => ({ replaceOne: { document } })));
    expect(asked).toEqual([documents[0], documents[2], documents[4]].map((document) => JSON.stringify(document)));
    expect(await c.find({}, { sort: { n: 1 } })).toEqual(documents);
  });

  it('refuses a write through the store from inside a transaction instead of deadlocking', async () => {
    const store = memoryReadStore();
    await expect(store.transaction(async () => store.collection('c').replaceOne({ _id: 'a' }))).rejects.toSatisfy((error) => isReadStoreError(error, 'InvalidQuery'));
    await expect(store.transaction(async () => store.transaction(async () => 1))).rejects.toSatisfy((error) => isReadStoreError(error, 'InvalidQuery'));
  });

  /** How code reaches a store call: through a chain of async functions, each awaiting in one of these ways first. */
  const pause = fc.constantFrom('none', 'microtask', 'timer', 'all');
  type Pause = 'none' | 'microtask' | 'timer' | 'all';
  const through = async <R>(pauses: readonly Pause[], call: () => Promise<R>): Promise<R> => {
    const [first, ...rest] = pauses;
    if (first === undefined) return call();
    if (first === 'microtask') await Promise.resolve();
    if (first === 'timer') await new Promise((resolve) => setTimeout(resolve, 0));
    if (first === 'all') return (await Promise.all([through(rest, call)]))[0];
    return await through(rest, call);
  };
  const storeCalls: Record<'write' | 'transaction' | 'dropCollection', (store: ReturnType<typeof memoryReadStore>) => Promise<unknown>> = {
    write: (store) => store.collection('c').replaceOne({ _id: 'outer' }),
    transaction: (store) => store.transaction(async (session) => session.collection('c').replaceOne({ _id: 'outer' })),
    dropCollection: (store) => store.dropCollection('other'),
  };

  it('refuses a store-level call awaited by a transaction at any depth, and lets one from outside wait for the commit', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(pause, { maxLength: 12 }), fc.constantFrom(...(Object.keys(storeCalls) as (keyof typeof storeCalls)[])), fc.boolean(), async (pauses, kind, fromInside) => {
        const store = memoryReadStore();
        const c = store.collection('c');
        const log: string[] = [];
        let began = (): void => undefined;
        let issued = (): void => undefined;
        const wasIssued = new Promise<void>((resolve) => (issued = resolve));
        // Started outside the transaction, and making its call while the transaction's work runs.
        const outside = fromInside
          ? Promise.resolve()
          : new Promise<void>((resolve) => (began = resolve)).then(() =>
              through(pauses, () => {
                issued();
                return storeCalls[kind](store);
              }).then(() => log.push('outside ran')),
            );
        await store.transaction(async (session) => {
          began();
          await session.collection('c').replaceOne({ _id: 'inner' });
          if (fromInside) {
            const refused = await through(pauses, () => storeCalls[kind](store)).then(
              () => false,
              (error: unknown) => isReadStoreError(error, 'InvalidQuery'),
            );
            log.push(refused ? 'refused' : 'allowed');
          } else {
            // Not awaited by the transaction: it waits for the commit, then runs.
            await wasIssued;
            await through(pauses, async () => undefined);
            log.push('work done');
          }
        });
        await outside;
        expect(log).toEqual(fromInside ? ['refused'] : ['work done', 'outside ran']);
        expect(await c.get('inner')).toEqual({ _id: 'inner' });
        expect(await c.get('outer')).toEqual(fromInside ? null : kind === 'dropCollection' ? null : { _id: 'outer' });
      }),
      { numRuns: 60 },
    );
  });

  it('does not take a transaction of one store for a transaction of another', async () => {
    const a = memoryReadStore();
    const b = memoryReadStore();
    let release = (): void => undefined;
    const holding = b.transaction(() => new Promise<void>((resolve) => (release = resolve)));
    // Inside a's transaction, a write to b waits for b's transaction instead of being refused.
    const written = a.transaction(async () => b.collection('c').replaceOne({ _id: 'x' }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    release();
    await holding;
    expect(await written).toEqual({ matched: 0, modified: 0, upsertedId: 'x' });
  });

  it('hands out its own frozen documents, and a replace shares what it did not change', async () => {
    const store = memoryReadStore();
    const c = store.collection('c');
    await c.replaceOne({ _id: 'o', status: 'placed', lines: [{ sku: 'A', qty: 2 }], total: { amount: 10 } });
    const read = await c.get('o');
    if (read === null) throw new Error('stored document missing');
    expect(Object.isFrozen(read)).toBe(true);
    expect(Object.isFrozen(read.lines)).toBe(true);
    expect(() => {
      (read as unknown as { status: string }).status = 'changed';
    }).toThrow(TypeError);
    expect(await c.get('o')).toBe(read);
    expect((await c.find({ status: 'placed' }))[0]).toBe(read);
    await c.replaceOne({ ...read, status: 'paid' });
    const after = await c.get('o');
    expect(after).toEqual({ _id: 'o', status: 'paid', lines: [{ sku: 'A', qty: 2 }], total: { amount: 10 } });
    expect(after?.lines).toBe(read.lines);
    await c.updateOne({ _id: 'o' }, { $inc: { 'total.amount': 5 } });
    expect(read).toEqual({ _id: 'o', status: 'placed', lines: [{ sku: 'A', qty: 2 }], total: { amount: 10 } });
  });

  it('finds inside a transaction what it finds after the commit, when an index narrows the written documents', async () => {
    await fc.assert(
      fc.asyncProperty(documents(10), documents(10), fc.oneof(filter, equalityFilter), async (before, written, query) => {
        const store = memoryReadStore();
        const c = store.collection('c');
        await c.ensureIndexes([{ keys: { a: 1 } }, { keys: { b: 1, n: -1 } }, { keys: { 'items.x': 1 } }, { keys: { tags: 1 }, sparse: true }, { keys: { n: 1 } }]);
        if (before.length > 0) await c.bulkWrite(before.map((document) => ({ replaceOne: { document } })));
        const byId = (docs: readonly Document[]) => [...docs].sort((x, y) => (x._id < y._id ? -1 : 1));
        const inside = await store.transaction(async (session) => {
          const t = session.collection('c');
          for (const document of written) await t.replaceOne({ ...document, _id: `w${document._id}` });
          for (const document of written.slice(0, 3)) await t.replaceOne(document);
          return byId(await t.find(query));
        });
        expect(inside).toEqual(byId(await c.find(query)));
        await store.close();
      }),
      { numRuns: 150 },
    );
  });

  it('indexes one object stored in two collections by the indexes of each', async () => {
    const store = memoryReadStore();
    await store.collection('a').ensureIndexes([{ keys: { x: 1 } }]);
    await store.collection('b').ensureIndexes([{ keys: { y: 1 } }]);
    const document = { _id: 'd', x: 'X', y: 'Y' };
    await store.transaction(async (session) => {
      await session.collection('a').replaceOne(document);
      await session.collection('b').replaceOne(document);
    });
    expect(await store.collection('a').find({ x: 'X' })).toEqual([document]);
    expect(await store.collection('b').find({ y: 'Y' })).toEqual([document]);
  });

  it('finds a document by index inside a transaction after an operation that rewrote and queried it was undone', async () => {
    const store = memoryReadStore();
    const c = store.collection('c');
    await c.ensureIndexes([{ keys: { a: 1 } }, { keys: { u: 1 }, unique: true, sparse: true }]);
    const inside = await store.transaction(async (session) => {
      const t = session.collection('c');
      await t.replaceOne({ _id: 'w', a: 'A' });
      await t.replaceOne({ _id: 'taken', u: 'u' });
      const failing = t.bulkWrite([
        { replaceOne: { document: { _id: 'w', a: 'B' } } },
        { updateMany: { filter: { a: 'A' }, update: { $set: { z: 1 } } } },
        { replaceOne: { document: { _id: 'other', u: 'u' } } },
      ]);
      await expect(failing).rejects.toSatisfy((error) => isReadStoreError(error, 'DuplicateKey'));
      return t.find({ a: 'A' });
    });
    expect(inside).toEqual([{ _id: 'w', a: 'A' }]);
    expect(await c.find({ a: 'A' })).toEqual(inside);
  });

  it('answers every query inside a transaction as a store without indexes does, whenever the keys of its writes are computed', async () => {
    // A collection's single-field keys wait until a query plans on an index or the commit: each query here must
    // still see every written document (a write may make an index multikey, which changes its plans), and the
    // commit must index the last version of each.
    const step = fc.oneof(
      fc.record({ kind: fc.constant('write' as const), documents: documents(4) }),
      fc.record({ kind: fc.constant('update' as const), query: fc.oneof(filter, equalityFilter), update }),
      fc.record({ kind: fc.constant('delete' as const), query: equalityFilter }),
      fc.record({ kind: fc.constant('query' as const), query: fc.oneof(filter, equalityFilter) }),
    );
    const byId = (docs: readonly Document[]) => [...docs].sort((x, y) => (x._id < y._id ? -1 : 1));
    type Step = { kind: 'write'; documents: Document[] } | { kind: 'update'; query: Record<string, unknown>; update: Update } | { kind: 'delete' | 'query'; query: Record<string, unknown> };
    const run = async (indexed: boolean, before: readonly Document[], steps: readonly Step[], query: Record<string, unknown>) => {
      const store = memoryReadStore();
      const c = store.collection('c');
      // The compound and unique indexes refuse documents as they are written (parallel arrays, duplicates), so the
      // store without indexes has those two as well; what only the indexed one has are the single-field indexes
      // whose keys may wait, which must change no answer.
      const eager: IndexSpec[] = [{ keys: { b: 1, n: -1 } }, { keys: { u: 1 }, unique: true, sparse: true }];
      await c.ensureIndexes(indexed ? [{ keys: { a: 1 } }, { keys: { 'items.x': 1 } }, { keys: { tags: 1 }, sparse: true }, ...eager] : eager);
      if (before.length > 0) await c.bulkWrite(before.map((document) => ({ replaceOne: { document } })));
      const answers: unknown[] = [];
      await store.transaction(async (session) => {
        const t = session.collection('c');
        for (const s of steps) {
          if (s.kind === 'write') for (const document of s.documents) await t.replaceOne({ ...document, _id: `w${document._id}` });
          else if (s.kind === 'update') answers.push(await t.updateMany(s.query, s.update).catch((error: unknown) => (isReadStoreError(error) ? error.detail._tag : error)));
          else if (s.kind === 'delete') answers.push(await t.deleteMany(s.query));
          else answers.push(byId(await t.find(s.query)));
        }
      });
      answers.push(byId(await c.find(query)), byId(await c.find({})));
      await store.close();
      return answers;
    };
    await fc.assert(
      fc.asyncProperty(documents(6), fc.array(step, { maxLength: 10 }), fc.oneof(filter, equalityFilter), async (before, steps, query) => {
        expect(await run(true, before, steps, query)).toEqual(await run(false, before, steps, query));
      }),
      { numRuns: 200 },
    );
  });

  it('finds a document written after the first indexed query of a transaction, by the index and after the commit', async () => {
    const store = memoryReadStore();
    const c = store.collection('c');
    await c.ensureIndexes([{ keys: { a: 1 } }]);
    await c.replaceOne({ _id: 'committed', a: 1 });
    const inside = await store.transaction(async (session) => {
      const t = session.collection('c');
      await t.replaceOne({ _id: 'before', a: 1 });
      await t.replaceOne({ _id: 'before', a: 2 });
      const first = await t.find({ a: 1 });
      await t.replaceOne({ _id: 'after', a: 1 });
      await t.replaceOne({ _id: 'array', a: [0, 5] });
      return [first, await t.find({ a: 1 }, { sort: { _id: 1 } }), await t.find({ a: { $gt: 2, $lt: 4 } })];
    });
    expect(inside).toEqual([[{ _id: 'committed', a: 1 }], [{ _id: 'after', a: 1 }, { _id: 'committed', a: 1 }], [{ _id: 'array', a: [0, 5] }]]);
    expect(await c.find({ a: 1 }, { sort: { _id: 1 } })).toEqual([{ _id: 'after', a: 1 }, { _id: 'committed', a: 1 }]);
    expect(await c.find({ a: 2 })).toEqual([{ _id: 'before', a: 2 }]);
    expect(await c.find({ a: { $gt: 2, $lt: 4 } })).toEqual([{ _id: 'array', a: [0, 5] }]);
  });

  it('finds inside a transaction what it finds after the commit, with queries and failed operations between its writes', async () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('write' as const), documents: documents(4) }),
      fc.record({ kind: fc.constant('failed' as const), documents: documents(3) }),
      fc.record({ kind: fc.constant('query' as const), query: fc.oneof(filter, equalityFilter) }),
    );
    await fc.assert(
      fc.asyncProperty(documents(8), fc.array(step, { maxLength: 8 }), fc.oneof(filter, equalityFilter), async (before, steps, query) => {
        const store = memoryReadStore();
        const c = store.collection('c');
        await c.ensureIndexes([{ keys: { a: 1 } }, { keys: { b: 1, n: -1 } }, { keys: { 'items.x': 1 } }, { keys: { tags: 1 }, sparse: true }, { keys: { u: 1 }, unique: true, sparse: true }]);
        if (before.length > 0) await c.bulkWrite(before.map((document) => ({ replaceOne: { document } })));
        const byId = (docs: readonly Document[]) => [...docs].sort((x, y) => (x._id < y._id ? -1 : 1));
        const inside = await store.transaction(async (session) => {
          const t = session.collection('c');
          for (const [i, s] of steps.entries()) {
            if (s.kind === 'query') await t.find(s.query);
            else if (s.kind === 'write') for (const document of s.documents) await t.replaceOne({ ...document, _id: `w${document._id}` });
            else {
              // Writes that succeed, a query that sees them, then a duplicate key: the whole bulk write is undone.
              const taken = { _id: `taken${i}`, u: `u${i}` };
              await t.replaceOne(taken);
              const failing = t.bulkWrite([
                ...s.documents.map((document) => ({ replaceOne: { document: { ...document, _id: `w${document._id}` } } })),
                { updateMany: { filter: query, update: { $set: { touched: i } } } },
                { replaceOne: { document: { _id: `other${i}`, u: `u${i}` } } },
              ]);
              await expect(failing).rejects.toSatisfy((error) => isReadStoreError(error, 'DuplicateKey'));
            }
          }
          return byId(await t.find(query));
        });
        expect(inside).toEqual(byId(await c.find(query)));
        await store.close();
      }),
      { numRuns: 150 },
    );
  });
});
