import { fold, ManualClock, memoryEventStore, memoryReadStore, sequentialIds, toEvent } from '@shopstream/kernel';
import type { EventStore, ReadStore, RecordedEvent } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import { inventoryStream, stockLevels } from '../../inventory/index.js';
import type { StockLevels } from '../../inventory/index.js';
import { isPlaced, orderStream } from '../../ordering/index.js';
import type { OrderDiscount, PlacedOrderState } from '../../ordering/index.js';
import { addressFixture, sealedFixture } from '../../ordering/testing.js';
import { notificationQueue, paymentService, wechatPaySandbox } from '../../payment/index.js';
import type { PaymentService, SandboxProvider } from '../../payment/index.js';
import { couponDecider, couponStream } from '../../promotion/index.js';
import { sandboxCarrier, shippingService } from '../../shipping/index.js';
import type { SandboxCarrier, ShippingService } from '../../shipping/index.js';
import type { CouponState, PromotionEvent } from '../../promotion/index.js';
import { commerceHandlers, commerceReader } from '../ports.js';
import type { CommerceHandlers, CommerceReader } from '../ports.js';
import type { ProcessConfig } from '../config.js';
import { commerceProcesses } from '../wiring.js';
import type { CommerceProcesses } from '../wiring.js';

export const START = '2026-03-02T09:00:00.000Z';
export const CUSTOMER = 'customer-1';
export const MINUTE = 60_000;
export const DAY = 86_400_000;

export interface LineSpec {
  readonly sku: string;
  readonly quantity: number;
  readonly unitPrice: number;
}

/**
 * The processes over in-memory stores with a manual clock and the WeChat Pay sandbox, for tests that drive
 * the contexts through their commands and watch what the processes do. `restart()` stops the runtimes and
 * starts fresh ones over the same stores, as a redeployed host would.
 */
