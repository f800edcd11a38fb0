import fc from 'fast-check';
import { describe, it } from 'vitest';
import { closeAccount, markNotificationsRead } from './model/account.js';
import { decideCase, receiveItem, resolveCase, sendReturnParcel, withdrawCase } from './model/aftercare.js';
import { openCase } from './model/openCase.js';
import { advanceCarrier, confirmReceipt, postReview, shipOrder } from './model/fulfilment.js';
import { cancelOrder, decideRisk, riskHold, sandboxAct, startPayment } from './model/paying.js';
import { outcomes, startRealShop, stockTheShop } from './model/realShop.js';
import { redeliverPaymentNotification, redeliverTracking } from './model/webhooks.js';
import { addItem, applyCoupon, checkout, receiveStock, removeItem, signIn, signUp } from './model/shopping.js';

/**
 * A model-based test of the reference API: customers and staff sign up, fill carts, check out, pay with every
 * method, are declined or walk away, cancel, are held and released by the risk team, receive parcels, review,
 * open after-sales cases of every kind and see them through, read their inbox and close their accounts, all over
 * HTTP on a real embedded shop. A model (./model/shopModel.ts) says what the shop should hold; each command
 * checks the answer against it, and after every command the invariants are read back through the API: each
 * order's status and money (paid = captured - refunded, refunds never above captures), stock per SKU, cases,
 * carts, unread counts, another customer's 404, no 5xx, refusals as problem+json of a documented type.
 *
 * CI runs 8 sequences of up to 120 commands; `SHOPSTREAM_MODEL_RUNS=300 SHOPSTREAM_MODEL_COMMANDS=150` runs a campaign,
 * `SHOPSTREAM_MODEL_SEED` replays one, `SHOPSTREAM_MODEL_REPORT=1` prints how often each route answered each status.
 */
const RUNS = Number(process.env['SHOPSTREAM_MODEL_RUNS'] ?? 8);
const MAX_COMMANDS = Number(process.env['SHOPSTREAM_MODEL_COMMANDS'] ?? 120);
const SEED = process.env['SHOPSTREAM_MODEL_SEED'];

/** Weighted so that runs get somewhere: a cart fills, orders get paid and shipped, cases reach inspection. */
const commands = [
  { arbitrary: signUp, weight: 1 },
  { arbitrary: signIn, weight: 1 },
  { arbitrary: addItem, weight: 5 },
  { arbitrary: removeItem, weight: 1 },
  { arbitrary: applyCoupon, weight: 2 },
  { arbitrary: checkout, weight: 5 },
  { arbitrary: receiveStock, weight: 1 },
  { arbitrary: cancelOrder, weight: 2 },
  { arbitrary: startPayment, weight: 6 },
  { arbitrary: sandboxAct, weight: 6 },
  { arbitrary: riskHold, weight: 1 },
  { arbitrary: decideRisk, weight: 2 },
  { arbitrary: shipOrder, weight: 5 },
  { arbitrary: advanceCarrier, weight: 2 },
  { arbitrary: confirmReceipt, weight: 2 },
  { arbitrary: postReview, weight: 2 },
  { arbitrary: openCase, weight: 6 },
  { arbitrary: decideCase, weight: 5 },
  { arbitrary: sendReturnParcel, weight: 2 },
  { arbitrary: withdrawCase, weight: 1 },
  { arbitrary: receiveItem, weight: 4 },
  { arbitrary: resolveCase, weight: 4 },
  { arbitrary: redeliverPaymentNotification, weight: 1 },
  { arbitrary: redeliverTracking, weight: 1 },
  { arbitrary: markNotificationsRead, weight: 2 },
  { arbitrary: closeAccount, weight: 1 },
];

describe('the reference API against a model of the shop', () => {
  it('holds what the model says after every command', { timeout: 60_000 + RUNS * MAX_COMMANDS * 2_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands([fc.oneof(...commands)], { maxCommands: MAX_COMMANDS, size: 'max' }), async (steps) => {
        const real = await startRealShop();
        try {
          const model = await stockTheShop(real);
          await fc.asyncModelRun(() => ({ model, real }), steps);
        } finally {
          await real.api.close();
        }
      }),
      { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: Number(SEED) }) },
    );
    if (process.env['SHOPSTREAM_MODEL_REPORT'] !== undefined) {
      console.log([...outcomes].sort(([a], [b]) => a.localeCompare(b)).map(([route, count]) => `${String(count).padStart(6)}  ${route}`).join('\n'));
    }
  });
});
