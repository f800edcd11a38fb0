/**
 * Add-to-cart commands through the command handler on the embedded SQLite event store: each command takes the
 * cart's state (from the handler's cache when it wrote the cart last, else by loading and folding the stream),
 * decides with the real cart decider and appends with that revision as the expectation. Two ways of issuing
 * them: one after another, and by CUSTOMERS concurrent customers (one cart each in flight, so their appends
 * are group-committed). Each is measured against its baseline in the same round, on a store of its own: the
 * very events those commands produced appended straight to the store, the same way (one at a time, or
 * CUSTOMERS in flight). One-after-another with the cache turned off is measured too, to show what it saves.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as E from 'fp-ts/lib/Either.js';
import { commerceEventRegistry } from '@shopstream/commerce';
import { cartDecider, cartStream } from '@shopstream/commerce/cart';
import type { CartCommand } from '@shopstream/commerce/cart';
import { commandHandler } from '@shopstream/kernel';
import type { NewEvent } from '@shopstream/kernel';
import { sqliteEventStore } from '@shopstream/store-sqlite';
import { median } from '../scenario.js';
import type { ScenarioResult } from '../scenario.js';

export const name = 'commands';

const COMMANDS = Number(process.env.SHOPSTREAM_BENCH_COMMANDS ?? 20_000);
const ROUNDS = Number(process.env.SHOPSTREAM_BENCH_ROUNDS ?? 3);
/** Items per cart: carts grow to this many lines, so loads read short streams as in a real shop. */
const ITEMS_PER_CART = 8;
const TARGET_PER_SECOND = 5_000;
/** Customers issuing commands at once in the concurrent variant: a busy shop serves many at the same time. */
const CUSTOMERS = Number(process.env.SHOPSTREAM_BENCH_CUSTOMERS ?? 16);

const uuid = (n: number, kind: number): string => `00000000-0000-4000-8${kind.toString(16).padStart(3, '0')}-${n.toString(16).padStart(12, '0')}`;

const addToCart = (i: number): { stream: string; command: CartCommand } => {
  const cart = Math.floor(i / ITEMS_PER_CART);
  const cartId = uuid(cart, 1);
  return {
    stream: cartStream(cartId),
    command: {
      type: 'AddCartItem',
      cartId,
      userId: uuid(cart % 1_000, 2),
      sku: `SKU-${i % ITEMS_PER_CART}-${cart % 97}`,
      productId: uuid(i % 500, 3),
      quantity: 1 + (i % 3),
      unitPrice: { amount: 1_990 + (i % 50) * 100, currency: 'CNY' },
      limit: 10,
    },
  };
};

const withStore = async <T>(work: (store: ReturnType<typeof sqliteEventStore>) => Promise<T>): Promise<T> => {
  const folder = mkdtempSync(join(tmpdir(), 'shopstream-bench-commands-'));
  const store = sqliteEventStore({ path: join(folder, 'events.db'), registry: commerceEventRegistry() });
  try {
    return await work(store);
  } finally {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  }
};

type Timed = {
  readonly perSecond: number;
  /** User + system CPU of this process per command or append, which other processes' load inflates less. */
  readonly cpuMicros: number;
};

const timed = async (count: number, work: () => Promise<void>): Promise<Timed> => {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { perSecond: count / seconds, cpuMicros: (used.user + used.system) / count };
};

/** Runs `step(i)` for i in [0, count): one after another, or by `lanes` workers each taking the next cart. */
const drive = async (count: number, lanes: number, step: (i: number) => Promise<void>): Promise<void> => {
  if (lanes === 1) {
    for (let i = 0; i < count; i++) await step(i);
    return;
  }
  let nextCart = 0;
  const carts = Math.ceil(count / ITEMS_PER_CART);
  const customer = async () => {
    // A customer fills one cart at a time, command after command, like a shopper would.
    for (let cart = nextCart++; cart < carts; cart = nextCart++) {
      for (let i = cart * ITEMS_PER_CART; i < Math.min(count, (cart + 1) * ITEMS_PER_CART); i++) await step(i);
    }
  };
  await Promise.all(Array.from({ length: lanes }, customer));
};

