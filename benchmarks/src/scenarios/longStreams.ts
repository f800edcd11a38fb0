/**
 * Deciding on a stream with 100,000 past events against one with 10, through the command handler on the
 * SQLite event store with SQLite snapshots: a hot SKU or a busy coupon must not get slower to decide on as its
 * history grows. The same long stream without snapshots is measured too, to show what the snapshots save.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as E from 'fp-ts/lib/Either.js';
import { commandHandler } from '@shopstream/kernel';
import type { Decider } from '@shopstream/kernel';
import { sqliteEventStore, sqliteSnapshotStore } from '@shopstream/store-sqlite';
import { median } from '../scenario.js';
import type { ScenarioResult } from '../scenario.js';

export const name = 'long-streams';

const LONG = Number(process.env.SHOPSTREAM_BENCH_LONG_STREAM ?? 100_000);
const SHORT = 10;
const COMMANDS = 300;
const SNAPSHOT_EVERY = 100;
/** The cost on the long stream may be at most this many times the cost on the short one. */
const TARGET_RATIO = 1.5;

type StockEvent = { type: 'StockReceived'; data: { quantity: number } } | { type: 'StockReserved'; data: { quantity: number; orderId: string } };
type Reserve = { orderId: string; quantity: number };
type StockError = { _tag: 'OutOfStock'; available: number };

const stock: Decider<{ available: number; reservations: number }, Reserve, StockEvent, StockError> = {
  initialState: () => ({ available: 0, reservations: 0 }),
  evolve: (state, event) =>
    event.type === 'StockReceived'
      ? { ...state, available: state.available + event.data.quantity }
      : { available: state.available - event.data.quantity, reservations: state.reservations + 1 },
  decide: (command, state) =>
    state.available < command.quantity
      ? E.left({ _tag: 'OutOfStock', available: state.available })
      : E.right([{ type: 'StockReserved', data: { quantity: command.quantity, orderId: command.orderId } }]),
};

const seed = async (store: ReturnType<typeof sqliteEventStore>, stream: string, events: number) => {
  await store.append(stream, [{ type: 'StockReceived', data: { quantity: 10_000_000 } }]);
  for (let done = 1; done < events; done += 1000) {
    const batch = Array.from({ length: Math.min(1000, events - done) }, (_, i) => ({
      type: 'StockReserved',
      data: { quantity: 1, orderId: `seed-${done + i}` },
    }));
    await store.append(stream, batch);
  }
};

const timePerCommand = async (handle: ReturnType<typeof commandHandler<{ available: number; reservations: number }, Reserve, StockEvent, StockError>>, stream: string, count: number) => {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const result = await handle(stream, { orderId: `bench-${i}`, quantity: 1 });
    samples.push(performance.now() - started);
    if (E.isLeft(result)) throw new Error(`command refused: ${result.left._tag}`);
  }
  return samples;
};

export const run = async (): Promise<ScenarioResult> => {
  const dir = mkdtempSync(join(tmpdir(), 'shopstream-bench-long-'));
  const store = sqliteEventStore({ path: join(dir, 'events.db') });
  const snapshots = sqliteSnapshotStore({ path: join(dir, 'events.db') });
  try {
    await seed(store, 'stock-long', LONG);
    await seed(store, 'stock-short', SHORT);
    // No state cache on either: a warm handler would decide every command but the first on the state it kept, and
    // this measures what a command costs when the state must be loaded (a restart, another process, an evicted stream).
    const withSnapshots = commandHandler({ store, decider: stock, cache: false, snapshots: { store: snapshots, every: SNAPSHOT_EVERY, version: 'stock.v1' } });
    const without = commandHandler({ store, decider: stock, cache: false });
    // Warm both streams, so the first snapshot of the long stream is taken outside the measurement.
    await timePerCommand(withSnapshots, 'stock-long', SNAPSHOT_EVERY);
    await timePerCommand(withSnapshots, 'stock-short', SNAPSHOT_EVERY);
    const rounds: { long: number; short: number }[] = [];
    for (let round = 0; round < 5; round++) {
      const long = median(await timePerCommand(withSnapshots, 'stock-long', COMMANDS));
      const short = median(await timePerCommand(withSnapshots, 'stock-short', COMMANDS));
      rounds.push({ long, short });
    }
    const unsnapshotted = median(await timePerCommand(without, 'stock-long', 3));
    const longMs = median(rounds.map((r) => r.long));
    const shortMs = median(rounds.map((r) => r.short));
    const ratio = median(rounds.map((r) => r.long / r.short));
    const round3 = (x: number) => Math.round(x * 1000) / 1000;
    return {
      summary: `long-streams: ${round3(longMs)} ms per command at ${LONG.toLocaleString('en')} events vs ${round3(shortMs)} ms at ${SHORT} (ratio ${round3(ratio)}); without snapshots ${round3(unsnapshotted)} ms`,
      target: { description: `a command on a ${LONG}-event stream costs at most ${TARGET_RATIO}x one on a ${SHORT}-event stream`, met: ratio <= TARGET_RATIO },
      method: `SQLite event store (synchronous=NORMAL) and SQLite snapshots every ${SNAPSHOT_EVERY} events; median command time without the command handler's state cache (load the newest snapshot and the events after it, decide, append) over ${COMMANDS} commands per stream, 5 interleaved rounds, ratio of medians per round.`,
      figures: {
        longStreamEvents: LONG,
        shortStreamEvents: SHORT,
        snapshotEvery: SNAPSHOT_EVERY,
        medianMsLong: round3(longMs),
        medianMsShort: round3(shortMs),
        ratioLongToShort: round3(ratio),
        ratioPerRound: rounds.map((r) => round3(r.long / r.short)),
        medianMsLongWithoutSnapshots: round3(unsnapshotted),
      },
    };
  } finally {
    snapshots.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
};
