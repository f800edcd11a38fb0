import { describe, expect, it } from 'vitest';
import { ManualClock, sequentialIds } from '@shopstream/kernel';
import type { RecordedEvent } from '@shopstream/kernel';
import { identity } from '@shopstream/commerce';
import { createShop } from '@shopstream/sdk';
import type { Shop } from '@shopstream/sdk';
import { demoCatalog } from './catalog/seed.js';
import { pinnedShop } from './pinnedShop.js';
import { simulate } from './simulate.js';
import type { SimulationOptions } from './simulate.js';

const secrets = { contactPepper: new Uint8Array(32).fill(1), codePepper: new Uint8Array(32).fill(2) };

/** The SDK's own memory storage, pinned as `pinnedShop` is: clock, ids, peppers, no scheduler on the wall clock. */
const memoryShop = (clock: ManualClock): Promise<Shop> =>
  createShop({
    storage: { kind: 'memory' },
    clock,
    ids: sequentialIds(),
    secrets,
    passwordHasher: identity.scryptPasswordHasher({ ...identity.SCRYPT_DEFAULTS, N: 2 ** 4 }),
    schedulerPollIntervalMs: 2 ** 31 - 1,
  });

/**
 * What is random by design stays random under a seed: sealed personal data (fresh IVs and data keys), password
 * salts and verification codes. They are masked; everything else must be identical.
 */
const withoutSecrets = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (typeof value === 'string') return value.startsWith('$scrypt$') ? '<password hash>' : value;
  if (value === null || typeof value !== 'object') return value;
  const record = value as Readonly<Record<string, unknown>>;
  if ('iv' in record && 'tag' in record && 'keyId' in record) return '<sealed>';
  return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, key === 'codeHash' ? '<code hash>' : withoutSecrets(item)]));
};

/** Everything but what is random by design, who did it and in which journey included (actor, correlation, causation). */
const history = async (shop: Shop) =>
  (await shop.eventStore.readAll()).map(({ id, stream, revision, type, data, occurredAt, metadata }: RecordedEvent) => ({
    id,
    stream,
    revision,
    type,
    data: withoutSecrets(data),
    occurredAt,
    metadata,
  }));

const run = async (options: Omit<SimulationOptions, 'clock'>, create: (clock: ManualClock) => Promise<Shop> = (clock) => pinnedShop({ clock })) => {
  const clock = new ManualClock('2026-03-02T00:00:00.000Z');
  const shop = await create(clock);
  try {
    await shop.start();
    const stats = await simulate(shop, { ...options, clock });
    return { stats, events: await history(shop) };
  } finally {
    await shop.stop();
  }
};

describe('simulate', () => {
  it('drives a shop through its whole life: orders paid, shipped, confirmed, reviewed, returned', async () => {
    const { stats, events } = await run({ seed: 7, customers: 40, days: 6 });
    expect(stats.customers).toBeGreaterThan(30);
    expect(stats.orders).toBeGreaterThan(10);
    expect(stats.paymentsCompleted).toBeGreaterThan(5);
    expect(stats.shipments).toBeGreaterThan(3);
    const types = new Set(events.map((event) => event.type));
    for (const type of ['UserRegistered', 'ProductViewed', 'CartItemAdded', 'OrderPlaced', 'OrderPaid', 'ShipmentCreated']) expect(types, type).toContain(type);
  }, 240_000);

  it('writes the same history for the same seed, who did what included, and another for another seed', async () => {
    const first = await run({ seed: 11, customers: 15, days: 3 });
    const again = await run({ seed: 11, customers: 15, days: 3 });
    const other = await run({ seed: 12, customers: 15, days: 3 });
    expect(again.events).toEqual(first.events);
    // Not vacuous: every event names its actor, and the journeys are named by the seed.
    expect(first.events.every(({ metadata }) => metadata.actor !== null && metadata.correlationId.startsWith('sim-11.'))).toBe(true);
    expect(other.events.every(({ metadata }) => metadata.correlationId.startsWith('sim-12.'))).toBe(true);
    expect(again.stats).toEqual(first.stats);
    expect(other.events).not.toEqual(first.events);
  }, 240_000);

  it("writes on the pinned shop's indexed store the history it writes on the SDK's memory storage", async () => {
    const indexed = await run({ seed: 5, customers: 15, days: 3 });
    const plain = await run({ seed: 5, customers: 15, days: 3 }, memoryShop);
    expect(indexed.events).toEqual(plain.events);
    expect(indexed.stats).toEqual(plain.stats);
  }, 240_000);

  it('restocks overnight what runs low, so a busy month does not sell the catalog out', async () => {
    // A catalog of a few scarce products that the first days' buyers empty.
    const scarce = { ...demoCatalog, products: demoCatalog.products.filter((product) => product.stock > 0).slice(0, 6).map((product) => ({ ...product, stock: 4 })) };
    const { stats, events } = await run({ seed: 3, customers: 60, days: 5, catalog: scarce });
    const restocks = events.filter((event) => event.type === 'StockReceived' && JSON.stringify(event.data).includes('"restock-'));
    expect(stats.restocks).toBeGreaterThan(0);
    expect(restocks).toHaveLength(stats.restocks);
    // More was sold than the seeded stock could ever have covered.
    const sold = events
      .filter((event) => event.type === 'StockReservationCommitted')
      .reduce((units, event) => units + (event.data as { readonly quantity: number }).quantity, 0);
    expect(sold).toBeGreaterThan(scarce.products.length * 4);
  }, 240_000);
});
