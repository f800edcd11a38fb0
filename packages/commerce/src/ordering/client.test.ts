import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { OrderingCommand } from './commands.js';
import { orderDecider } from './decider.js';
import { OrderPlaced } from './events.js';
import { placeOrderFixture } from './testing.js';

const NOW = new Date('2026-01-01T00:00:00.000Z');

describe('the client an order was placed from', () => {
  it('is carried from the command to the event', () => {
    const client = { channel: 'mini_program' as const, deviceId: 'device-1', ipHash: 'ab'.repeat(32) };
    const command = OrderingCommand.parse({ ...placeOrderFixture(), data: { ...placeOrderFixture().data, client } });
    const decided = orderDecider.decide(command, orderDecider.initialState(), { now: NOW });
    if (E.isLeft(decided)) throw new Error(decided.left._tag);
    expect(decided.right[0]?.data).toMatchObject({ client });
  });

  it('is optional: orders placed before it was recorded stay valid', () => {
    const decided = orderDecider.decide(placeOrderFixture(), orderDecider.initialState(), { now: NOW });
    if (E.isLeft(decided)) throw new Error(decided.left._tag);
    const [placed] = decided.right;
    expect(placed?.data).not.toHaveProperty('client');
    expect(OrderPlaced.schema.safeParse(placed?.data).success).toBe(true);
  });
});