type Pair = {
  readonly commands: Timed;
  readonly appends: Timed;
  readonly ratio: number;
};

/** The commands on one fresh store, then the events they produced appended directly on another, the same way. */
const pair = async (lanes: number, cache: boolean): Promise<Pair> => {
  const produced: NewEvent[][] = new Array<NewEvent[]>(COMMANDS);
  const commands = await withStore((store) => {
    const handle = commandHandler({ store, decider: cartDecider, ...(cache ? {} : { cache: false as const }) });
    return timed(COMMANDS, () =>
      drive(COMMANDS, lanes, async (i) => {
        const { stream, command } = addToCart(i);
        const result = await handle(stream, command);
        if (E.isLeft(result)) throw new Error(`add-to-cart refused: ${result.left._tag}`);
        produced[i] = result.right.events.map((event) => ({ type: event.type, data: event.data }));
      }),
    );
  });
  const appends = await withStore((store) =>
    timed(COMMANDS, () =>
      drive(COMMANDS, lanes, async (i) => {
        await store.append(addToCart(i).stream, produced[i] ?? []);
      }),
    ),
  );
  return { commands, appends, ratio: commands.perSecond / appends.perSecond };
};

type Round = {
  readonly sequential: Pair;
  readonly sequentialNoCache: Pair;
  readonly concurrent: Pair;
};

const round = async (): Promise<Round> => ({
  sequential: await pair(1, true),
  sequentialNoCache: await pair(1, false),
  concurrent: await pair(CUSTOMERS, true),
});

const summarise = (pairs: readonly Pair[]) => ({
  commandsPerSecond: median(pairs.map((p) => p.commands.perSecond)),
  appendsPerSecond: median(pairs.map((p) => p.appends.perSecond)),
  ratio: median(pairs.map((p) => p.ratio)),
  commandCpuMicros: median(pairs.map((p) => p.commands.cpuMicros)),
  appendCpuMicros: median(pairs.map((p) => p.appends.cpuMicros)),
});

export const run = async (): Promise<ScenarioResult> => {
  await round(); // warm-up: JIT, page cache
  const rounds: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) rounds.push(await round());
  const sequential = summarise(rounds.map((r) => r.sequential));
  const sequentialNoCache = summarise(rounds.map((r) => r.sequentialNoCache));
  const concurrent = summarise(rounds.map((r) => r.concurrent));
  const figure = (label: string, f: ReturnType<typeof summarise>) =>
    `${label} ${f.commandsPerSecond.toFixed(0)}/s vs ${f.appendsPerSecond.toFixed(0)}/s appending directly (ratio ${f.ratio.toFixed(2)})`;
  return {
    summary: `${COMMANDS} add-to-cart commands: ${figure(`${CUSTOMERS} customers at once`, concurrent)}; ${figure('one at a time', sequential)}; ${figure('one at a time without the state cache', sequentialNoCache)}`,
    target: { description: `>= ${TARGET_PER_SECOND} add-to-cart commands per second`, met: concurrent.commandsPerSecond >= TARGET_PER_SECOND },
    method: `Each round: AddCartItem commands through commandHandler with the cart decider, 8 items per cart, on a fresh SQLite event store (WAL, synchronous=NORMAL, commerce registry), issued (a) one after another, (b) the same without the state cache, (c) by ${CUSTOMERS} concurrent customers each filling one cart at a time; after each, on another fresh store, the same events appended directly the same way. Medians of the rounds after one warm-up round; ratios are medians of the per-round ratios; CPU is this process's user+system time per command or append.`,
    figures: {
      commands: COMMANDS,
      rounds: ROUNDS,
      customers: CUSTOMERS,
      concurrent,
      sequential,
      sequentialNoCache,
      perRound: rounds,
    },
  };
};
