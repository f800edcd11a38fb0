/**
 * `node --expose-gc --conditions=@shopstream/source --import tsx benchmarks/src/support/interleavedRebuild.ts <treeA> <treeB> [rounds] [events]`:
 * an A/B of two checkouts of the repository (say a baseline worktree and a change) on the rebuild, in one process:
 * each tree's own packages rebuild all of the shop's projections from the cached simulated history
 * (`simulatedHistory`, the rebuild scenario's; default 100,000 events) into the in-memory engine, in the order
 * A B B A A B..., after one warm-up rebuild each, and the CPU µs per log event of each rebuild is printed, then the
 * median of the adjacent pairs' ratios. Runs in separate processes minutes apart moved by ±15% on a shared machine
 * at load 8; adjacent rebuilds seconds apart share the load. The tree loaded second ran about 7% dearer in the
 * same code, whichever it was (8 Dec 2026), so run it both ways (A B, then B A) and read both.
 */
import { loadavg } from 'node:os';
import type * as Kernel from '@shopstream/kernel';
import type { AnyProjection, EventStore, ReadStore } from '@shopstream/kernel';
import type * as Commerce from '@shopstream/commerce';
import type * as ReadModels from '@shopstream/read-models';
import type * as StoreSqlite from '@shopstream/store-sqlite';
import { simulatedHistory } from './simulatedHistory.js';

interface Tree {
  readonly root: string;
  readonly rebuild: (path: string) => Promise<number>;
}

/** A tree's own kernel, commerce registry, read models and SQLite event store, imported from its sources. */
const loadTree = async (root: string): Promise<Tree> => {
  const kernel = (await import(`${root}/packages/kernel/src/index.ts`)) as typeof Kernel;
  const commerce = (await import(`${root}/packages/commerce/src/index.ts`)) as typeof Commerce;
  const readModels = (await import(`${root}/packages/read-models/src/index.ts`)) as typeof ReadModels;
  const sqlite = (await import(`${root}/packages/store-sqlite/src/index.ts`)) as typeof StoreSqlite;
  const projections: readonly AnyProjection[] = [kernel.pendingTimeouts, ...readModels.readModelProjections];
  return {
    root,
    rebuild: async (path) => {
      const eventStore: EventStore = sqlite.sqliteEventStore({ path, registry: commerce.commerceEventRegistry() });
      const readStore: ReadStore = kernel.memoryReadStore();
      const runtime = kernel.projectionRuntime({ eventStore, readStore, projections, batchSize: 256, catchUpBatchSize: 4096 });
      try {
        const head = await eventStore.headPosition();
        const cpu = process.cpuUsage();
        await runtime.start();
        await runtime.waitFor(head, { timeoutMs: 60 * 60_000 });
        const used = process.cpuUsage(cpu);
        return (used.user + used.system) / head;
      } finally {
        await runtime.stop();
        await eventStore.close();
        await readStore.close();
      }
    },
  };
};

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
};

const main = async () => {
  const [rootA, rootB, roundsArgument, sizeArgument] = process.argv.slice(2);
  if (rootA === undefined || rootB === undefined) throw new Error('usage: interleavedRebuild.ts <treeA> <treeB> [rounds] [events]');
  const history = await simulatedHistory(1, Number(sizeArgument ?? 100_000));
  const trees = { A: await loadTree(rootA), B: await loadTree(rootB) };
  const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  await trees.A.rebuild(history.eventsPath);
  await trees.B.rebuild(history.eventsPath);
  const rounds = Number(roundsArgument ?? 16);
  const order = ['A', 'B', 'B', 'A'] as const;
  const ratios: number[] = [];
  const byTree: Record<'A' | 'B', number[]> = { A: [], B: [] };
  let previous: { readonly which: 'A' | 'B'; readonly micros: number } | null = null;
  for (let round = 0; round < rounds; round++) {
    const which = order[round % order.length] ?? 'A';
    collect();
    const micros = await trees[which].rebuild(history.eventsPath);
    byTree[which].push(micros);
    console.log(`${new Date().toISOString().slice(11, 19)} ${which} ${micros.toFixed(2)} µs CPU per log event, load ${(loadavg()[0] ?? 0).toFixed(2)}`);
    // Rounds 0-1, 2-3, ...: each pair holds one rebuild of each tree.
    if (round % 2 === 1 && previous !== null) ratios.push(which === 'B' ? micros / previous.micros : previous.micros / micros);
    previous = { which, micros };
  }
  console.log(
    `A ${trees.A.root}: median ${median(byTree.A).toFixed(2)} µs; B ${trees.B.root}: median ${median(byTree.B).toFixed(2)} µs; ` +
      `B/A over ${ratios.length} adjacent pairs: median ${median(ratios).toFixed(3)} (${Math.min(...ratios).toFixed(3)}-${Math.max(...ratios).toFixed(3)})`,
  );
};

await main();
