import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { incrementalAndRebuilt, readModelHarness } from '../../testing/harness.js';
import type { HistoryStep } from '../../testing/harness.js';
import { riskProjections } from '../index.js';
import {
  HANGZHOU,
  addressAt,
  attemptStarted,
  cardSaved,
  couponRedeemed,
  couponReleased,
  declined,
  hoursAfter,
  orderIdOf,
  placed,
  receiptConfirmed,
  refundIssued,
  registered,
  returnRequested,
} from '../testing/fixtures.js';
import { riskHistory } from '../testing/histories.js';
import type { AccountDocument, KeyDocument, OrderDocument } from './documents.js';
import { MAX_STAMPS } from './documents.js';
import { addressKey, cardFingerprint, keyId } from './keys.js';
import { RISK_SIGNALS, riskSignalsProjection } from './projection.js';

const ORDER = orderIdOf(1);
const IP = 'ab'.repeat(32);

const project = async (history: readonly HistoryStep[]) => {
  const harness = await readModelHarness([riskSignalsProjection]);
  for (const step of history) await harness.append(step);
  const accounts = harness.runtime.collection<AccountDocument>(RISK_SIGNALS, 'accounts');
  const keys = harness.runtime.collection<KeyDocument>(RISK_SIGNALS, 'keys');
  const orders = harness.runtime.collection<OrderDocument>(RISK_SIGNALS, 'orders');
  return { harness, accounts, keys, orders };
};

describe('the risk signals projection', () => {
  it('keys an order by its account, device, IP hash and address, and its payment by the card fingerprint', async () => {
    const { harness, accounts, keys, orders } = await project([
      registered('alice', hoursAfter(-100)),
      placed({ orderId: ORDER, customerId: 'alice', at: hoursAfter(0), client: { channel: 'app', deviceId: 'device-1', ipHash: IP } }),
      attemptStarted(ORDER, 'attempt-1', hoursAfter(0.1), 'tok_secret'),
      declined(ORDER, 'attempt-1', hoursAfter(0.2)),
      receiptConfirmed(ORDER, 'alice', hoursAfter(100)),
    ]);
    const address = addressKey(addressAt('alice', HANGZHOU));
    const card = cardFingerprint('tok_secret');
    expect(await orders.get(ORDER)).toEqual({
      _id: ORDER,
      accountId: 'alice',
      placedAt: hoursAfter(0),
      total: 10_000,
      currency: 'CNY',
      province: HANGZHOU.province,
      device: 'device-1',
      ip: IP,
      address,
      attempts: [{ attemptId: 'attempt-1', card }],
    });
    expect(await accounts.get('alice')).toEqual({
      _id: 'alice',
      registeredAt: hoursAfter(-100),
      orders: [{ orderId: ORDER, at: hoursAfter(0), province: HANGZHOU.province }],
      completed: 1,
      failures: [hoursAfter(0.2)],
      returnRequests: 0,
      refundsIssued: 0,
      coupons: [],
    });
    const stamp = { orderId: ORDER, accountId: 'alice', at: hoursAfter(0) };
    expect(await keys.get(keyId('device', 'device-1'))).toEqual({ _id: 'device:device-1', kind: 'device', value: 'device-1', orders: [stamp], accounts: ['alice'], failures: [] });
    expect(await keys.get(keyId('ip', IP))).toMatchObject({ orders: [stamp], accounts: ['alice'] });
    expect(await keys.get(keyId('address', address))).toMatchObject({ orders: [stamp], accounts: ['alice'] });
    expect(await keys.get(keyId('card', card))).toMatchObject({ orders: [stamp], accounts: ['alice'], failures: [hoursAfter(0.2)] });
    // No card data: the token appears nowhere in the read model.
    expect(JSON.stringify(await harness.dump())).not.toContain('tok_secret');
    await harness.stop();
  });

  it('links saved cards to accounts, and counts returns, refunds and coupons not given back', async () => {
    const { harness, accounts, keys } = await project([
      cardSaved('bob', 'tok_shared', hoursAfter(-5)),
      cardSaved('carol', 'tok_shared', hoursAfter(-4)),
      returnRequested('case-1', ORDER, 'bob', hoursAfter(1)),
      refundIssued('case-1', ORDER, 'bob', hoursAfter(2)),
      couponRedeemed('SPRING', ORDER, 'bob', hoursAfter(3)),
      couponRedeemed('AUTUMN', orderIdOf(2), 'bob', hoursAfter(4)),
      couponReleased('SPRING', ORDER, 'bob', hoursAfter(5)),
    ]);
    expect((await keys.get(keyId('card', cardFingerprint('tok_shared'))))?.accounts).toEqual(['bob', 'carol']);
    expect(await accounts.get('bob')).toMatchObject({
      registeredAt: null,
      returnRequests: 1,
      refundsIssued: 1,
      coupons: [{ code: 'AUTUMN', orderId: orderIdOf(2), at: hoursAfter(4) }],
    });
    await harness.stop();
  });

  it('ignores payments and receipts of orders it has not seen', async () => {
    const { harness } = await project([attemptStarted(ORDER, 'attempt-1', hoursAfter(0), 'tok_a'), declined(ORDER, 'attempt-1', hoursAfter(1)), receiptConfirmed(ORDER, 'alice', hoursAfter(2))]);
    const dump = await harness.dump();
    expect(dump[`${RISK_SIGNALS}.orders`]).toEqual([]);
    expect(dump[`${RISK_SIGNALS}.accounts`]).toEqual([]);
    await harness.stop();
  });

  it(`keeps the newest ${MAX_STAMPS} orders of a key`, async () => {
    const history = Array.from({ length: MAX_STAMPS + 2 }, (_, i) => placed({ orderId: orderIdOf(i + 1), customerId: 'alice', at: hoursAfter(i), client: { channel: 'web', deviceId: 'busy' } }));
    const { harness, keys } = await project(history);
    const device = await keys.get(keyId('device', 'busy'));
    expect(device?.orders).toHaveLength(MAX_STAMPS);
    expect(device?.orders[0]?.orderId).toBe(orderIdOf(3));
    await harness.stop();
  });

  it('builds the same documents incrementally as a rebuild from scratch does', async () => {
    await fc.assert(
      fc.asyncProperty(riskHistory, async (history) => {
        const { incremental, rebuilt } = await incrementalAndRebuilt(riskProjections, history);
        expect(incremental).toEqual(rebuilt);
      }),
      { numRuns: 25 },
    );
  });
});
