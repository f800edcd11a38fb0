import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ManualClock, memoryStateStore } from '@shopstream/kernel';
import type { ShopStateStore } from '@shopstream/kernel';
import { stateStoreContract } from '@shopstream/kernel/testing';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteStateStore } from './sqliteStateStore.js';

const here = dirname(fileURLToPath(import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'shopstream-state-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

let files = 0;
let lastPath = '';
stateStoreContract('sqlite', {
  create: (clock) => {
    files += 1;
    lastPath = join(folder, `contract-${files}.db`);
    return sqliteStateStore({ path: lastPath, clock, sweepIntervalMs: 0 });
  },
  reopen: (clock) => sqliteStateStore({ path: lastPath, clock, sweepIntervalMs: 0 }),
  sweeping: (clock, sweepIntervalMs) => {
    files += 1;
    return sqliteStateStore({ path: join(folder, `contract-${files}.db`), clock, sweepIntervalMs });
  },
});

/** Runs testing/contender.ts in its own node process against the file. */
const contender = (path: string, rounds: number) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(process.execPath, ['--conditions=@shopstream/source', '--import', 'tsx', join(here, 'testing', 'contender.ts'), path, String(rounds)], {
      cwd: resolve(here, '../../../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });

type Operation =
  | { readonly op: 'put'; readonly key: string; readonly value: number; readonly ttlMs?: number; readonly ifVersion?: number | 'absent' }
  | { readonly op: 'delete'; readonly key: string; readonly ifVersion?: number }
  | { readonly op: 'increment'; readonly key: string; readonly ttlMs: number }
  | { readonly op: 'advance'; readonly ms: number };

const keys = fc.constantFrom('a', 'b');
const operations: fc.Arbitrary<Operation[]> = fc.array(
  fc.oneof(
    fc.record(
      { op: fc.constant('put' as const), key: keys, value: fc.integer(), ttlMs: fc.integer({ min: 1, max: 6 }), ifVersion: fc.oneof(fc.constant('absent' as const), fc.integer({ min: 0, max: 5 })) },
      { requiredKeys: ['op', 'key', 'value'] },
    ),
    fc.record({ op: fc.constant('delete' as const), key: keys, ifVersion: fc.integer({ min: 0, max: 5 }) }, { requiredKeys: ['op', 'key'] }),
    fc.record({ op: fc.constant('increment' as const), key: keys, ttlMs: fc.integer({ min: 1, max: 6 }) }),
    fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 4 }) }),
  ),
  { minLength: 1, maxLength: 40 },
);

/** What an operation answered, and every key's entry after it. */
const outcome = async (store: ShopStateStore, clock: ManualClock, operation: Operation): Promise<unknown> => {
  const answer =
    operation.op === 'put'
      ? await store.put('ns', operation.key, operation.value, { ...(operation.ttlMs === undefined ? {} : { ttlMs: operation.ttlMs }), ...(operation.ifVersion === undefined ? {} : { ifVersion: operation.ifVersion }) })
      : operation.op === 'delete'
        ? await store.delete('ns', operation.key, operation.ifVersion === undefined ? {} : { ifVersion: operation.ifVersion })
        : operation.op === 'increment'
          ? await store.increment('ns', operation.key, { ttlMs: operation.ttlMs })
          : clock.advance(operation.ms);
  return { answer, a: await store.get('ns', 'a'), b: await store.get('ns', 'b') };
};

describe('sqliteStateStore', () => {
  it('answers every sequence of writes, compare-and-sets, deletes, increments and expiries as the memory store does (property)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(operations, async (list) => {
        const sqliteClock = new ManualClock();
        const memoryClock = new ManualClock();
        const sqlite = sqliteStateStore({ path: join(folder, `model-${++run}.db`), clock: sqliteClock, sweepIntervalMs: 0 });
        const memory = memoryStateStore({ clock: memoryClock, sweepIntervalMs: 0 });
        try {
          for (const operation of list) expect(await outcome(sqlite, sqliteClock, operation)).toEqual(await outcome(memory, memoryClock, operation));
        } finally {
          await Promise.all([sqlite.close(), memory.close()]);
        }
      }),
      { numRuns: 80 },
    );
  });

  it('two processes on one file: increments and compare-and-set loops lose no update, absent-only writes win once', async () => {
    const path = join(folder, 'two-processes.db');
    const store = sqliteStateStore({ path, sweepIntervalMs: 0 });
    const rounds = 150;
    const child = contender(path, rounds);
    // Start only once the child is writing, so that the two loops really overlap.
    while ((await store.get('contended', 'hits')) === null) await new Promise((next) => setTimeout(next, 5));
    let parentClaims = 0;
    for (let i = 0; i < rounds; i++) {
      await store.increment('contended', 'hits', { ttlMs: 3_600_000 });
      for (;;) {
        const entry = await store.get('contended', 'cas');
        const next = (typeof entry?.value === 'number' ? entry.value : 0) + 1;
        if (await store.put('contended', 'cas', next, { ifVersion: entry?.version ?? 'absent' })) break;
      }
      // The child claims the same keys: each must be won by exactly one process.
      if (await store.put('contended', `child-${i}`, -1, { ifVersion: 'absent' })) parentClaims += 1;
      await new Promise((next) => setImmediate(next));
    }
    const exit = await child;
    expect(exit).toMatchObject({ code: 0, stdout: 'done\n' });
    expect((await store.get('contended', 'hits'))?.value).toBe(2 * rounds);
    expect((await store.get('contended', 'cas'))?.value).toBe(2 * rounds);
    const claims = await store.list('contended', { prefix: 'child-' });
    expect(claims).toHaveLength(rounds);
    expect(claims.filter((entry) => entry.value === -1)).toHaveLength(parentClaims);
    expect(claims.every((entry) => entry.version === 1)).toBe(true);
    await store.close();
  }, 120_000);
});
