import { commerceEventRegistry } from '@shopstream/commerce';
import type { Sealed } from '@shopstream/commerce';
import { inventoryStream, stockLevels } from '@shopstream/commerce/inventory';
import type { StockLevels } from '@shopstream/commerce/inventory';
import { isPlaced, orderStream } from '@shopstream/commerce/ordering';
import type { OrderClient, PlacedOrderState } from '@shopstream/commerce/ordering';
import { notificationQueue, paymentService, wechatPaySandbox } from '@shopstream/commerce/payment';
import { commerceHandlers, commerceProcesses, commerceReader } from '@shopstream/commerce/processes';
import { sandboxCarrier, shippingService } from '@shopstream/commerce/shipping';
import { ManualClock, memoryEventStore, memoryReadStore, pendingTimeouts, projectionRuntime, reactorRuntime, sequentialIds } from '@shopstream/kernel';
import type { RecordedEvent } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import { riskProjections } from '../index.js';
import { riskProcess } from '../process.js';
import type { RiskPolicy } from '../scoring/policy.js';
import { addressAt, HANGZHOU } from './fixtures.js';

const START = '2026-03-02T09:00:00.000Z';

const expectRight = <L, R>(result: E.Either<L, R>, what: string): R => {
  if (E.isLeft(result)) throw new Error(`${what} failed: ${JSON.stringify(result.left)}`);
  return result.right;
};

const sealed = (subject: string): Sealed => ({ v: 1, subject, keyId: 'key-1', iv: 'AAAAAAAAAAAAAAAA', data: 'cmVjaXBpZW50', tag: 'AAAAAAAAAAAAAAAAAAAAAA==' });

/**
 * The commerce processes and the risk process over memory stores with a manual clock, WeChat Pay and a carrier
 * in their sandboxes: what a shop runs, for end-to-end tests of risk holds. The risk projections run in the
 * same projection runtime as the processes' pending timeouts, and the risk reactor in a runtime of its own, as an
 * SDK would wire them.
 */
