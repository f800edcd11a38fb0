import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { ManualClock } from '@shopstream/kernel';
import type { Shop, ShopSandbox } from '@shopstream/sdk';
import type { SeededProduct } from './catalog/seed.js';
import { journey } from './journey.js';
import type { Journey } from './journey.js';
import type { City, Persona } from './people.js';
import type { Random } from './random.js';
import type { SimulationStats } from './stats.js';

export interface SimCustomer {
  readonly index: number;
  readonly userId: string;
  readonly persona: Persona;
  readonly city: City;
  readonly addressId: string;
  /** Categories this customer likes: most of what they look at comes from these. */
  readonly likes: readonly string[];
  /** The card a fraud ring shares, or the customer's own. */
  readonly card: { readonly token: string; readonly brand: 'visa' | 'mastercard' | 'unionpay'; readonly last4: string };
  readonly random: Random;
}

export interface SimOrder {
  readonly orderId: string;
  readonly customer: SimCustomer;
  /** What the simulator has done with it so far. */
  stage: 'placed' | 'paid' | 'shipped' | 'done';
}

export interface SimCase {
  readonly caseId: string;
  readonly customer: SimCustomer;
  readonly kind: 'return' | 'exchange' | 'repair' | 'complaint';
  stage: 'opened' | 'approved' | 'sent_back' | 'done';
}

/** Everything a simulation carries from one day to the next. */
export interface World {
  readonly shop: Shop;
  readonly sandbox: ShopSandbox;
  readonly clock: ManualClock;
  readonly random: Random;
  readonly staffId: string;
  readonly products: readonly SeededProduct[];
  readonly productsByCategory: ReadonlyMap<string, readonly SeededProduct[]>;
  /** Today's coupon code. */
  coupon: string;
  /** The simulated day under way, from 1: it names the day's journeys. */
  day: number;
  readonly customers: SimCustomer[];
  readonly orders: Map<string, SimOrder>;
  readonly cases: Map<string, SimCase>;
  readonly stats: SimulationStats;
  readonly seed: number;
  readonly fraudShare: number;
}

/**
 * A journey of today named by what it is, `sim-<seed>.d<day>.<parts...>` (`sim-7.d3.c12.visit`): the same seed
 * names the same journeys, and the name says whose and which.
 */
export const journeyOf = (world: Pick<World, 'seed' | 'day'>, ...parts: readonly (string | number)[]): Journey =>
  journey([`sim-${world.seed}`, `d${world.day}`, ...parts].join('.'));

/** Counts a refusal and answers whether the command went through: refusals are part of a shop's life. */
export const accepted = <L extends { readonly _tag: string }, R>(world: World, result: Either<L, R>): result is E.Right<R> => {
  if (E.isRight(result)) return true;
  world.stats.refusals[result.left._tag] = (world.stats.refusals[result.left._tag] ?? 0) + 1;
  return false;
};

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
