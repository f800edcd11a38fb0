/**
 * Rebuilds a cart read model from a generated shop history in the SQLite event store, against a raw read and
 * JSON.parse of the same events with better-sqlite3, in the same run.
 *
 * The raw side is the floor any rebuild stands on: pages of the projection's event types in log order, rows
 * turned into objects and their JSON parsed. The rebuild adds what makes it a projection: the catch-up
 * subscription (upcasting, envelopes), a handler per event that reads its document back and writes it (carts,
 * per-customer and per-SKU counters with `$inc` upserts), and one read-store transaction per batch that also
 * writes the checkpoint. It is measured into the embedded SQLite read store and into its in-memory engine alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { defineProjection, memoryReadStore, projectionRuntime } from '@shopstream/kernel';
import type { NewEvent, ReadStore } from '@shopstream/kernel';
import { sqliteEventStore, sqliteReadStore } from '@shopstream/store-sqlite';
import { median } from '../scenario.js';
import type { ScenarioResult } from '../scenario.js';

export const name = 'rebuild';

const EVENTS = Number(process.env.SHOPSTREAM_BENCH_REBUILD_EVENTS ?? 200_000);
/** A rebuild of 200k events takes tens of seconds, so fewer rounds than the other scenarios by default. */
const ROUNDS = Number(process.env.SHOPSTREAM_BENCH_REBUILD_ROUNDS ?? process.env.SHOPSTREAM_BENCH_ROUNDS ?? 2);
/** The warm-up round projects only this share of the history: enough to warm the JIT and the page cache. */
const WARM_UP_SHARE = 0.1;
const BATCH_SIZE = 256;
const CUSTOMERS = 5_000;
const SKUS = 2_000;

type Money = { readonly amount: number; readonly currency: 'CNY' };
type ShopEvent =
  | { readonly type: 'CartOpened'; readonly data: { readonly cartId: string; readonly customerId: string } }
  | { readonly type: 'ItemAdded'; readonly data: { readonly cartId: string; readonly sku: string; readonly quantity: number; readonly unitPrice: Money } }
  | { readonly type: 'ItemRemoved'; readonly data: { readonly cartId: string; readonly sku: string } }
  | { readonly type: 'CheckedOut'; readonly data: { readonly cartId: string; readonly orderId: string; readonly total: Money } };

type Line = { readonly sku: string; readonly quantity: number; readonly unitPrice: Money };
type Cart = {
  readonly _id: string;
  readonly customerId: string;
  readonly lines: readonly Line[];
  readonly itemCount: number;
  readonly total: Money;
  readonly status: 'open' | 'checkedOut';
  readonly orderId: string | null;
  readonly openedAt: string;
  readonly updatedAt: string;
};

const priced = (lines: readonly Line[]) => ({
  itemCount: lines.reduce((n, line) => n + line.quantity, 0),
  total: { amount: lines.reduce((sum, line) => sum + line.quantity * line.unitPrice.amount, 0), currency: 'CNY' as const },
});

