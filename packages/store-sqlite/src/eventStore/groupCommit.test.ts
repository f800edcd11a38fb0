import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppendResult, ExpectedRevision, NewEvent } from '@shopstream/kernel';
import type { Acknowledged } from '../../scripts/appendLoop.js';
import { checkAfterCrash } from '../../scripts/crashCheck.js';
import { groupCommit } from './groupCommit.js';
import { sqliteEventStore } from './sqliteEventStore.js';

const folder = mkdtempSync(join(tmpdir(), 'shopstream-group-commit-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let files = 0;
const newFile = () => join(folder, `events-${++files}.db`);

interface Attempt {
  readonly stream: string;
  readonly expected: ExpectedRevision;
  readonly events: readonly NewEvent[];
}

/** What an append came to, comparable across two stores: the result, or the refusal's detail. */
const outcomeOf = async (append: Promise<AppendResult>): Promise<unknown> => {
  try {
    const result = await append;
    return { ok: result };
  } catch (error) {
    return { refused: (error as { detail?: unknown }).detail ?? String(error) };
  }
};

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

const attempts: fc.Arbitrary<Attempt[]> = fc
  .array(
    fc.record({
      stream: fc.constantFrom('cart-a', 'cart-b', 'cart-c'),
      expected: fc.oneof(fc.constantFrom<ExpectedRevision>('any', 'no_stream', 'stream_exists'), fc.integer({ min: 0, max: 4 })),
      count: fc.integer({ min: 1, max: 3 }),
      // Now and then an id used before: a retry to replay or a clash to refuse, as the store's rules decide.
      reuse: fc.option(fc.integer({ min: 1, max: 30 }), { freq: 8 }),
    }),
    { minLength: 1, maxLength: 30 },
  )
  .map((specs) => {
    let next = 0;
    return specs.map(({ stream, expected, count, reuse }) => ({
      stream,
      expected,
      events: Array.from({ length: count }, (_, i) => ({
        id: uuid(i === 0 && reuse !== null && reuse <= next ? reuse : ++next),
        type: 'ItemAdded',
        data: { n: next, i },
        occurredAt: '2026-11-25T12:00:00.000Z',
      })),
    }));
  });

describe('group commit of appends', () => {
  it('gives concurrent appends with any expectations the outcomes of the same appends made one after another', async () => {
    await fc.assert(
      fc.asyncProperty(attempts, async (list) => {
        const concurrent = sqliteEventStore({ path: newFile() });
        const serial = sqliteEventStore({ path: newFile() });
        try {
          // Issued in one turn, so all but the first share one transaction.
          const together = await Promise.all(list.map((a) => outcomeOf(concurrent.append(a.stream, a.events, { expectedRevision: a.expected }))));
          const oneByOne: unknown[] = [];
          for (const a of list) oneByOne.push(await outcomeOf(serial.append(a.stream, a.events, { expectedRevision: a.expected })));
          expect(together).toEqual(oneByOne);
          expect(await concurrent.readAll()).toEqual(await serial.readAll());
        } finally {
          await Promise.all([concurrent.close(), serial.close()]);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('lets one refused append fail alone while the others in its transaction commit', async () => {
    const store = sqliteEventStore({ path: newFile() });
    const results = await Promise.allSettled([
      store.append('cart-1', [{ type: 'ItemAdded', data: { n: 1 } }], { expectedRevision: 'no_stream' }),
      store.append('cart-2', [{ type: 'ItemAdded', data: { n: 2 } }], { expectedRevision: 'no_stream' }),
      store.append('cart-1', [{ type: 'ItemAdded', data: { n: 3 } }], { expectedRevision: 'no_stream' }),
      store.append('cart-2', [{ type: 'ItemAdded', data: { n: 4 } }, { type: 'ItemAdded', data: { n: 5 } }], { expectedRevision: 0 }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(results[2]).toMatchObject({ reason: { detail: { _tag: 'WrongExpectedRevision', expected: 'no_stream', actual: 0 } } });
    const log = await store.readAll();
    expect(log.map((e) => [e.stream, e.revision, e.position, (e.data as { n: number }).n])).toEqual([
      ['cart-1', 0, 1, 1],
      ['cart-2', 0, 2, 2],
      ['cart-2', 1, 3, 4],
      ['cart-2', 2, 4, 5],
    ]);
    await store.close();
  });

  it('commits appends accepted before close', async () => {
    const path = newFile();
    const store = sqliteEventStore({ path });
    const first = store.append('cart-1', [{ type: 'ItemAdded', data: {} }]);
    const second = store.append('cart-1', [{ type: 'ItemAdded', data: {} }]);
    await store.close();
    expect((await second).nextExpectedRevision).toBe(1);
    expect((await first).nextExpectedRevision).toBe(0);
    const reopened = sqliteEventStore({ path });
    expect(await reopened.streamRevision('cart-1')).toBe(1);
    await reopened.close();
  });
});

describe('groupCommit', () => {
  const table = () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (v INTEGER NOT NULL CHECK (v >= 0))');
    return db;
  };

  it('shares one transaction among the requests issued while the first one commits, in submission order', async () => {
    const db = table();
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const batches: number[][] = [];
    const commits = groupCommit({ db, apply: db.transaction((v: number) => (insert.run(v), v)), committed: (results: readonly number[]) => void batches.push([...results]) });
    expect(await Promise.all([1, 2, 3, 4].map((v) => commits.submit(v)))).toEqual([1, 2, 3, 4]);
    // A lone request commits at once; the ones issued in the same turn go together.
    expect(batches).toEqual([[1], [2, 3, 4]]);
    expect(await commits.submit(5)).toBe(5);
    expect(batches).toEqual([[1], [2, 3, 4], [5]]);
    expect(db.prepare('SELECT v FROM t ORDER BY rowid').pluck().all()).toEqual([1, 2, 3, 4, 5]);
    db.close();
  });

  it('resolves a caller only after the COMMIT, so none resolves for a transaction that failed', async () => {
    const db = table();
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const commits = groupCommit({
      db,
      apply: db.transaction((v: number) => {
        insert.run(v);
        // SQLite gives up the whole transaction on some errors (disk full, I/O); this stands in for them.
        if (v === 13) db.exec('ROLLBACK');
        return v;
      }),
      committed: () => undefined,
    });
    const outcomes = await Promise.allSettled([1, 2, 13, 3].map((v) => commits.submit(v)));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected']);
    // Nothing of the failed transaction is stored, and nothing after the failure ran outside it.
    expect(db.prepare('SELECT v FROM t ORDER BY rowid').pluck().all()).toEqual([1]);
    db.close();
  });

  it('rolls back a failed request alone, in a savepoint only when it writes more than once', async () => {
    const statements: string[] = [];
    const db = new Database(':memory:', { verbose: (sql) => void statements.push(String(sql)) });
    db.exec('CREATE TABLE t (v INTEGER NOT NULL CHECK (v >= 0))');
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const commits = groupCommit({
      db,
      apply: (values: readonly number[]) => {
        for (const v of values) insert.run(v);
        return values;
      },
      singleWrite: (values) => values.length === 1,
      committed: () => undefined,
    });
    statements.length = 0;
    const outcomes = await Promise.allSettled([[0], [1], [-1], [2, 3], [4, -2], [5]].map((values) => commits.submit(values)));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    // The failed single write left nothing, and the failed pair's first row went with its savepoint.
    expect(db.prepare('SELECT v FROM t ORDER BY rowid').pluck().all()).toEqual([0, 1, 2, 3, 5]);
    // [0] alone, then [1], [-1], [2, 3], [4, -2], [5] together: savepoints for the two pairs only.
    expect(statements.filter((sql) => sql.startsWith('SAVEPOINT'))).toHaveLength(2);
    db.close();
  });

  it('keeps batches within maxBatch', async () => {
    const db = table();
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const sizes: number[] = [];
    const commits = groupCommit({ db, apply: db.transaction((v: number) => insert.run(v)), committed: (r) => void sizes.push(r.length), maxBatch: 3 });
    await Promise.all(Array.from({ length: 8 }, (_, v) => commits.submit(v)));
    expect(sizes).toEqual([1, 3, 3, 1]);
    db.close();
  });
});

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../../..');

/**
 * A writer process with several appends in flight at once, so they are group-committed: each loop appends
 * marked batches to its own stream and prints each acknowledgement as it resolves, until killed.
 */
const concurrentWriter = `
import { sqliteEventStore } from '@shopstream/store-sqlite';
const [path, run, loops, durability] = process.argv.slice(-4);
const store = sqliteEventStore({ path, durability });
const loop = async (l) => {
  const writer = 'g' + run + 'l' + l;
  const stream = 'crash' + writer;
  let revision = -1;
  for (let batch = 0; ; batch++) {
    const of = 1 + ((batch * 7 + l) % 3);
    const events = Array.from({ length: of }, (_, index) => ({ type: 'Tick', data: { writer, batch, index, of, pad: 'x'.repeat((batch * 131) % 2000) } }));
    const result = await store.append(stream, events, { expectedRevision: revision === -1 ? 'no_stream' : revision });
    revision = result.nextExpectedRevision;
    process.stdout.write(JSON.stringify({ writer, batch, stream, revision, position: result.position, count: of }) + '\\n');
  }
};
await Promise.all(Array.from({ length: Number(loops) }, (_, l) => loop(l)));
`;

const crashConcurrentWriter = async (path: string, run: number, durability: 'normal' | 'full', killAfterAcks: number) => {
  const child = spawn(
    process.execPath,
    ['--conditions=@shopstream/source', '--import', 'tsx', '--input-type=module', '-e', concurrentWriter, path, String(run), '8', durability],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const acknowledged: Acknowledged[] = [];
  let partial = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => void (stderr += chunk));
  const exited = new Promise<void>((done) => child.on('close', () => done()));
  await new Promise<void>((enough, failed) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      // A line cut off by the kill was never fully acknowledged.
      partial = lines.pop() ?? '';
      for (const line of lines) if (line) acknowledged.push(JSON.parse(line) as Acknowledged);
      if (acknowledged.length >= killAfterAcks) enough();
    });
    void exited.then(() => failed(new Error(`the writer ended by itself: ${stderr}`)));
  });
  child.kill('SIGKILL');
  await exited;
  return acknowledged;
};

describe('crash safety with group commit', () => {
  it('keeps every acknowledged append of a writer with many appends in flight, whole, when it is SIGKILLed', async () => {
    for (const [run, durability, killAfterAcks] of [
      [1, 'normal', 40],
      [2, 'full', 25],
    ] as const) {
      const path = newFile();
      const acknowledged = await crashConcurrentWriter(path, run, durability, killAfterAcks);
      const outcome = await checkAfterCrash(path, acknowledged);
      expect(outcome.findings).toEqual([]);
      expect(outcome.stored).toBeGreaterThanOrEqual(acknowledged.length);
    }
  }, 120_000);
});