export const riskShop = async (policy: RiskPolicy) => {
  const clock = new ManualClock(START);
  const ids = sequentialIds(1);
  const store = memoryEventStore({ registry: commerceEventRegistry(), now: () => clock.now() });
  /** Whole-stream reads per stream, to show what reads go through a handler's cache. */
  const streamReads = new Map<string, number>();
  const eventStore: typeof store = Object.assign(Object.create(store) as typeof store, {
    readStream: (...args: Parameters<typeof store.readStream>) => {
      streamReads.set(args[0], (streamReads.get(args[0]) ?? 0) + 1);
      return store.readStream(...args);
    },
  });
  const readStore = memoryReadStore();
  const notifications = notificationQueue();
  const wechat = wechatPaySandbox({ secret: 'sandbox-wechat-secret', clock, deliver: notifications.sink, ids: sequentialIds(2) });
  const providers = { wechat_pay: wechat };
  const payments = paymentService({ store: eventStore, providers, clock, ids });
  const carrier = sandboxCarrier({ secret: 'sandbox-carrier-secret', clock });
  const shipping = shippingService({ store: eventStore, carrier, clock, ids });
  const handlers = commerceHandlers({ eventStore, clock, ids });
  const read = commerceReader(eventStore);
  const quick = { retry: { maxAttempts: 2 }, sleep: async () => undefined };

  const projections = projectionRuntime({ eventStore, readStore, projections: [pendingTimeouts, ...riskProjections], clock });
  const processes = commerceProcesses({ eventStore, readStore, clock, ids, providers, projections, ...quick });
  // As the SDK wires it: the risk process reads and commands orders through the shop's order handler.
  const risk = riskProcess({ eventStore, clock, ids, signals: projections, policy, orders: handlers.orders });
  const riskRuntime = reactorRuntime({ eventStore, readStore, reactors: [risk], clock, ...quick });
  await projections.start();
  await processes.start({ poll: false });
  await riskRuntime.start();

  const settle = async (): Promise<void> => {
    for (;;) {
      await processes.settle();
      const head = await eventStore.headPosition();
      await riskRuntime.waitFor(head);
      await projections.waitFor(head);
      if ((await eventStore.headPosition()) === head) {
        await processes.settle();
        if ((await eventStore.headPosition()) === head) return;
      }
    }
  };

  const order = async (orderId: string): Promise<PlacedOrderState> => {
    const state = await read.order(orderId);
    if (!isPlaced(state)) throw new Error(`order ${orderId} was never placed`);
    return state;
  };

  const shop = {
    clock,
    eventStore,
    streamReads: (stream: string): number => streamReads.get(stream) ?? 0,
    handlers,
    projections,
    processes,
    riskRuntime,
    risk,
    settle,
    order,

    receiveStock: async (sku: string, quantity: number) =>
      expectRight(await handlers.inventory(inventoryStream(sku), { type: 'ReceiveStock', sku, quantity, reference: 'delivery note' }), 'ReceiveStock'),

    stock: async (sku: string): Promise<StockLevels> => stockLevels(await read.stock(sku)),

    /** One line of `sku` at `unitPrice`, to Hangzhou, from the given client. */
    placeOrder: async (orderId: string, customerId: string, sku: string, unitPrice: number, client?: OrderClient) => {
      expectRight(
        await handlers.orders(orderStream(orderId), {
          type: 'PlaceOrder',
          data: {
            orderId,
            customerId,
            currency: 'CNY',
            lines: [{ lineId: 'line-1', productId: `product-${sku}`, sku, title: sku, unitPrice: { amount: unitPrice, currency: 'CNY' }, quantity: 1, discount: { amount: 0, currency: 'CNY' } }],
            discounts: [],
            shippingFee: { amount: 0, currency: 'CNY' },
            address: addressAt(customerId, HANGZHOU),
            paymentDueAt: new Date(clock.now().getTime() + processes.config.paymentTimeoutMs).toISOString(),
            autoConfirmReceiptAfterDays: processes.config.autoConfirmReceiptAfterDays,
            ...(client === undefined ? {} : { client }),
          },
        }),
        'PlaceOrder',
      );
      await settle();
    },

    /** The provider's queued notifications (captures, refunds) reach the payment service, and everything settles. */
    deliverNotifications: async () => {
      await notifications.drain(async (n) => expectRight(await payments.handleNotification(n.method, n.rawBody, n.headers), 'handleNotification'));
      await settle();
    },

    /** The customer pays the order's total with WeChat Pay; the notification arrives and everything settles. */
    pay: async (orderId: string) => {
      const placed = await order(orderId);
      const started = expectRight(await payments.startPayment({ orderId, method: 'wechat_pay', amount: placed.total, description: `order ${orderId}` }), 'startPayment');
      wechat.control.act(started.providerReference);
      await notifications.drain(async (n) => expectRight(await payments.handleNotification(n.method, n.rawBody, n.headers), 'handleNotification'));
      await settle();
    },

    /** The warehouse hands the order's lines to the carrier. */
    dispatch: async (orderId: string, shipmentId: string) => {
      const placed = await order(orderId);
      expectRight(
        await shipping.dispatch({
          shipmentId,
          orderId,
          lines: placed.lines.map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: l.quantity })),
          origin: { city: '杭州', province: '浙江' },
          destination: { city: '杭州', province: '浙江' },
          recipient: sealed(placed.customerId),
        }),
        'dispatch',
      );
      await settle();
    },

    /** Carrier time passes; its tracking pushes reach the shipping service. */
    carry: async (ms: number) => {
      for (const push of carrier.advance(ms)) expectRight(await shipping.handleNotification(push), 'handleNotification');
      await settle();
    },

    eventsOfType: async (type: string): Promise<RecordedEvent[]> => eventStore.readAll({ filter: { eventTypes: [type] } }),

    stop: async (): Promise<void> => {
      await riskRuntime.stop();
      await processes.stop();
      await projections.stop();
    },
  };
  return shop;
};

export type RiskShop = Awaited<ReturnType<typeof riskShop>>;
