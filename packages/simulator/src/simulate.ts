import type { ManualClock } from '@shopstream/kernel';
import type { Shop } from '@shopstream/sdk';
import { seedCatalog } from './catalog/seed.js';
import type { CatalogToSeed, SeededProduct } from './catalog/seed.js';
import { couponOfTheDay } from './coupons.js';
import { registerCustomer, visit } from './customer.js';
import { journey, staffActor } from './journey.js';
import { seededRandom } from './random.js';
import { afterDelivery, staffWork } from './staff.js';
import { emptyStats } from './stats.js';
import type { SimulationStats } from './stats.js';
import type { World } from './world.js';
import { DAY, HOUR, MINUTE, journeyOf } from './world.js';

export interface SimulationOptions {
  /** Same seed, same shop, same clock start: the same history. */
  readonly seed: number;
  /** How many customers sign up over the simulated days. */
  readonly customers: number;
  readonly days: number;
  /** The shop's own clock: the simulation moves it through the days. */
  readonly clock: ManualClock;
  /** Share of customers who are fraudsters, in rings sharing cards and addresses. Default 0.03. */
  readonly fraudShare?: number;
  /** Seeded first unless present already; default the demo catalog. */
  readonly catalog?: CatalogToSeed;
  /** The member of staff who ships, decides cases and risk reviews. Default a UUID drawn from the seed. */
  readonly staffId?: string;
  /** Called after each simulated day. */
  readonly onDay?: (day: number, stats: Readonly<SimulationStats>) => void;
}

const dayStart = (clock: ManualClock): number => {
  const now = clock.now().getTime();
  return now - (now % DAY);
};

/**
 * A shop's life, driven through the SDK's commands as customers and staff would: sign-ups, browsing, searches,
 * favourites, carts, coupons, checkouts paid by every method (some declined, some abandoned), shipping and
 * delivery through the sandbox carrier, receipts, reviews, returns, exchanges, repairs and complaints, and a few
 * fraud rings sharing cards and addresses. Deterministic for a seed on a shop with a manual clock and sequential
 * ids; its size grows with `customers` x `days`.
 */
export const simulate = async (shop: Shop, options: SimulationOptions): Promise<SimulationStats> => {
  const sandbox = shop.sandbox;
  if (sandbox === undefined) throw new TypeError('the simulator drives the sandbox providers: create the shop with sandbox on');
  const random = seededRandom(options.seed);
  // Drawn before the catalog is seeded, as it always was: the staff member seeds it.
  const staffId = options.staffId ?? random.uuid();
  const staff = staffActor(staffId);
  const catalogSetUp = journey(`sim-${options.seed}.catalog`);
  const { products } = await seedCatalog(shop, options.catalog, { call: () => catalogSetUp.step(staff) });
  const productsByCategory = new Map<string, SeededProduct[]>();
  for (const product of products) productsByCategory.set(product.category, [...(productsByCategory.get(product.category) ?? []), product]);
  const start = dayStart(options.clock);
  const world: World = {
    shop,
    sandbox,
    clock: options.clock,
    random,
    seed: options.seed,
    fraudShare: options.fraudShare ?? 0.03,
    staffId,
    products,
    productsByCategory,
    coupon: '',
    day: 1,
    customers: [],
    orders: new Map(),
    cases: new Map(),
    stats: emptyStats(),
  };

  let joined = 0;
  for (let day = 0; day < options.days; day++) {
    const today = start + day * DAY;
    options.clock.set(new Date(today + 8 * HOUR));
    world.day = day + 1;
    world.coupon = await couponOfTheDay(shop, `SIM${options.seed}-D${day + 1}`, today, start + (options.days + 60) * DAY, journeyOf(world, 'staff', 'coupon').step(staff));
    // Sign-ups spread evenly over the days.
    const joiners = Math.round(((day + 1) * options.customers) / options.days) - joined;
    for (let i = 0; i < joiners; i++) {
      const customer = await registerCustomer(world, joined + i);
      if (customer !== null) world.customers.push(customer);
    }
    joined += joiners;
    const dayRandom = random.fork(`day-${day}`);
    const visitors = world.customers.filter((customer) => dayRandom.chance(customer.persona.visitChance));
    // Visits spread over the shopping day, 08:00 to 22:00.
    const step = (14 * HOUR) / Math.max(1, visitors.length);
    let firedAt = options.clock.now().getTime();
    for (const customer of visitors) {
      await visit(world, customer);
      options.clock.advance(step);
      // Payment deadlines and reservations fall due during the day. The simulation fires them on the simulated
      // clock, once a minute of it, as a shop's scheduler would: a scheduler polling on the wall clock would
      // fire them wherever the run happens to be, and the history would depend on how fast the machine is.
      if (options.clock.now().getTime() - firedAt >= MINUTE) {
        firedAt = options.clock.now().getTime();
        await shop.processes.scheduler.fireDue();
      }
    }
    options.clock.set(new Date(today + 22 * HOUR));
    await shop.settle({ timeoutMs: 60_000 });
    await staffWork(world, day);
    // Overnight, parcels travel; payment deadlines and receipt windows pass. The carrier's pushes of the night are
    // one journey, the carrier's.
    const carrier = { kind: 'integration', id: `carrier:${sandbox.carrier.control.code}` } as const;
    await sandbox.carrier.advance(10 * HOUR, journeyOf(world, 'carrier').step(carrier));
    options.clock.set(new Date(today + DAY + 7 * HOUR));
    // The morning after belongs to the next day.
    world.day = day + 2;
    await shop.settle({ timeoutMs: 60_000 });
    for (const order of world.orders.values()) if (order.stage === 'shipped') await afterDelivery(world, order);
    for (const [id, order] of world.orders) if (order.stage === 'done') world.orders.delete(id);
    for (const [id, simCase] of world.cases) if (simCase.stage === 'done') world.cases.delete(id);
    options.onDay?.(day, world.stats);
  }
  await shop.settle({ timeoutMs: 60_000 });
  return world.stats;
};
