/**
 * Rebuilds every read model the shop runs (the SDK's projections: `pendingTimeouts` and `readModelProjections`)
 * from a simulated shop history in the SQLite event store, against a raw read and JSON.parse of the same events
 * with better-sqlite3, in the same run.
 *
 * The history comes from the simulator driving a real shop through its commands (sign-ups, browsing, carts,
 * checkouts, payments, shipping, reviews, after-sales, fraud), cached under results/cache/ per seed and size. The
 * raw side is the floor any rebuild stands on: every row of the log, in order, its data and metadata parsed. The
 * rebuild adds what makes it a set of read models: the runtime's catch-up subscription (one per lane: projections at
 * one position read the log together; upcasting, envelopes), handlers reading and writing documents, and one
 * read-store transaction per batch with every member's checkpoint. It is measured into the embedded SQLite read store and into its in-memory engine alone.
 *
 * SHOPSTREAM_BENCH_REBUILD_EVENTS sets the history's size (default 1,000,000; generating it the first time takes
 * about an hour on a loaded machine: 30000 is the quick run). At full size one rebuild takes minutes, so
 * SHOPSTREAM_BENCH_REBUILD_STORES (default `memory,sqlite`) and SHOPSTREAM_BENCH_REBUILD_WARMUP=0 (default 1)
 * make a single-pass run possible; SHOPSTREAM_BENCH_REBUILD_CACHE_BYTES sets the SQLite read store's `cacheBytes`, SHOPSTREAM_BENCH_REBUILD_CATCH_UP the
 * runtime's `catchUpBatchSize`, SHOPSTREAM_BENCH_REBUILD_EACH=on adds each projection rebuilt alone.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { memoryReadStore, pendingTimeouts, projectionRuntime } from '@shopstream/kernel';
import type { AnyProjection, ReadStore } from '@shopstream/kernel';
import { commerceEventRegistry } from '@shopstream/commerce';
import { readModelProjections } from '@shopstream/read-models';
import { sqliteEventStore, sqliteReadStore } from '@shopstream/store-sqlite';
import { median } from '../scenario.js';
import type { ScenarioResult } from '../scenario.js';
import { simulatedHistory } from '../support/simulatedHistory.js';
import { measured } from '../support/measured.js';
import type { Sample } from '../support/measured.js';

export const name = 'rebuild';

const EVENTS = Number(process.env.SHOPSTREAM_BENCH_REBUILD_EVENTS ?? 1_000_000);
const SEED = Number(process.env.SHOPSTREAM_BENCH_REBUILD_SEED ?? 1);
const ROUNDS = Number(process.env.SHOPSTREAM_BENCH_REBUILD_ROUNDS ?? process.env.SHOPSTREAM_BENCH_ROUNDS ?? 2);
const WARMUP = process.env.SHOPSTREAM_BENCH_REBUILD_WARMUP !== '0';
/** The SQLite read store's cache of parsed documents, in characters of JSON; its default when unset. */
const CACHE_BYTES = process.env.SHOPSTREAM_BENCH_REBUILD_CACHE_BYTES === undefined ? undefined : Number(process.env.SHOPSTREAM_BENCH_REBUILD_CACHE_BYTES);
const STORES = (process.env.SHOPSTREAM_BENCH_REBUILD_STORES ?? 'memory,sqlite').split(',').map((kind) => kind.trim());
const BATCH_SIZE = 256;
/** The runtime's default (SHOPSTREAM_BENCH_REBUILD_CATCH_UP to try another): far behind the head, a projector applies this many events per transaction. */
const CATCH_UP_BATCH_SIZE = Number(process.env.SHOPSTREAM_BENCH_REBUILD_CATCH_UP ?? 4096);
/**
 * SHOPSTREAM_BENCH_REBUILD_EACH=on: after the rounds, each projection is also rebuilt alone into each store, once,
 * for what it costs by itself (CPU µs per log event). Alone, each pays for reading its own events, so the sum
 * is more than the whole; the shares say how the work would split between workers.
 */
const EACH = process.env.SHOPSTREAM_BENCH_REBUILD_EACH === 'on';
/** The shop's projections, as the SDK registers them. */
const projections = [pendingTimeouts, ...readModelProjections];
const TARGET_EVENTS_PER_SECOND = 50_000;
const TARGET_PEAK_RSS_MIB = 1536;

interface RawRow {
  readonly position: number;
  readonly id: string;
  readonly stream: string;
  readonly revision: number;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly occurred_at: string;
}

