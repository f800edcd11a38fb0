/**
 * A simulated shop history in an SQLite event store, generated once per seed and size through the simulator
 * (the SDK's commands, as customers and staff would) and cached under results/cache/, because writing it through
 * commands is far slower than reading it back.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ManualClock, sequentialIds } from '@shopstream/kernel';
import { identity } from '@shopstream/commerce';
import { createShop } from '@shopstream/sdk';
import { simulate } from '@shopstream/simulator';

const cacheFolder = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'results', 'cache');

/** Days every generated history spans; the customer count is what grows with the size asked for. */
const DAYS = 30;
/**
 * Events per customer per day signed up, as measured on the simulator's personas (334 customers over 30 days
 * wrote 30,376 events); with sign-ups spread evenly, customers x days / 2 customer-days. A sizing guess only:
 * the history's real size is what the cache records and the scenarios report.
 */
const EVENTS_PER_CUSTOMER_DAY = 6;

export interface SimulatedHistory {
  /** The SQLite event store file (the shop's `events.sqlite`). */
  readonly eventsPath: string;
  readonly seed: number;
  readonly customers: number;
  readonly days: number;
  readonly events: number;
  /** How long the simulator took to write it, when it was generated (not in this run if it was cached). */
  readonly generationSeconds: number;
  readonly generationEventsPerSecond: number;
  readonly cached: boolean;
}

type Stored = Omit<SimulatedHistory, 'eventsPath' | 'cached'>;

/**
 * The cached history for `seed` and about `targetEvents` events, generated (and reported on stderr as it goes)
 * when it is not cached yet. Keyed by what is simulated (seed, customers, days), so sizes that round to the
 * same customer count share it. A generation cut short leaves only a temporary folder, never a cache entry.
 */
export const simulatedHistory = async (seed: number, targetEvents: number): Promise<SimulatedHistory> => {
  const customers = Math.max(10, Math.ceil(targetEvents / ((DAYS / 2) * EVENTS_PER_CUSTOMER_DAY)));
  const folder = join(cacheFolder, `sim-seed${seed}-c${customers}-d${DAYS}`);
  const metaPath = join(folder, 'history.json');
  if (existsSync(metaPath)) {
    const stored = JSON.parse(readFileSync(metaPath, 'utf8')) as Stored;
    return { ...stored, eventsPath: join(folder, 'events.sqlite'), cached: true };
  }
  const building = `${folder}.partial`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  const clock = new ManualClock('2026-03-02T00:00:00.000Z');
  const shop = await createShop({
    storage: { kind: 'sqlite', dataDir: building },
    clock,
    ids: sequentialIds(),
    secrets: { contactPepper: new Uint8Array(32).fill(1), codePepper: new Uint8Array(32).fill(2) },
    passwordHasher: identity.scryptPasswordHasher({ ...identity.SCRYPT_DEFAULTS, N: 2 ** 4 }),
  });
  await shop.start();
  const started = performance.now();
  let events = 0;
  try {
    await simulate(shop, {
      seed,
      customers,
      days: DAYS,
      clock,
      onDay: (day) => {
        if ((day + 1) % 5 === 0) process.stderr.write(`  simulated day ${day + 1}/${DAYS} (${Math.round((performance.now() - started) / 1000)} s)\n`);
      },
    });
    events = await shop.eventStore.headPosition();
  } finally {
    await shop.stop();
  }
  const generationSeconds = (performance.now() - started) / 1000;
  const stored: Stored = { seed, customers, days: DAYS, events, generationSeconds: Math.round(generationSeconds), generationEventsPerSecond: Math.round(events / generationSeconds) };
  writeFileSync(join(building, 'history.json'), `${JSON.stringify(stored, null, 2)}\n`);
  rmSync(folder, { recursive: true, force: true });
  renameSync(building, folder);
  return { ...stored, eventsPath: join(folder, 'events.sqlite'), cached: false };
};