/** What the shop's cart read model does: one document per cart, and counters per customer and per SKU. */
const carts = defineProjection<ShopEvent, 'carts' | 'customers' | 'skus'>({
  name: 'bench-carts',
  version: 1,
  collections: {
    carts: { indexes: [{ keys: { customerId: 1 } }, { keys: { status: 1, updatedAt: -1 } }] },
    customers: {},
    skus: {},
  },
  handlers: {
    CartOpened: async (event, ctx) => {
      const cart: Cart = {
        _id: event.data.cartId,
        customerId: event.data.customerId,
        lines: [],
        itemCount: 0,
        total: { amount: 0, currency: 'CNY' },
        status: 'open',
        orderId: null,
        openedAt: event.occurredAt,
        updatedAt: event.occurredAt,
      };
      await ctx.collection<Cart>('carts').replaceOne(cart, { upsert: true });
      await ctx.collection('customers').updateOne({ _id: event.data.customerId }, { $inc: { carts: 1 }, $set: { lastSeenAt: event.occurredAt } }, { upsert: true });
    },
    ItemAdded: async (event, ctx) => {
      const collection = ctx.collection<Cart>('carts');
      const cart = await collection.get(event.data.cartId);
      if (!cart) return;
      const { sku, quantity, unitPrice } = event.data;
      const lines = cart.lines.some((line) => line.sku === sku)
        ? cart.lines.map((line) => (line.sku === sku ? { ...line, quantity: line.quantity + quantity } : line))
        : [...cart.lines, { sku, quantity, unitPrice }];
      await collection.replaceOne({ ...cart, lines, ...priced(lines), updatedAt: event.occurredAt });
      await ctx.collection('skus').updateOne({ _id: sku }, { $inc: { added: quantity } }, { upsert: true });
    },
    ItemRemoved: async (event, ctx) => {
      const collection = ctx.collection<Cart>('carts');
      const cart = await collection.get(event.data.cartId);
      if (!cart) return;
      const lines = cart.lines.filter((line) => line.sku !== event.data.sku);
      await collection.replaceOne({ ...cart, lines, ...priced(lines), updatedAt: event.occurredAt });
      await ctx.collection('skus').updateOne({ _id: event.data.sku }, { $inc: { removed: 1 } }, { upsert: true });
    },
    CheckedOut: async (event, ctx) => {
      const cart = await ctx.collection<Cart>('carts').get(event.data.cartId);
      if (!cart) return;
      await ctx.collection('carts').updateOne({ _id: cart._id }, { $set: { status: 'checkedOut', orderId: event.data.orderId, updatedAt: event.occurredAt } });
      await ctx.collection('customers').updateOne({ _id: cart.customerId }, { $inc: { orders: 1, spent: event.data.total.amount } }, { upsert: true });
    },
  },
});

/** A small deterministic PRNG (mulberry32), so every run rebuilds the same history. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/**
 * Writes about `count` events: carts opened, filled, trimmed and (two in three) checked out, interleaved over a
 * pool of open carts the way concurrent shoppers interleave, one to four events per append.
 */
