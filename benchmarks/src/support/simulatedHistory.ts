/**
 * A simulated shop history in an SQLite event store, generated once per seed and size through the simulator
 * (the SDK's commands, as customers and staff would) and cached under results/cache/, because writing it through
 * commands is far slower than reading it back.
 *
 * The simulation runs on a pinned memory shop (`pinnedShop`), and the log is then copied into `events.sqlite` in one pass
 * (`copyHistory`: in global order, with the same ids, times, metadata, positions, revisions and hashes). Run
 * directly on an SQLite shop, every command and every projector batch of the simulation waits on the file; in
 * memory it does not, and the file is the same history. The personal-data keys are the folder's own
 * (`keys.db`, `master.key`), so the folder opens as an embedded shop, which then builds its read models.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ManualClock } from '@shopstream/kernel';
import { commerceEventRegistry } from '@shopstream/commerce';
import { embeddedKeyStore } from '@shopstream/sdk';
import { copyHistory, pinnedShop, simulate } from '@shopstream/simulator';
import { sqliteEventStore } from '@shopstream/store-sqlite';
import { kernelPeakRssMiB } from './measured.js';

const cacheFolder = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'results', 'cache');

/**
 * Names what generates the history, so a cache written by an earlier simulator is not taken for this one's:
 * v2 opens a coupon per day and fires payment deadlines on the simulated clock; v3 restocks overnight what runs low;
 * v4 records who did what (actors, a correlation per journey, causation per step: the same events otherwise).
 */
const GENERATOR = 'sim-v4';
/** Days every generated history spans; the customer count is what grows with the size asked for. */
const DAYS = 30;
/**
 * Events per customer per day signed up, as measured on the simulator's personas with overnight restocking (11,112
 * customers over 30 days wrote 921,654 events); with sign-ups spread evenly, customers x days / 2 customer-days. A
 * sizing guess only: the history's real size is what the cache records and the scenarios report.
 */
const EVENTS_PER_CUSTOMER_DAY = 5.5;

export interface SimulatedHistory {
  /** The SQLite event store file (the shop's `events.sqlite`). */
  readonly eventsPath: string;
  readonly seed: number;
  readonly customers: number;
  readonly days: number;
  readonly events: number;
  /** How long generating it took, simulation and copy (not in this run if it was cached). */
  readonly generationSeconds: number;
  readonly generationEventsPerSecond: number;
  /** The simulation on the memory shop, and the copy of its log into the file. */
  readonly simulationSeconds?: number;
  readonly copySeconds?: number;
  /** The generating process's peak resident memory. */
  readonly peakRssMiB?: number;
  readonly cached: boolean;
}

type Stored = Omit<SimulatedHistory, 'eventsPath' | 'cached'>;

const seconds = (since: number) => (performance.now() - since) / 1000;
const progress = (line: string) => process.stderr.write(`  ${line}\n`);

/**
 * The generating process's peak resident memory: the kernel's high-water mark where there is one, else RSS sampled
 * while generation runs (timers run only when the simulation yields, so the progress reports sample as well).
 */
const rssSampler = () => {
  let peak = process.memoryUsage.rss();
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage.rss());
  };
  const timer = setInterval(sample, 250).unref();
  return {
    sample,
    stop: () => {
      clearInterval(timer);
      return kernelPeakRssMiB() ?? Math.round(Math.max(peak, process.memoryUsage.rss()) / 2 ** 20);
    },
  };
};

/**
 * The cached history for `seed` and about `targetEvents` events, generated (and reported on stderr as it goes)
 * when it is not cached yet. Keyed by what is simulated (generator, seed, customers, days), so sizes that round
 * to the same customer count share it. A generation cut short leaves only a temporary folder, never a cache
 * entry.
 */
export const simulatedHistory = async (seed: number, targetEvents: number): Promise<SimulatedHistory> => {
  const customers = Math.max(10, Math.ceil(targetEvents / ((DAYS / 2) * EVENTS_PER_CUSTOMER_DAY)));
  const folder = join(cacheFolder, `${GENERATOR}-seed${seed}-c${customers}-d${DAYS}`);
  const metaPath = join(folder, 'history.json');
  if (existsSync(metaPath)) {
    const stored = JSON.parse(readFileSync(metaPath, 'utf8')) as Stored;
    return { ...stored, eventsPath: join(folder, 'events.sqlite'), cached: true };
  }
  const building = `${folder}.partial`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  const rss = rssSampler();
  const clock = new ManualClock('2026-03-02T00:00:00.000Z');
  const keyStore = embeddedKeyStore({ dataDir: building });
  const shop = await pinnedShop({ clock, keyStore });
  const started = performance.now();
  let simulationSeconds = 0;
  let copySeconds = 0;
  let events = 0;
  let peakRssMiB = 0;
  try {
    await shop.start();
    let dayStarted = started;
    let dayHead = 0;
    await simulate(shop, {
      seed,
      customers,
      days: DAYS,
      clock,
      onDay: (day) => {
        // The memory store's head is current the moment it is asked; the promise settles within the same turn.
        void shop.eventStore.headPosition().then((head) => {
          rss.sample();
          const rate = Math.round((head - dayHead) / seconds(dayStarted));
          progress(`simulated day ${day + 1}/${DAYS}: ${head} events, ${rate}/s that day, ${Math.round(seconds(started))} s, rss ${Math.round(process.memoryUsage.rss() / 2 ** 20)} MiB`);
          dayStarted = performance.now();
          dayHead = head;
        });
      },
    });
    simulationSeconds = seconds(started);
    const copyStarted = performance.now();
    const target = sqliteEventStore({ path: join(building, 'events.sqlite'), registry: commerceEventRegistry() });
    try {
      let reported = 0;
      events = await copyHistory(shop.eventStore, target, {
        onProgress: (copied, head) => {
          if (copied - reported < 100_000 && copied < head) return;
          reported = copied;
          rss.sample();
          progress(`copied ${copied}/${head} events into events.sqlite (${Math.round(seconds(copyStarted))} s)`);
        },
      });
    } finally {
      await target.close();
    }
    copySeconds = seconds(copyStarted);
  } finally {
    await shop.stop();
    await keyStore.close();
    peakRssMiB = rss.stop();
  }
  const generationSeconds = seconds(started);
  const stored: Stored = {
    seed,
    customers,
    days: DAYS,
    events,
    generationSeconds: Math.round(generationSeconds),
    generationEventsPerSecond: Math.round(events / generationSeconds),
    simulationSeconds: Math.round(simulationSeconds),
    copySeconds: Math.round(copySeconds),
    peakRssMiB,
  };
  writeFileSync(join(building, 'history.json'), `${JSON.stringify(stored, null, 2)}\n`);
  rmSync(folder, { recursive: true, force: true });
  renameSync(building, folder);
  return { ...stored, eventsPath: join(folder, 'events.sqlite'), cached: false };
};
