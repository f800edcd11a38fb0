/**
 * Add-to-cart commands through the command handler on the embedded SQLite event store: each command loads the
 * cart stream, folds it, decides with the real cart decider and appends with the loaded revision as the
 * expectation. The baseline, in the same run and on a store of its own, appends the very events those commands
 * produced straight to the store, so the ratio is what loading and deciding add on top of the append.
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

const round = async (): Promise<{ commandsPerSecond: number; appendsPerSecond: number }> => {
  const produced: { stream: string; events: NewEvent[] }[] = [];
  const commandSeconds = await withStore(async (store) => {
    const handle = commandHandler({ store, decider: cartDecider });
    const started = performance.now();
    for (let i = 0; i < COMMANDS; i++) {
      const { stream, command } = addToCart(i);
      const result = await handle(stream, command);
      if (E.isLeft(result)) throw new Error(`add-to-cart refused: ${result.left._tag}`);
      produced.push({ stream, events: result.right.events.map((event) => ({ type: event.type, data: event.data })) });
    }
    return (performance.now() - started) / 1000;
  });
  const appendSeconds = await withStore(async (store) => {
    const started = performance.now();
    for (const { stream, events } of produced) await store.append(stream, events);
    return (performance.now() - started) / 1000;
  });
  return { commandsPerSecond: COMMANDS / commandSeconds, appendsPerSecond: COMMANDS / appendSeconds };
};

export const run = async (): Promise<ScenarioResult> => {
  await round(); // warm-up: JIT, page cache
  const rounds: { commandsPerSecond: number; appendsPerSecond: number }[] = [];
  for (let i = 0; i < ROUNDS; i++) rounds.push(await round());
  const commandsPerSecond = median(rounds.map((r) => r.commandsPerSecond));
  const appendsPerSecond = median(rounds.map((r) => r.appendsPerSecond));
  const ratio = median(rounds.map((r) => r.commandsPerSecond / r.appendsPerSecond));
  return {
    summary: `${COMMANDS} add-to-cart commands: ${commandsPerSecond.toFixed(0)}/s through the command handler, ${appendsPerSecond.toFixed(0)}/s appending the same events directly (ratio ${ratio.toFixed(2)})`,
    target: { description: `>= ${TARGET_PER_SECOND} add-to-cart commands per second`, met: commandsPerSecond >= TARGET_PER_SECOND },
    method:
      'Each round: fresh SQLite event store (WAL, commerce registry); AddCartItem commands one after another through commandHandler with the cart decider (load, fold, decide, append with expectedRevision), 8 items per cart; then, on a second fresh store, the same events appended directly. Median of the rounds after one warm-up round.',
    figures: { commands: COMMANDS, rounds: ROUNDS, commandsPerSecond, appendsPerSecond, ratio, perRound: rounds },
  };
};
