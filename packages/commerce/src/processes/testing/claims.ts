import type { EventStore } from '@shopstream/kernel';
import type { CaseKind, RequestAfterSales } from '../../afterSales/index.js';
import type { ProcessConfig } from '../config.js';
import { CUSTOMER, DAY, processHarness } from './harness.js';
import type { ProcessHarness } from './harness.js';

// An order ready for after-sales, and the requests a host sends for it: shared by the claim ledger's tests.

export const ORDER = '9a8b7c6d-5e4f-4a3b-8c2d-000000000101';
export const OTHER_ORDER = '9a8b7c6d-5e4f-4a3b-8c2d-000000000102';
export const caseId = (n: number): string => `9a8b7c6d-5e4f-4a3b-8c2d-${n.toString(16).padStart(12, '0')}`;

/** Two teas at 50.00 and a cup at 30.00, paid and delivered. */
export const deliveredOrder = async (orderId = ORDER, h?: ProcessHarness, config: Partial<ProcessConfig> = {}): Promise<ProcessHarness> => {
  const harness = h ?? (await processHarness(config));
  if (h === undefined) {
    await harness.receiveStock('TEA-1', 10);
    await harness.receiveStock('CUP-1', 10);
  }
  await harness.placeOrder(orderId, [
    { sku: 'TEA-1', quantity: 2, unitPrice: 5_000 },
    { sku: 'CUP-1', quantity: 1, unitPrice: 3_000 },
  ]);
  await harness.settle();
  await harness.pay(orderId);
  await harness.dispatch(orderId, `shipment-${orderId}`);
  await harness.carry(3 * DAY);
  return harness;
};

/** What the host sends: the order's own facts, nothing about the other cases (the ledger knows those). */
export const requestFor = async (h: ProcessHarness, id: string, kind: CaseKind, lines: readonly { lineId: string; quantity: number }[], orderId = ORDER): Promise<RequestAfterSales> => {
  const order = await h.order(orderId);
  return {
    type: 'RequestAfterSales',
    caseId: id,
    customerId: CUSTOMER,
    kind,
    reason: kind === 'complaint' ? 'other' : kind === 'exchange' ? 'wrong_item' : 'no_reason',
    description: '',
    evidence: kind === 'exchange' ? ['https://img.example.com/wrong.jpg'] : [],
    lines: [...lines],
    order: {
      orderId,
      customerId: CUSTOMER,
      placedAt: order.placedAt,
      deliveredAt: h.clock.now().toISOString(),
      lines: order.lines.map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: l.quantity, deliveredQuantity: l.quantityDelivered, paid: l.net, refunded: l.refunded })),
    },
  };
};


/**
 * The store with every read and append waiting a few milliseconds drawn from `delays` (in turn), so that commands
 * issued at once through handlers of their own interleave in every way the draws give, as in several processes.
 */
export const jitteredStore = (store: EventStore, delays: readonly number[]): EventStore => {
  let call = 0;
  const pause = () => new Promise<void>((resolve) => setTimeout(resolve, delays[call++ % delays.length]));
  return {
    ...store,
    readStream: async (stream, options) => (await pause(), store.readStream(stream, options)),
    streamRevision: async (stream) => (await pause(), store.streamRevision(stream)),
    append: async (stream, events, options) => (await pause(), store.append(stream, events, options)),
  };
};
