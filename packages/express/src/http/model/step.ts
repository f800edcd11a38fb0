import fc from 'fast-check';
import { expect } from 'vitest';
import type { Answer } from '../../routing/testing/harness.js';
import { checkInvariants } from './invariants.js';
import type { RealShop } from './realShop.js';
import { expectStatus } from './realShop.js';
import { openCustomers, pick } from './shopModel.js';
import type { ModelCustomer, ShopModel } from './shopModel.js';

/**
 * One thing a customer or staff member does over HTTP. `act` sends it, asserts the answer against the model and
 * moves the model on; then the shop settles (due timeouts fire, reactions and read models catch up) and the
 * invariants are read back through the API.
 */
export class Step implements fc.AsyncCommand<ShopModel, RealShop> {
  constructor(
    private readonly label: string,
    private readonly guard: (model: Readonly<ShopModel>) => boolean,
    private readonly act: (model: ShopModel, real: RealShop) => Promise<void>,
  ) {}

  check(model: Readonly<ShopModel>): boolean {
    return this.guard(model);
  }

  async run(model: ShopModel, real: RealShop): Promise<void> {
    model.touched.orders.clear();
    model.touched.cases.clear();
    model.touched.customers.clear();
    await this.act(model, real);
    await real.settle();
    await checkInvariants(model, real);
  }

  toString(): string {
    return this.label;
  }
}

/** A customer by index, open or closed: a closed one's session is gone, so every call of theirs is 401. */
export const customerAt = (model: ShopModel, index: number): { customer: ModelCustomer; index: number } | undefined => {
  const at = index % Math.max(1, model.customers.length);
  const customer = model.customers[at];
  return customer === undefined ? undefined : { customer, index: at };
};

export const expectClosed = (answer: Answer): void => expectStatus(answer, 401, 'Unauthenticated');

/** A signed-in customer other than `owner`, for the calls that must answer 404 as if the thing did not exist. */
export const intruderOf = (model: ShopModel, owner: number, seed: number): ModelCustomer | undefined => {
  const others = openCustomers(model).filter((i) => i !== owner);
  const index = pick(others, seed);
  return index === undefined ? undefined : model.customers[index];
};

/** One time in five: a stranger trying someone else's order or case. */
export const rarely = fc.nat({ max: 4 }).map((n) => n === 0);

export const expectNotFound = (answer: Answer): void => {
  expect(answer.status, answer.text.slice(0, 300)).toBe(404);
};
