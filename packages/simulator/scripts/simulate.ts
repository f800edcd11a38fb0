/**
 * `npm run simulate -w @shopstream/simulator -- --seed 1 --customers 1000 --days 30 --data-dir ./sim-data`
 *
 * Simulates a shop's life into an embedded (SQLite) shop under --data-dir, printing after each simulated day what
 * the customers did and how fast events are being written. The shop is pinned (manual clock, sequential ids, fixed
 * peppers, no wall-clock scheduler), so the same arguments write the same history, ciphertexts, salts and codes
 * aside. By default the simulation runs on a memory shop whose personal-data keys live in --data-dir, and its log
 * is copied into `events.sqlite` at the end (`copyHistory`), several times faster than writing through SQLite;
 * the shop builds its read models from the log when it first starts. `--direct` writes through an SQLite shop,
 * read models included, as it goes.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ManualClock, sequentialIds } from '@shopstream/kernel';
import { identity } from '@shopstream/commerce';
import { createShop, embeddedKeyStore } from '@shopstream/sdk';
import type { PersistentKeyStore, Shop, ShopSecrets } from '@shopstream/sdk';
import { copyHistory, pinnedSecrets, pinnedShop, simulate } from '../src/index.js';
import type { SimulationStats } from '../src/index.js';

const usage = `usage: simulate [--seed N] [--customers N] [--days N] [--data-dir PATH] [--start ISO-DATE] [--fraud-share 0..1] [--direct]
  --seed         same seed, same history (default 1)
  --customers    customers who sign up over the days (default 1000)
  --days         simulated days (default 30)
  --data-dir     where the shop's SQLite files go; must not hold a shop yet (default ./sim-data)
  --start        the first simulated day (default 2026-03-02)
  --fraud-share  share of customers in fraud rings (default 0.03)
  --direct       write through an SQLite shop as it goes (read models too), rather than simulate in memory and copy the log`;

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    customers: { type: 'string', default: '1000' },
    days: { type: 'string', default: '30' },
    'data-dir': { type: 'string', default: './sim-data' },
    start: { type: 'string', default: '2026-03-02' },
    'fraud-share': { type: 'string', default: '0.03' },
    direct: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

const wholeNumber = (flag: string, text: string): number => {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`--${flag} must be a whole number, not ${text}\n${usage}`);
  return value;
};

/** Writes the memory shop's log into the data folder's event store, through a (never started) SQLite shop. */
const copyInto = async (dataDir: string, from: Shop, secrets: ShopSecrets, keyStore: PersistentKeyStore) => {
  const copyStarted = performance.now();
  const target = await createShop({ storage: { kind: 'sqlite', dataDir }, secrets, keyStore });
  let reported = 0;
  try {
    const copied = await copyHistory(from.eventStore, target.eventStore, {
      onProgress: (n, head) => {
        if (n - reported < 100_000 && n < head) return;
        reported = n;
        console.log(`copied ${n}/${head} events into ${join(dataDir, 'events.sqlite')}`);
      },
    });
    console.log(`copied ${copied} events in ${((performance.now() - copyStarted) / 1000).toFixed(1)} s`);
  } finally {
    await target.stop();
  }
};

const main = async () => {
  if (values.help) {
    console.log(usage);
    return;
  }
  const seed = wholeNumber('seed', values.seed);
  const customers = wholeNumber('customers', values.customers);
  const days = wholeNumber('days', values.days);
  const fraudShare = Number(values['fraud-share']);
  if (!(fraudShare >= 0 && fraudShare <= 1)) throw new RangeError(`--fraud-share must be between 0 and 1, not ${values['fraud-share']}\n${usage}`);
  // npm runs a workspace's script in the workspace's folder; a relative --data-dir means where the user typed it.
  const dataDir = resolve(process.env.INIT_CWD ?? process.cwd(), values['data-dir']);
  // Continuing a history with a clock started afresh would write days that go backwards.
  if (existsSync(join(dataDir, 'events.sqlite'))) throw new Error(`${dataDir} already holds a shop: remove it or name another --data-dir`);
  const clock = new ManualClock(`${values.start}T00:00:00.000Z`);
  const secrets = pinnedSecrets;
  // In memory, the keys that seal personal data still go to the data folder: the copied log needs them.
  const keyStore: PersistentKeyStore | null = values.direct ? null : embeddedKeyStore({ dataDir });
  const shop =
    keyStore === null
      ? await createShop({
          storage: { kind: 'sqlite', dataDir },
          clock,
          ids: sequentialIds(),
          secrets,
          // Simulated customers' passwords guard nothing: a cheap hash keeps sign-ups from dominating the run.
          passwordHasher: identity.scryptPasswordHasher({ ...identity.SCRYPT_DEFAULTS, N: 2 ** 4 }),
          // Due timeouts fire on the simulated clock (the simulation and settle fire them); polling on the wall
          // clock would fire them wherever the run happens to be. setTimeout's longest delay: in effect, never.
          schedulerPollIntervalMs: 2 ** 31 - 1,
        })
      : await pinnedShop({ clock, keyStore });
  await shop.start();
  const started = performance.now();
  let lastAt = started;
  let lastHead = await shop.eventStore.headPosition();
  console.log(`simulating seed ${seed}: ${customers} customers over ${days} days into ${dataDir}`);
  const report = (day: number, stats: Readonly<SimulationStats>, head: number) => {
    const now = performance.now();
    const rate = ((head - lastHead) * 1000) / Math.max(1, now - lastAt);
    const overall = (head * 1000) / Math.max(1, now - started);
    console.log(
      `day ${String(day + 1).padStart(3)}: ${head} events (${Math.round(rate)}/s today, ${Math.round(overall)}/s overall); ` +
        `${stats.customers} customers, ${stats.orders} orders, ${stats.paymentsCompleted} paid, ${stats.shipments} shipped, ` +
        `${stats.reviews} reviews, ${stats.cases.return + stats.cases.exchange + stats.cases.repair + stats.cases.complaint} cases`,
    );
    lastAt = now;
    lastHead = head;
  };
  try {
    // onDay is synchronous; the head is read between days without holding the simulation up.
    const heads: Promise<void>[] = [];
    const stats = await simulate(shop, {
      seed,
      customers,
      days,
      clock,
      fraudShare,
      onDay: (day, dayStats) => {
        const snapshot = structuredClone(dayStats);
        heads.push(shop.eventStore.headPosition().then((head) => report(day, snapshot, head)));
      },
    });
    await Promise.all(heads);
    const head = await shop.eventStore.headPosition();
    if (keyStore !== null) await copyInto(dataDir, shop, secrets, keyStore);
    const seconds = (performance.now() - started) / 1000;
    console.log(`done: ${head} events in ${seconds.toFixed(1)} s (${Math.round(head / seconds)} events/s)`);
    console.log(JSON.stringify(stats, null, 2));
  } finally {
    await shop.stop();
    await keyStore?.close();
  }
};

try {
  await main();
} catch (error) {
  // A wrong argument or a used data folder is the user's to fix: the message says how, a stack would not.
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