const viaRaw = (path: string): Promise<Sample> =>
  measured(async () => {
    const db = new Database(path, { readonly: true });
    const page = db.prepare<[number, number], RawRow>('SELECT position, id, stream, revision, type, data, metadata, occurred_at FROM events WHERE position > ? ORDER BY position LIMIT ?');
    let after = 0;
    let events = 0;
    let checksum = 0;
    try {
      for (;;) {
        const rows = page.all(after, BATCH_SIZE);
        if (rows.length === 0) break;
        for (const row of rows) {
          const data = JSON.parse(row.data) as object;
          const metadata = JSON.parse(row.metadata) as { correlationId?: string };
          checksum += Object.keys(data).length + (metadata.correlationId?.length ?? 0) + row.revision;
          events += 1;
        }
        after = (rows[rows.length - 1] as RawRow).position;
        await Promise.resolve();
      }
    } finally {
      db.close();
    }
    if (checksum === 0) throw new Error('the raw read saw no data');
    return { events, deliveries: events };
  });

const viaRuntime = (path: string, readStore: ReadStore, built: readonly AnyProjection[] = projections): Promise<Sample> =>
  measured(async () => {
    const eventStore = sqliteEventStore({ path, registry: commerceEventRegistry() });
    const runtime = projectionRuntime({ eventStore, readStore, projections: built, batchSize: BATCH_SIZE, catchUpBatchSize: CATCH_UP_BATCH_SIZE });
    try {
      const head = await eventStore.headPosition();
      await runtime.start();
      await runtime.waitFor(head, { timeoutMs: 6 * 60 * 60_000 });
      const statuses = await runtime.status();
      const failed = statuses.find((status) => status.state === 'failed');
      if (failed) throw new Error(`projection ${failed.name} failed during the rebuild`);
      return { events: head, deliveries: statuses.reduce((sum, status) => sum + (status.live?.eventsApplied ?? 0), 0) };
    } finally {
      await runtime.stop();
      await eventStore.close();
      await readStore.close();
    }
  });

