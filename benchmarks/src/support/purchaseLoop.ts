import { randomUUID } from 'node:crypto';
import { summarise } from './latency.js';
import type { LatencySummary } from './latency.js';
import type { Answer } from './client.js';

export const STEPS = ['addToCart', 'checkout', 'startPayment', 'completePayment'] as const;
export type Step = (typeof STEPS)[number];

type Call = (method: string, path: string, token: string | null, body?: unknown, headers?: Readonly<Record<string, string>>) => Promise<Answer>;

export interface Buyer {
  readonly token: string;
  readonly addressId: string;
}

/** What a virtual user buys: a product's id and one of its SKUs. */
export interface Buyable {
  readonly productId: string;
  readonly sku: string;
}

export interface LoopResult {
  readonly orders: number;
  readonly seconds: number;
  /** CPU (user + system) of the process that ran the loop (the load generator), per completed loop. */
  readonly cpuMsPerOrder: number;
  readonly perStep: Record<Step, LatencySummary>;
  readonly all: LatencySummary;
  readonly failures: Record<string, number>;
  /** Mean response size per step, in bytes: what the baseline answers with. */
  readonly bytes: Record<Step, number>;
}

/** One purchase as four requests; answers the status and body of each, or stops at the first refusal. */
export type Purchase = (step: Step, previous: string) => Promise<{ status: number; text: string; expected: number }>;

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Virtual users running purchases back to back for `seconds`, each timing its own requests. */
export const loop = async (users: number, seconds: number, purchaseFor: (user: number) => Purchase): Promise<LoopResult> => {
  const latencies = new Map<Step, number[]>(STEPS.map((step) => [step, []]));
  const sizes = new Map<Step, number[]>(STEPS.map((step) => [step, []]));
  const failures: Record<string, number> = {};
  let orders = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const user = async (index: number) => {
    const purchase = purchaseFor(index);
    while (performance.now() < deadline) {
      let previous = '';
      let completed = true;
      for (const step of STEPS) {
        const sent = performance.now();
        const answer = await purchase(step, previous);
        latencies.get(step)?.push(performance.now() - sent);
        sizes.get(step)?.push(Buffer.byteLength(answer.text));
        if (answer.status !== answer.expected) {
          const key = `${step} ${answer.status} ${answer.text.slice(0, 80)}`;
          failures[key] = (failures[key] ?? 0) + 1;
          completed = false;
          break;
        }
        previous = answer.text;
      }
      if (completed) orders += 1;
    }
  };
  await Promise.all(Array.from({ length: users }, (_, index) => user(index)));
  const elapsed = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const mean = (values: readonly number[]) => (values.length === 0 ? 0 : Math.round(values.reduce((a, b) => a + b, 0) / values.length));
  return {
    orders,
    seconds: elapsed,
    cpuMsPerOrder: orders === 0 ? 0 : round2((used.user + used.system) / 1000 / orders),
    perStep: Object.fromEntries(STEPS.map((step) => [step, summarise(latencies.get(step) ?? [])])) as Record<Step, LatencySummary>,
    all: summarise([...latencies.values()].flat()),
    failures,
    bytes: Object.fromEntries(STEPS.map((step) => [step, mean(sizes.get(step) ?? [])])) as Record<Step, number>,
  };
};

/**
 * The shop's purchase over HTTP, on products that never run out during the run: each purchase by the next of the
 * virtual user's buyers in turn, the way a shop's orders come from many people, each ordering now and then.
 */
export const shopPurchase = (call: Call, buyers: readonly Buyer[], products: readonly Buyable[], user: number): Purchase => {
  if (buyers.length === 0) throw new Error(`virtual user ${user} has no buyer`);
  let n = user;
  let turn = 0;
  let buyer = buyers[0] as Buyer;
  return async (step, previous) => {
    switch (step) {
      case 'addToCart': {
        buyer = buyers[turn++ % buyers.length] as Buyer;
        const product = products[(n += 7) % products.length] as Buyable;
        return { ...(await call('POST', '/me/cart/items', buyer.token, { productId: product.productId, sku: product.sku, quantity: 1 })), expected: 200 };
      }
      case 'checkout':
        return { ...(await call('POST', '/checkout', buyer.token, { shipTo: { addressId: buyer.addressId } }, { 'idempotency-key': randomUUID() })), expected: 201 };
      case 'startPayment': {
        const { orderId } = JSON.parse(previous) as { orderId: string };
        return { ...(await call('POST', `/orders/${orderId}/payments`, buyer.token, { method: 'alipay' })), expected: 201 };
      }
      case 'completePayment': {
        const { providerReference } = JSON.parse(previous) as { providerReference: string };
        return { ...(await call('POST', `/sandbox/payments/${encodeURIComponent(providerReference)}/complete`, buyer.token)), expected: 200 };
      }
    }
  };
};

/** The same four requests against bare endpoints that parse the body and answer as many bytes as the shop did. */
export const barePurchase = (call: Call, token: string): Purchase => async (step) => ({ ...(await call('POST', `/bare/${step}`, token, { step, token })), expected: 200 });