export const processHarness = async (config: Partial<ProcessConfig> = {}) => {
  const clock = new ManualClock(START);
  const ids = sequentialIds(1);
  const eventStore: EventStore = memoryEventStore();
  const readStore: ReadStore = memoryReadStore();
  const notifications = notificationQueue();
  const wechat: SandboxProvider = wechatPaySandbox({ secret: 'sandbox-wechat-secret', clock, deliver: notifications.sink, ids: sequentialIds(2) });
  const providers = { wechat_pay: wechat };
  const payments: PaymentService = paymentService({ store: eventStore, providers, clock, ids });
  const carrier: SandboxCarrier = sandboxCarrier({ secret: 'sandbox-carrier-secret', clock });
  const shipping: ShippingService = shippingService({ store: eventStore, carrier, clock, ids });
  const handlers: CommerceHandlers = commerceHandlers({ eventStore, clock, ids });
  const read: CommerceReader = commerceReader(eventStore);
  const make = (): CommerceProcesses =>
    commerceProcesses({ eventStore, readStore, clock, ids, providers, config, retry: { maxAttempts: 2 }, sleep: async () => undefined });
  let processes = make();
  await processes.start({ poll: false });

  const expectRight = <L, R>(result: E.Either<L, R>, what: string): R => {
    if (E.isLeft(result)) throw new Error(`${what} failed: ${JSON.stringify(result.left)}`);
    return result.right;
  };

  const harness = {
    clock,
    ids,
    eventStore,
    readStore,
    wechat,
    notifications,
    carrier,
    shipping,
    payments,
    handlers,
    read,
    get processes() {
      return processes;
    },

    settle: () => processes.settle(),

    restart: async () => {
      await processes.stop();
      processes = make();
      await processes.start({ poll: false });
    },

    receiveStock: async (sku: string, quantity: number) =>
      expectRight(await handlers.inventory(inventoryStream(sku), { type: 'ReceiveStock', sku, quantity, reference: 'delivery note' }), 'ReceiveStock'),

    stock: async (sku: string): Promise<StockLevels> => stockLevels(await read.stock(sku)),

    createCoupon: async (code: string, amount: number, totalLimit: number | null = null) =>
      expectRight(
        await handlers.coupons(couponStream(code), {
          type: 'CreateCoupon',
          code,
          terms: {
            currency: 'CNY',
            discount: { kind: 'fixed', amount: { amount, currency: 'CNY' } },
            minimumSpend: { amount: 0, currency: 'CNY' },
            validFrom: '2026-01-01T00:00:00.000Z',
            validUntil: '2027-01-01T00:00:00.000Z',
            totalLimit,
            perUserLimit: null,
          },
        }),
        'CreateCoupon',
      ),

    coupon: async (code: string): Promise<CouponState> =>
      fold(
        couponDecider,
        (await eventStore.readStream(couponStream(code))).map((e) => toEvent<PromotionEvent>(e)),
      ),

    placeOrder: async (orderId: string, lines: readonly LineSpec[], coupon?: { code: string; amount: number }, customerId = CUSTOMER) => {
      const discounts: OrderDiscount[] = coupon ? [{ promotionId: coupon.code, code: coupon.code, amount: { amount: coupon.amount, currency: 'CNY' } }] : [];
      const paymentDueAt = new Date(clock.now().getTime() + processes.config.paymentTimeoutMs).toISOString();
      return expectRight(
        await handlers.orders(orderStream(orderId), {
          type: 'PlaceOrder',
          data: {
            orderId,
            customerId,
            currency: 'CNY',
            lines: lines.map((l, i) => ({
              lineId: `line-${i + 1}`,
              productId: `product-${l.sku}`,
              sku: l.sku,
              title: l.sku,
              unitPrice: { amount: l.unitPrice, currency: 'CNY' },
              quantity: l.quantity,
              discount: { amount: 0, currency: 'CNY' },
            })),
            discounts,
            shippingFee: { amount: 0, currency: 'CNY' },
            address: addressFixture(customerId),
            paymentDueAt,
            autoConfirmReceiptAfterDays: processes.config.autoConfirmReceiptAfterDays,
          },
        }),
        'PlaceOrder',
      );
    },

    order: async (orderId: string): Promise<PlacedOrderState> => {
      const state = await read.order(orderId);
      if (!isPlaced(state)) throw new Error(`order ${orderId} was never placed`);
      return state;
    },

    /** The customer opens WeChat Pay for the order's total; returns the provider reference to act on. */
    startPayment: async (orderId: string) => {
      const order = await harness.order(orderId);
      return expectRight(await payments.startPayment({ orderId, method: 'wechat_pay', amount: order.total, description: `order ${orderId}` }), 'startPayment');
    },

    /** The webhook: every queued provider notification goes through the payment service. */
    deliverNotifications: async () =>
      notifications.drain(async (n) => expectRight(await payments.handleNotification(n.method, n.rawBody, n.headers), 'handleNotification')),

    /** The customer scans and pays; the notification is delivered and the processes settle. */
    pay: async (orderId: string) => {
      const started = await harness.startPayment(orderId);
      harness.wechat.control.act(started.providerReference);
      await harness.deliverNotifications();
      await processes.settle();
      return started;
    },

    /** The warehouse hands every line of the order to the carrier in one parcel. */
    dispatch: async (orderId: string, shipmentId: string) => {
      const order = await harness.order(orderId);
      return expectRight(
        await shipping.dispatch({
          shipmentId,
          orderId,
          lines: order.lines.map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: l.quantity })),
          origin: { city: '杭州', province: '浙江' },
          destination: { city: '上海', province: '上海' },
          recipient: sealedFixture(order.customerId, 'recipient'),
        }),
        'dispatch',
      );
    },

    /** Carrier time passes (the shared clock moves); its tracking pushes reach the shipping service and the processes settle. */
    carry: async (ms: number) => {
      const pushes = carrier.advance(ms);
      for (const push of pushes) expectRight(await shipping.handleNotification(push), 'handleNotification');
      await processes.settle();
      return pushes;
    },

    eventsOfType: async (type: string): Promise<RecordedEvent[]> => eventStore.readAll({ filter: { eventTypes: [type] } }),

    /** Delivers an already recorded event to a reaction a second time, as at-least-once delivery may. */
    redeliver: async (reactorName: string, event: RecordedEvent) => {
      const reactor = processes.reactors.find((r) => r.name === reactorName);
      const reaction = (reactor?.handlers as Readonly<Record<string, unknown>> | undefined)?.[event.type];
      if (typeof reaction !== 'function') throw new Error(`${reactorName} does not react to ${event.type}`);
      await (reaction as (e: RecordedEvent, c: { now: Date }) => Promise<void>)(event, { now: clock.now() });
      await processes.settle();
    },
  };
  return harness;
};

export type ProcessHarness = Awaited<ReturnType<typeof processHarness>>;

/** A fresh harness with one paid order of two teas (10 in stock): where the fulfilment tests start. */
export const paidTeaOrder = async (orderId: string): Promise<ProcessHarness> => {
  const h = await processHarness();
  await h.receiveStock('TEA-1', 10);
  await h.placeOrder(orderId, [{ sku: 'TEA-1', quantity: 2, unitPrice: 5_000 }]);
  await h.settle();
  await h.pay(orderId);
  return h;
};