/** Opens a rebuilt SQLite read store in a fresh process (as a restart does): seconds to open, RSS and live heap. */
const reopened = (path: string): { seconds: number; rssMiB: number; heapUsedMiB: number } => {
  const script = `
    import { sqliteReadStore } from '@shopstream/store-sqlite';
    const started = performance.now();
    const store = sqliteReadStore({ path: ${JSON.stringify(path)}${CACHE_BYTES === undefined ? '' : `, cacheBytes: ${CACHE_BYTES}`} });
    const seconds = (performance.now() - started) / 1000;
    globalThis.gc();
    const { rss, heapUsed } = process.memoryUsage();
    await store.close();
    console.log(JSON.stringify({ seconds: Math.round(seconds * 100) / 100, rssMiB: Math.round(rss / 2 ** 20), heapUsedMiB: Math.round(heapUsed / 2 ** 20) }));
  `;
  const out = execFileSync(process.execPath, ['--expose-gc', ...process.execArgv, '--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop() as string) as { seconds: number; rssMiB: number; heapUsedMiB: number };
};

const perSecond = (sample: Sample) => sample.events / sample.seconds;
const cpuMicrosPerEvent = (sample: Sample) => (sample.cpuSeconds * 1e6) / sample.events;
const round2 = (n: number) => Math.round(n * 100) / 100;

export const run = async (): Promise<ScenarioResult> => {
  const history = await simulatedHistory(SEED, EVENTS);
  const folder = mkdtempSync(join(tmpdir(), 'shopstream-bench-rebuild-'));
  try {
    let files = 0;
    const sqlitePath = () => join(folder, `read-${files}.db`);
    // The embedded deployment's read store (SQLite-persisted) and its engine alone, each from empty.
    const allStores: Record<string, () => ReadStore> = {
      memory: () => memoryReadStore(),
      sqlite: () => {
        files += 1;
        return sqliteReadStore({ path: sqlitePath(), ...(CACHE_BYTES === undefined ? {} : { cacheBytes: CACHE_BYTES }) });
      },
    };
    const reopenings: ReturnType<typeof reopened>[] = [];
    const unknown = STORES.filter((kind) => !(kind in allStores));
    if (unknown.length > 0 || STORES.length === 0) throw new Error(`SHOPSTREAM_BENCH_REBUILD_STORES: use memory and/or sqlite, not ${unknown.join(', ')}`);
    const stores = Object.fromEntries(STORES.map((kind) => [kind, allStores[kind] as () => ReadStore]));
    const runtimeSamples = new Map<string, Sample[]>();
    const rawSamples: Sample[] = [];
    const ratios = new Map<string, number[]>();
    // Raw and rebuild run back to back in every round, so both see the same load; round 0 warms up and is not counted.
    for (let round = WARMUP ? 0 : 1; round <= ROUNDS; round++) {
      for (const [kind, create] of Object.entries(stores)) {
        const raw = await viaRaw(history.eventsPath);
        const built = await viaRuntime(history.eventsPath, create());
        if (kind === 'sqlite' && round > 0) reopenings.push(reopened(sqlitePath()));
        if (built.events !== raw.events) throw new Error(`the rebuild reached position ${built.events}, the raw read saw ${raw.events} events`);
        if (round === 0) continue;
        rawSamples.push(raw);
        runtimeSamples.set(kind, [...(runtimeSamples.get(kind) ?? []), built]);
        ratios.set(kind, [...(ratios.get(kind) ?? []), perSecond(built) / perSecond(raw)]);
      }
    }
    const alone: Record<string, Record<string, { cpuMicrosPerEvent: number; seconds: number }>> = {};
    if (EACH) {
      for (const [kind, create] of Object.entries(stores)) {
        for (const projection of projections) {
          const sample = await viaRuntime(history.eventsPath, create(), [projection]);
          (alone[kind] ??= {})[projection.name] = { cpuMicrosPerEvent: round2(cpuMicrosPerEvent(sample)), seconds: round2(sample.seconds) };
        }
      }
    }
    const rawPerSecond = Math.round(median(rawSamples.map(perSecond)));
    const byStore = Object.fromEntries(
      Object.keys(stores).map((kind) => {
        const samples = runtimeSamples.get(kind) ?? [];
        return [
          kind,
          {
            eventsPerSecond: Math.round(median(samples.map(perSecond))),
            seconds: round2(median(samples.map((s) => s.seconds))),
            cpuMicrosPerEvent: round2(median(samples.map(cpuMicrosPerEvent))),
            deliveries: samples[0]?.deliveries ?? 0,
            peakRssMiB: Math.max(...samples.map((s) => s.peakRssMiB)),
            ratioToRaw: round2(median(ratios.get(kind) ?? [])),
            ratioPerRound: (ratios.get(kind) ?? []).map(round2),
          },
        ];
      }),
    ) as Record<string, { eventsPerSecond: number; cpuMicrosPerEvent: number; peakRssMiB: number; ratioToRaw: number; deliveries: number }>;
    const slowest = Math.min(...Object.values(byStore).map((f) => f.eventsPerSecond));
    const peak = Math.max(...Object.values(byStore).map((f) => f.peakRssMiB));
    return {
      summary:
        `${history.events} simulated events (${history.customers} customers, ${history.days} days); raw read+parse ${rawPerSecond} events/s; ` +
        Object.entries(byStore)
          .map(([kind, f]) => `all read models into ${kind} ${f.eventsPerSecond} events/s (${f.cpuMicrosPerEvent} us CPU per event, ratio ${f.ratioToRaw}, peak RSS ${f.peakRssMiB} MiB)`)
          .join('; ') +
        reopenings.map((r) => `; rebuilt SQLite store reopened in ${r.seconds} s: RSS ${r.rssMiB} MiB, live heap ${r.heapUsedMiB} MiB`).join(''),
      target: {
        description: `rebuild >= ${TARGET_EVENTS_PER_SECOND} events/s with peak RSS <= ${TARGET_PEAK_RSS_MIB} MiB (slowest store ${slowest} events/s, peak ${peak} MiB)`,
        met: slowest >= TARGET_EVENTS_PER_SECOND && peak <= TARGET_PEAK_RSS_MIB,
      },
      method:
        `A simulated history (seed ${SEED}, ${history.customers} customers over ${history.days} days, ${history.events} events written through the SDK's ` +
        `commands) in a SQLite event file; each of ${ROUNDS} counted rounds (${WARMUP ? 'after a warm-up round' : 'no warm-up'}) reads and parses every event raw, then rebuilds all ` +
        `${projections.length} of the shop's projections from empty with one projection runtime (batch ${BATCH_SIZE}, catch-up batch ${CATCH_UP_BATCH_SIZE} while more than that behind the head) until each reaches the head. ` +
        `Events/s is log events over wall time; deliveries counts events applied summed over projections; peak RSS is the kernel's high-water mark (VmHWM, reset before each rebuild) where there is one, else sampled every 20 ms; ` +
        `each SQLite read store rebuilt is then opened in a fresh process (seconds to open, RSS and live heap after a full GC).`,
      figures: {
        history: {
          seed: SEED,
          customers: history.customers,
          days: history.days,
          events: history.events,
          generationSeconds: history.generationSeconds,
          generationEventsPerSecond: history.generationEventsPerSecond,
          cachedThisRun: history.cached,
        },
        projections: projections.map((projection) => projection.name),
        rounds: ROUNDS,
        warmUp: WARMUP,
        stores: STORES,
        sqliteCacheBytes: CACHE_BYTES ?? null,
        batchSize: BATCH_SIZE,
        catchUpBatchSize: CATCH_UP_BATCH_SIZE,
        raw: { eventsPerSecond: rawPerSecond, cpuMicrosPerEvent: round2(median(rawSamples.map(cpuMicrosPerEvent))), peakRssMiB: Math.max(...rawSamples.map((s) => s.peakRssMiB)) },
        rebuild: byStore,
        reopenedSqlite: reopenings,
        ...(EACH ? { eachAlone: alone } : {}),
      },
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
};
