/**
 * Appends through the SDK's SQLite event store against raw better-sqlite3 doing the same inserts on the same
 * schema and durability, in the same run: 1 and 10 events per append, spread over many streams.
 *
 * The raw side is the floor any SQLite event store stands on: one `BEGIN IMMEDIATE` transaction per append that
 * inserts the rows, with ids, timestamps and JSON made in JS, revisions kept in memory and a placeholder hash of
 * the same length (event ids UUIDv7, as the store's). The store adds what makes it an event store: validation and JSON normalisation
 * (`prepareEvents`), the stream-head and idempotency lookups that enforce the expected revision, and the
 * SHA-256 hash chain.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { GENESIS_HASH, categoryOf, eventHash, prepareEvents, timeOrderedIds } from '@shopstream/kernel';
import type { NewEvent } from '@shopstream/kernel';
import { sqliteEventStore } from '@shopstream/store-sqlite';
import type { Durability } from '@shopstream/store-sqlite';
import { median } from '../scenario.js';
import type { ScenarioResult } from '../scenario.js';

export const name = 'append';

const STREAMS = 1000;
const ROUNDS = Number(process.env.SHOPSTREAM_BENCH_ROUNDS ?? 7);
const DURABILITY: Durability = process.env.SHOPSTREAM_BENCH_DURABILITY === 'full' ? 'full' : 'normal';
/** Events written per variant per round: enough for a steady state, few enough to keep the run near a minute. */
const EVENTS_PER_ROUND = DURABILITY === 'full' ? 500 : 3_000;
const TARGET_SINGLE = 0.6;

/** A cart event of the size the shop really writes. */
const itemAdded = (i: number): NewEvent => ({
  type: 'ItemAdded',
  data: { sku: `SKU-${i % 5000}`, quantity: 1 + (i % 3), unitPrice: { amount: 1999 + (i % 100), currency: 'CNY' } },
  metadata: { correlationId: randomUUID(), actor: { kind: 'customer', id: `customer-${i % 997}` } },
});

const streamName = (i: number) => `cart-${String(i % STREAMS).padStart(6, '0')}`;

interface Sample {
  readonly seconds: number;
  /** CPU time (user + system) the process spent: unlike wall time, not inflated by other processes' load. */
  readonly cpuSeconds: number;
  readonly appends: number;
  readonly events: number;
}

const timed = async (appends: number, perAppend: number, body: (append: number) => Promise<void> | void): Promise<Sample> => {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  for (let a = 0; a < appends; a++) await body(a);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  return { seconds, cpuSeconds: (used.user + used.system) / 1e6, appends, events: appends * perAppend };
};

const viaStore = async (folder: string, file: string, perAppend: number): Promise<Sample> => {
  const store = sqliteEventStore({ path: join(folder, file), durability: DURABILITY });
  const revisions = new Array<number>(STREAMS).fill(-1);
  const appends = EVENTS_PER_ROUND / perAppend;
  try {
    return await timed(appends, perAppend, async (a) => {
      const s = a % STREAMS;
      const events = Array.from({ length: perAppend }, (_, i) => itemAdded(a * perAppend + i));
      const expected = revisions[s] ?? -1;
      const result = await store.append(streamName(a), events, { expectedRevision: expected === -1 ? 'no_stream' : expected });
      revisions[s] = result.nextExpectedRevision;
    });
  } finally {
    await store.close();
  }
};