const generateHistory = async (path: string, count: number): Promise<{ events: number; seconds: number }> => {
  const store = sqliteEventStore({ path });
  const random = prng(20260301);
  const started = process.hrtime.bigint();
  const clock = { ms: Date.parse('2026-01-01T00:00:00.000Z') };
  const at = () => new Date((clock.ms += 1 + Math.floor(random() * 20_000))).toISOString();
  type Open = { id: number; revision: number; lines: Map<string, { quantity: number; unitPrice: number }>; toAdd: number };
  const pool: Open[] = [];
  let nextCart = 0;
  let written = 0;
  try {
    while (written < count) {
      if (pool.length < 200) {
        const id = nextCart++;
        const customerId = `customer-${Math.floor(random() * CUSTOMERS)}`;
        const result = await store.append(`cart-${id}`, [{ type: 'CartOpened', data: { cartId: `cart-${id}`, customerId }, occurredAt: at() }], {
          expectedRevision: 'no_stream',
        });
        pool.push({ id, revision: result.nextExpectedRevision, lines: new Map(), toAdd: 1 + Math.floor(random() * 8) });
        written += 1;
        continue;
      }
      const index = Math.floor(random() * pool.length);
      const cart = pool[index] as Open;
      const events: NewEvent[] = [];
      const burst = 1 + Math.floor(random() * 4);
      for (let i = 0; i < burst && cart.toAdd > 0; i++, cart.toAdd--) {
        const sku = `SKU-${Math.floor(random() * SKUS)}`;
        const quantity = 1 + Math.floor(random() * 3);
        const unitPrice = 199 + Math.floor(random() * 20_000);
        const line = cart.lines.get(sku);
        cart.lines.set(sku, { quantity: (line?.quantity ?? 0) + quantity, unitPrice: line?.unitPrice ?? unitPrice });
        events.push({ type: 'ItemAdded', data: { cartId: `cart-${cart.id}`, sku, quantity, unitPrice: { amount: line?.unitPrice ?? unitPrice, currency: 'CNY' } }, occurredAt: at() });
      }
      if (cart.toAdd === 0 && events.length === 0) {
        const [firstSku] = cart.lines.keys();
        if (firstSku !== undefined && random() < 0.3) {
          cart.lines.delete(firstSku);
          events.push({ type: 'ItemRemoved', data: { cartId: `cart-${cart.id}`, sku: firstSku }, occurredAt: at() });
        }
        if (random() < 0.67) {
          const amount = [...cart.lines.values()].reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
          events.push({ type: 'CheckedOut', data: { cartId: `cart-${cart.id}`, orderId: `order-${cart.id}`, total: { amount, currency: 'CNY' } }, occurredAt: at() });
        }
        pool.splice(index, 1);
        if (events.length === 0) continue;
      }
      const result = await store.append(`cart-${cart.id}`, events, { expectedRevision: cart.revision });
      cart.revision = result.nextExpectedRevision;
      written += events.length;
    }
  } finally {
    await store.close();
  }
  return { events: written, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
};

interface Sample {
  readonly events: number;
  readonly seconds: number;
  /** User + system CPU of this process: inflated less than wall time by other processes' load. */
  readonly cpuSeconds: number;
  readonly peakRssMiB: number;
}

/** Samples the resident set while `body` runs: the peak of this phase, not of the whole process. */
const measured = async (body: () => Promise<number>): Promise<Sample> => {
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  try {
    const events = await body();
    peak = Math.max(peak, process.memoryUsage.rss());
    const used = process.cpuUsage(cpu);
    return {
      events,
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
      cpuSeconds: (used.user + used.system) / 1e6,
      peakRssMiB: Math.round(peak / 2 ** 20),
    };
  } finally {
    clearInterval(sampler);
  }
};

const viaRaw = (path: string): Promise<Sample> =>
  measured(async () => {
    const db = new Database(path, { readonly: true });
    const types = carts.eventTypes;
    const page = db.prepare<unknown[], { position: number; id: string; stream: string; revision: number; type: string; data: string; metadata: string; occurred_at: string }>(
      `SELECT position, id, stream, revision, type, data, metadata, occurred_at FROM events WHERE position > ? AND type IN (${types.map(() => '?').join(', ')}) ORDER BY position LIMIT ?`,
    );
    let after = 0;
    let events = 0;
    let checksum = 0;
    try {
      for (;;) {
        const rows = page.all(after, ...types, BATCH_SIZE);
        if (rows.length === 0) break;
        for (const row of rows) {
          const data = JSON.parse(row.data) as { cartId?: string };
          const metadata = JSON.parse(row.metadata) as { correlationId?: string };
          checksum += (data.cartId?.length ?? 0) + (metadata.correlationId?.length ?? 0) + row.revision;
          events += 1;
        }
        after = (rows[rows.length - 1] as { position: number }).position;
        await Promise.resolve();
      }
    } finally {
      db.close();
    }
    if (checksum === 0) throw new Error('the raw read saw no data');
    return events;
  });

const viaRuntime = (path: string, readStore: ReadStore, share = 1): Promise<Sample> =>
  measured(async () => {
    const eventStore = sqliteEventStore({ path });
    const runtime = projectionRuntime({ eventStore, readStore, projections: [carts], batchSize: BATCH_SIZE });
    try {
      await runtime.start();
      await runtime.waitFor(Math.ceil((await eventStore.headPosition()) * share), { timeoutMs: 30 * 60_000 });
      const [status] = await runtime.status();
      return status?.live?.eventsApplied ?? 0;
    } finally {
      await runtime.stop();
      await eventStore.close();
      await readStore.close();
    }
  });

const perSecond = (sample: Sample) => sample.events / sample.seconds;
const cpuMicrosPerEvent = (sample: Sample) => (sample.cpuSeconds * 1e6) / sample.events;
const round2 = (n: number) => Math.round(n * 100) / 100;

export const run = async (): Promise<ScenarioResult> => {
  const folder = mkdtempSync(join(tmpdir(), 'shopstream-bench-rebuild-'));
  try {
    const path = join(folder, 'events.db');
    const history = await generateHistory(path, EVENTS);
    let files = 0;
    // The embedded deployment's read store (SQLite-persisted) and its engine alone, each from empty.
    const stores: Record<string, () => ReadStore> = {
      sqlite: () => sqliteReadStore({ path: join(folder, `read-${(files += 1)}.db`) }),
      memory: () => memoryReadStore(),
    };
    const runtimeSamples = new Map<string, Sample[]>();
    const rawSamples: Sample[] = [];
    const ratios = new Map<string, number[]>();
    const cpuRatios = new Map<string, number[]>();
    // Round 0 warms up the JIT and the page cache on part of the history and is not counted; raw and runtime
    // run back to back.
    for (let round = 0; round <= ROUNDS; round++) {
      for (const [kind, create] of Object.entries(stores)) {
        const raw = await viaRaw(path);
        if (round === 0) {
          await viaRuntime(path, create(), WARM_UP_SHARE);
          continue;
        }
        const built = await viaRuntime(path, create());
        if (built.events !== raw.events) throw new Error(`the rebuild applied ${built.events} events, the raw read saw ${raw.events}`);
        rawSamples.push(raw);
        runtimeSamples.set(kind, [...(runtimeSamples.get(kind) ?? []), built]);
        ratios.set(kind, [...(ratios.get(kind) ?? []), perSecond(built) / perSecond(raw)]);
        cpuRatios.set(kind, [...(cpuRatios.get(kind) ?? []), cpuMicrosPerEvent(raw) / cpuMicrosPerEvent(built)]);
      }
    }
    const rawPerSecond = Math.round(median(rawSamples.map(perSecond)));
    const byStore = Object.fromEntries(
      Object.keys(stores).map((kind) => {
        const samples = runtimeSamples.get(kind) ?? [];
        const roundRatios = ratios.get(kind) ?? [];
        return [
          kind,
          {
            eventsPerSecond: Math.round(median(samples.map(perSecond))),
            seconds: round2(median(samples.map((s) => s.seconds))),
            cpuMicrosPerEvent: round2(median(samples.map(cpuMicrosPerEvent))),
            peakRssMiB: Math.max(...samples.map((s) => s.peakRssMiB)),
            ratioToRaw: round2(median(roundRatios)),
            cpuRatioToRaw: round2(median(cpuRatios.get(kind) ?? [0])),
            ratioPerRound: roundRatios.map(round2),
          },
        ];
      }),
    );
    const events = rawSamples[0]?.events ?? 0;
    return {
      summary:
        `${events} events; raw read+parse ${rawPerSecond} events/s; ` +
        Object.entries(byStore)
          .map(([kind, f]) => `rebuild into ${kind} read store ${f.eventsPerSecond} events/s (ratio ${f.ratioToRaw}, CPU ratio ${f.cpuRatioToRaw}, peak RSS ${f.peakRssMiB} MiB)`)
          .join('; '),
      method:
        `A generated history of ${history.events} cart events (interleaved over 200 open carts, 1-4 events per append) in a SQLite event ` +
        `file; each of ${ROUNDS} counted rounds (after a warm-up on ${WARM_UP_SHARE * 100}% of it) reads and parses the projection's events raw, then builds the cart ` +
        `read model from empty with the projection runtime (batch ${BATCH_SIZE}); figures are medians, ratios medians of per-round ratios.`,
      figures: {
        historyEvents: history.events,
        historyWriteSeconds: round2(history.seconds),
        projectedEvents: events,
        rounds: ROUNDS,
        batchSize: BATCH_SIZE,
        raw: { eventsPerSecond: rawPerSecond, cpuMicrosPerEvent: round2(median(rawSamples.map(cpuMicrosPerEvent))), peakRssMiB: Math.max(...rawSamples.map((s) => s.peakRssMiB)) },
        rebuild: byStore,
      },
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
};
