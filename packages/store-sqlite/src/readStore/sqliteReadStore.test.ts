import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { readStoreContract } from '@shopstream/kernel/testing';
import type { Document, ReadStore } from '@shopstream/kernel';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteReadStore } from './sqliteReadStore.js';

const folder = mkdtempSync(join(tmpdir(), 'shopstream-read-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let files = 0;
const paths = new WeakMap<ReadStore, string>();
const fileStores = (cacheBytes?: number) => {
  const options = cacheBytes === undefined ? {} : { cacheBytes };
  return {
    create: (): ReadStore => {
      files += 1;
      const path = join(folder, `read-${files}.db`);
      const store = sqliteReadStore({ path, ...options });
      paths.set(store, path);
      return store;
    },
    reopen: async (store: ReadStore) => {
      const path = paths.get(store);
      if (path === undefined) throw new Error('reopen needs a store made by this test');
      await store.close();
      const again = sqliteReadStore({ path, ...options });
      paths.set(again, path);
      return again;
    },
  };
};

readStoreContract('sqlite file', { ...fileStores(), numRuns: 15 });
// Every read parses the document's text: the path a store larger than its cache takes.
readStoreContract('sqlite file, nothing cached', { ...fileStores(0), numRuns: 10 });

readStoreContract('sqlite :memory:', { create: () => sqliteReadStore({ path: ':memory:' }), numRuns: 10 });

describe('sqliteReadStore', () => {
  it('writes each commit in one SQLite transaction, and nothing when persistence fails', async () => {
    const path = join(folder, 'atomic.db');
    const store = sqliteReadStore({ path });
    await store.collection('items').ensureIndexes([{ keys: { sku: 1 }, unique: true }]);
    await store.transaction(async (session) => {
      await session.collection('items').replaceOne({ _id: 'i1', sku: 'A' });
      await session.collection('checkpoints').replaceOne({ _id: 'items', position: 1 });
    });
    await store.close();

    // Make the next commit fail inside SQLite, half-way through its rows.
    const tamper = new Database(path);
    tamper.exec("CREATE TRIGGER refuse BEFORE INSERT ON read_documents WHEN NEW.collection = 'checkpoints' BEGIN SELECT RAISE(ABORT, 'disk says no'); END;");
    tamper.exec("CREATE TRIGGER refuse_update BEFORE UPDATE ON read_documents WHEN NEW.collection = 'checkpoints' BEGIN SELECT RAISE(ABORT, 'disk says no'); END;");
    tamper.close();

    const again = sqliteReadStore({ path });
    await expect(
      again.transaction(async (session) => {
        await session.collection('items').replaceOne({ _id: 'i2', sku: 'B' });
        await session.collection('checkpoints').replaceOne({ _id: 'items', position: 2 });
      }),
    ).rejects.toThrow('disk says no');
    // Neither memory nor disk holds any of it.
    expect(await again.collection('items').count()).toBe(1);
    expect(await again.collection('checkpoints').get('items')).toEqual({ _id: 'items', position: 1 });
    // The rolled-back row of i2 left no rowid behind: i3 may take the same rowid, and a later write of i2 must
    // insert its row, not update i3's.
    await again.collection('items').replaceOne({ _id: 'i3', sku: 'B' });
    await again.collection('items').replaceOne({ _id: 'i2', sku: 'C' });
    await again.collection('items').replaceOne({ _id: 'i2', sku: 'D' });
    await again.close();
    const third = sqliteReadStore({ path, cacheBytes: 0 });
    expect(await third.collection('items').find({}, { sort: { _id: 1 } })).toEqual([
      { _id: 'i1', sku: 'A' },
      { _id: 'i2', sku: 'D' },
      { _id: 'i3', sku: 'B' },
    ]);
    expect(await third.collection('checkpoints').get('items')).toEqual({ _id: 'items', position: 1 });
    await third.close();
  });

  it('records a collection in the file once it is committed, again after a drop, and not for a rolled-back commit', async () => {
    const path = join(folder, 'collections.db');
    const store = sqliteReadStore({ path });
    await store.collection('checkpoints').replaceOne({ _id: 'c', position: 1 });
    await store.collection('kept').replaceOne({ _id: 'k1' });
    await store.collection('gone').replaceOne({ _id: 'g1' });
    await store.dropCollection('kept');
    await store.collection('kept').replaceOne({ _id: 'k2' });
    await store.dropCollection('gone');
    await store.close();

    const tamper = new Database(path);
    tamper.exec("CREATE TRIGGER refuse BEFORE UPDATE ON read_documents WHEN NEW.collection = 'checkpoints' BEGIN SELECT RAISE(ABORT, 'disk says no'); END;");
    tamper.close();
    const again = sqliteReadStore({ path });
    // The first commit to `fresh` rolls back; the next one must still record the collection.
    await expect(
      again.transaction(async (session) => {
        await session.collection('fresh').replaceOne({ _id: 'f1' });
        await session.collection('checkpoints').replaceOne({ _id: 'c', position: 2 });
      }),
    ).rejects.toThrow('disk says no');
    await again.collection('fresh').replaceOne({ _id: 'f2' });
    await again.close();

    const third = sqliteReadStore({ path, cacheBytes: 0 });
    expect((await third.listCollections()).sort()).toEqual(['checkpoints', 'fresh', 'kept']);
    expect(await third.collection('kept').find({})).toEqual([{ _id: 'k2' }]);
    expect(await third.collection('fresh').find({})).toEqual([{ _id: 'f2' }]);
    await third.close();
  });

  it('keeps every document as the text it wrote, so a store that caches nothing reads back what one that caches everything does', async () => {
    const path = join(folder, 'uncached.db');
    const store = sqliteReadStore({ path, cacheBytes: 0 });
    const c = store.collection<Document>('orders');
    await c.ensureIndexes([{ keys: { status: 1 } }]);
    const order = { _id: 'o1', status: 'placed', lines: [{ sku: 'A', qty: 2 }] };
    await c.replaceOne(order);
    const read = await c.get('o1');
    expect(read).toEqual(order);
    expect(Object.isFrozen(read)).toBe(true);
    expect(Object.isFrozen(read?.lines)).toBe(true);
    await c.replaceOne({ ...(read as Document), status: 'paid' });
    expect(await c.find({ status: 'paid' })).toEqual([{ ...order, status: 'paid' }]);
    expect(await c.find({ status: 'placed' })).toEqual([]);
    await store.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.prepare("SELECT body FROM read_documents WHERE collection = 'orders'").pluck().all()).toEqual([JSON.stringify({ ...order, status: 'paid' })]);
    raw.close();
    const again = sqliteReadStore({ path });
    expect(await again.collection('orders').find({ status: 'paid' })).toEqual([{ ...order, status: 'paid' }]);
    await again.close();
  });

  it('checkpoints its WAL every 4 MiB under small commits, and lets bulk commits of a rebuild run up to 64 MiB first', async () => {
    const path = join(folder, 'checkpoints.db');
    const wal = () => statSync(`${path}-wal`).size;
    const store = sqliteReadStore({ path });
    const body = 'x'.repeat(1000);
    // About 8 MiB of small commits (ten 1 KB documents each): the WAL file, reused from its start after each
    // checkpoint, never holds much more than the 1,000 pages at which one runs.
    for (let commit = 0; commit < 800; commit++) {
      await store.transaction(async (session) => {
        for (let n = 0; n < 10; n++) await session.collection('small').replaceOne({ _id: `${commit}-${n}`, body });
      });
    }
    expect(wal()).toBeLessThan(6 * 2 ** 20);
    // Then about 12 MiB in commits of 1,000 documents: no checkpoint until 64 MiB, so the file grows past it all.
    for (let commit = 0; commit < 12; commit++) {
      await store.transaction(async (session) => {
        for (let n = 0; n < 1000; n++) await session.collection('bulk').replaceOne({ _id: `${commit}-${n}`, body });
      });
    }
    expect(wal()).toBeGreaterThan(12 * 2 ** 20);
    expect(await store.collection('bulk').count()).toBe(12_000);
    await store.close();
  });

  it('refuses a cache bound that is not a size', () => {
    expect(() => sqliteReadStore({ path: ':memory:', cacheBytes: -1 })).toThrow(TypeError);
    expect(() => sqliteReadStore({ path: ':memory:', cacheBytes: Number.NaN })).toThrow(TypeError);
  });

  it('moves the documents of a file written by schema 1 (WITHOUT ROWID) into the rowid table, indexes and all', async () => {
    const path = join(folder, 'schema-1.db');
    const old = new Database(path);
    old.exec(`
      CREATE TABLE read_store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      INSERT INTO read_store_meta VALUES ('schema_version', '1');
      CREATE TABLE read_collections (name TEXT PRIMARY KEY) WITHOUT ROWID;
      CREATE TABLE read_documents (collection TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (collection, id)) WITHOUT ROWID;
      CREATE TABLE read_indexes (collection TEXT NOT NULL, name TEXT NOT NULL, spec TEXT NOT NULL, PRIMARY KEY (collection, name)) WITHOUT ROWID;
    `);
    old.prepare('INSERT INTO read_collections VALUES (?)').run('orders');
    const orders = [
      { _id: 'o-2', customer: 'c-1', total: 30 },
      { _id: 'o-1', customer: 'c-2', total: 10 },
      { _id: 'o-3', customer: 'c-1', total: 20 },
    ];
    for (const order of orders) old.prepare('INSERT INTO read_documents VALUES (?, ?, ?)').run('orders', order._id, JSON.stringify(order));
    old.prepare('INSERT INTO read_indexes VALUES (?, ?, ?)').run('orders', 'customer_1', JSON.stringify({ name: 'customer_1', keys: [['customer', 1]], unique: false, sparse: false }));
    old.close();

    const store = sqliteReadStore({ path });
    expect(await store.collection('orders').find({ customer: 'c-1' }, { sort: { total: 1 } })).toEqual([orders[2], orders[0]]);
    await store.collection('orders').replaceOne({ _id: 'o-1', customer: 'c-1', total: 11 });
    await store.close();
    const file = new Database(path, { readonly: true });
    const table = file.prepare("SELECT sql FROM sqlite_master WHERE name = 'read_documents'").pluck().get() as string;
    expect(table).not.toMatch(/WITHOUT ROWID/);
    expect(file.prepare("SELECT value FROM read_store_meta WHERE key = 'schema_version'").pluck().get()).toBe('2');
    expect(file.prepare('SELECT count(*) FROM read_documents').pluck().get()).toBe(3);
    file.close();
    const again = sqliteReadStore({ path });
    expect(await again.collection('orders').count({ customer: 'c-1' })).toBe(3);
    await again.close();
  });

  it('refuses a second process-level open of the same file', async () => {
    const path = join(folder, 'owned.db');
    const store = sqliteReadStore({ path });
    await store.collection('c').replaceOne({ _id: 'x' });
    expect(() => sqliteReadStore({ path })).toThrow(/another process/);
    await store.close();
    const again = sqliteReadStore({ path });
    expect(await again.collection('c').get('x')).toEqual({ _id: 'x' });
    await again.close();
  });
});