const viaRaw = async (folder: string, file: string, perAppend: number): Promise<Sample> => {
  const path = join(folder, file);
  // The store creates the file, so the raw side writes to exactly the same tables and indexes.
  await sqliteEventStore({ path }).close();
  const db = new Database(path, { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${DURABILITY === 'full' ? 'FULL' : 'NORMAL'}`);
  const insert = db.prepare(
    'INSERT INTO events (id, stream, category, revision, type, schema_version, data, metadata, occurred_at, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const placeholderHash = '0'.repeat(64);
  // The metadata as every store writes it, nulls included, so both sides write rows of the same size.
  const metadataOf = (event: NewEvent) => ({ causationId: null, actor: null, traceparent: null, tracestate: null, ...event.metadata });
  const revisions = new Array<number>(STREAMS).fill(-1);
  const append = db.transaction((stream: string, s: number, events: readonly NewEvent[]) => {
    const occurredAt = new Date().toISOString();
    for (const event of events) {
      const revision = (revisions[s] ?? -1) + 1;
      revisions[s] = revision;
      insert.run(timeOrderedIds.next(), stream, categoryOf(stream), revision, event.type, 1, JSON.stringify(event.data), JSON.stringify(metadataOf(event)), occurredAt, placeholderHash);
    }
  });
  const appends = EVENTS_PER_ROUND / perAppend;
  try {
    return await timed(appends, perAppend, (a) => {
      const events = Array.from({ length: perAppend }, (_, i) => itemAdded(a * perAppend + i));
      append.immediate(streamName(a), a % STREAMS, events);
    });
  } finally {
    db.close();
  }
};

/**
 * CPU time of the two kernel rules the store applies to every event and raw SQL does not: validation and
 * normalisation (`prepareEvents`) and the hash chain (`eventHash`). Set against the store's extra CPU per
 * append, they show how much of the gap is those rules and how much is the store's own work.
 */
const kernelRuleCosts = () => {
  const n = 20_000;
  const events = Array.from({ length: 100 }, (_, i) => itemAdded(i));
  const context = { now: () => new Date(), newId: () => timeOrderedIds.next() };
  const cpuMicrosPer = (body: (i: number) => void) => {
    const started = process.cpuUsage();
    for (let i = 0; i < n; i++) body(i);
    const used = process.cpuUsage(started);
    return round2((used.user + used.system) / n);
  };
  const prepared = prepareEvents('cart-000001', events, context);
  return {
    prepareEvents: cpuMicrosPer((i) => prepareEvents('cart-000001', [events[i % events.length] ?? itemAdded(i)], context)),
    eventHash: cpuMicrosPer((i) => {
      const event = prepared[i % prepared.length];
      if (event) eventHash(GENESIS_HASH, { ...event, stream: 'cart-000001', revision: i });
    }),
  };
};

const appendsPerSecond = (sample: Sample) => sample.appends / sample.seconds;
const eventsPerSecond = (sample: Sample) => sample.events / sample.seconds;
const round2 = (n: number) => Math.round(n * 100) / 100;

export const run = async (): Promise<ScenarioResult> => {
  const folder = mkdtempSync(join(tmpdir(), 'shopstream-bench-append-'));
  try {
    const sizes = [1, 10] as const;
    const samples = new Map<string, Sample[]>();
    const ratios = new Map<number, number[]>();
    const cpuRatios = new Map<number, number[]>();
    // Round 0 warms up the JIT and the page cache and is not counted. Each round runs store and raw back to
    // back, swapping which goes first, so a slow moment on a shared machine hits both sides of a ratio.
    for (let round = 0; round <= ROUNDS; round++) {
      for (const perAppend of sizes) {
        const runStore = () => viaStore(folder, `store-${perAppend}-${round}.db`, perAppend);
        const runRaw = () => viaRaw(folder, `raw-${perAppend}-${round}.db`, perAppend);
        let store: Sample;
        let raw: Sample;
        if (round % 2 === 0) {
          store = await runStore();
          raw = await runRaw();
        } else {
          raw = await runRaw();
          store = await runStore();
        }
        if (round === 0) continue;
        samples.set(`store-${perAppend}`, [...(samples.get(`store-${perAppend}`) ?? []), store]);
        samples.set(`raw-${perAppend}`, [...(samples.get(`raw-${perAppend}`) ?? []), raw]);
        ratios.set(perAppend, [...(ratios.get(perAppend) ?? []), raw.seconds / store.seconds]);
        cpuRatios.set(perAppend, [...(cpuRatios.get(perAppend) ?? []), raw.cpuSeconds / store.cpuSeconds]);
      }
    }
    const figures = Object.fromEntries(
      sizes.map((perAppend) => {
        const store = samples.get(`store-${perAppend}`) ?? [];
        const raw = samples.get(`raw-${perAppend}`) ?? [];
        const roundRatios = ratios.get(perAppend) ?? [];
        return [
          `eventsPerAppend${perAppend}`,
          {
            storeAppendsPerSecond: Math.round(median(store.map(appendsPerSecond))),
            rawAppendsPerSecond: Math.round(median(raw.map(appendsPerSecond))),
            storeEventsPerSecond: Math.round(median(store.map(eventsPerSecond))),
            rawEventsPerSecond: Math.round(median(raw.map(eventsPerSecond))),
            storeMicrosPerAppend: round2(1e6 / median(store.map(appendsPerSecond))),
            rawMicrosPerAppend: round2(1e6 / median(raw.map(appendsPerSecond))),
            ratioStoreToRaw: round2(median(roundRatios)),
            ratioPerRound: roundRatios.map(round2),
            storeCpuMicrosPerAppend: round2(median(store.map((sample) => (sample.cpuSeconds * 1e6) / sample.appends))),
            rawCpuMicrosPerAppend: round2(median(raw.map((sample) => (sample.cpuSeconds * 1e6) / sample.appends))),
            cpuRatioStoreToRaw: round2(median(cpuRatios.get(perAppend) ?? [0])),
          },
        ];
      }),
    );
    const kernelRules = kernelRuleCosts();
    const single = median(ratios.get(1) ?? [0]);
    const batch = median(ratios.get(10) ?? [0]);
    const one = figures.eventsPerAppend1;
    const ten = figures.eventsPerAppend10;
    return {
      summary:
        `durability ${DURABILITY}; 1 event/append: store ${one?.storeAppendsPerSecond} vs raw ${one?.rawAppendsPerSecond} appends/s, ratio ${round2(single)}; ` +
        `10 events/append: store ${ten?.storeEventsPerSecond} vs raw ${ten?.rawEventsPerSecond} events/s, ratio ${round2(batch)} ` +
        `(CPU-time ratios ${one?.cpuRatioStoreToRaw} and ${ten?.cpuRatioStoreToRaw}; CPU us/append store ${one?.storeCpuMicrosPerAppend} vs raw ${one?.rawCpuMicrosPerAppend}, ` +
        `of which kernel rules per event: prepareEvents ${kernelRules.prepareEvents}, eventHash ${kernelRules.eventHash}; load ${round2(loadavg()[0] ?? 0)})`,
      target: { description: `store/raw >= ${TARGET_SINGLE} for single-event appends (measured ${round2(single)})`, met: single >= TARGET_SINGLE },
      method:
        `${ROUNDS} counted rounds after one warm-up; each round appends ${EVENTS_PER_ROUND} events per variant to a fresh file, over ` +
        `${STREAMS} streams, store and raw back to back with alternating order; figures are medians, ratios are medians of per-round ratios ` +
        `(throughput store/raw, so 1 means no overhead). CPU-time ratios compare the process's user+system time, which other processes' load inflates less.`,
      figures: {
        durability: DURABILITY,
        streams: STREAMS,
        rounds: ROUNDS,
        eventsPerRound: EVENTS_PER_ROUND,
        ...figures,
        kernelRulesCpuMicrosPerEvent: kernelRules,
      },
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
};
