import { commandHandler, fold, systemClock, timeOrderedIds, toEvent } from '@shopstream/kernel';
import type { Clock, CommandHandler, DurableScheduler, EventOf, EventStore, HandleOptions, IdGenerator, RecordedEvent } from '@shopstream/kernel';
import { afterSales, afterSalesStream } from '../afterSales/index.js';
import type { AfterSalesCase, AfterSalesCommand, AfterSalesError, AfterSalesEvent, AfterSalesState } from '../afterSales/index.js';
import { cartDecider } from '../cart/index.js';
import { productDecider } from '../catalog/index.js';
import type { ProductCommand, ProductError, ProductEvent, ProductState } from '../catalog/index.js';
import type { CartCommand, CartError, CartEvent, CartState } from '../cart/index.js';
import { inventoryDecider, inventoryStream } from '../inventory/index.js';
import type { InventoryCommand, InventoryError, InventoryEvent, StockState } from '../inventory/index.js';
import { orderDecider, orderStream } from '../ordering/index.js';
import type { OrderingCommand, OrderingError, OrderingEvent, OrderPlaced, OrderState } from '../ordering/index.js';
import { paymentDecider, paymentStream } from '../payment/index.js';
import type { PaymentCommand, PaymentError, PaymentEvent, PaymentState } from '../payment/index.js';
import { couponDecider } from '../promotion/index.js';
import type { CouponState, PromotionCommand, PromotionError, PromotionEvent } from '../promotion/index.js';
import { shipmentDecider, shipmentStream } from '../shipping/index.js';
import type { ShipmentState, ShippingEvent } from '../shipping/index.js';
import type { PaymentGateway } from './payments.js';

/** The command handlers the processes issue their commands through, one per aggregate they touch. */
export interface CommerceHandlers {
  readonly orders: CommandHandler<OrderState, OrderingCommand, OrderingEvent, OrderingError>;
  readonly inventory: CommandHandler<StockState, InventoryCommand, InventoryEvent, InventoryError>;
  readonly coupons: CommandHandler<CouponState, PromotionCommand, PromotionEvent, PromotionError>;
  readonly payments: CommandHandler<PaymentState, PaymentCommand, PaymentEvent, PaymentError>;
  readonly afterSales: CommandHandler<AfterSalesState, AfterSalesCommand, AfterSalesEvent, AfterSalesError>;
  /** Checkout closes the cart it places the order from. */
  readonly carts: CommandHandler<CartState, CartCommand, CartEvent, CartError>;
  /** Checkout reads the products' prices now (the catalog commands them through the same handler). */
  readonly products: CommandHandler<ProductState, ProductCommand, ProductEvent, ProductError>;
}

export interface HandlerConfig {
  readonly eventStore: EventStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export const commerceHandlers = ({ eventStore, clock, ids }: HandlerConfig): CommerceHandlers => ({
  orders: commandHandler({ store: eventStore, decider: orderDecider, clock, ids }),
  inventory: commandHandler({ store: eventStore, decider: inventoryDecider, clock, ids }),
  coupons: commandHandler({ store: eventStore, decider: couponDecider, clock, ids }),
  payments: commandHandler({ store: eventStore, decider: paymentDecider, clock, ids }),
  afterSales: commandHandler({ store: eventStore, decider: afterSales, clock, ids }),
  carts: commandHandler({ store: eventStore, decider: cartDecider, clock, ids }),
  products: commandHandler({ store: eventStore, decider: productDecider, clock, ids }),
});

/** What a process reads before it acts: the current state of the aggregates it is about to command. */
export interface CommerceReader {
  order(orderId: string): Promise<OrderState>;
  /** The order as placed (lines, discounts, coupon codes), or null when there is no such order. */
  orderPlaced(orderId: string): Promise<EventOf<typeof OrderPlaced>['data'] | null>;
  payment(orderId: string): Promise<PaymentState>;
  stock(sku: string): Promise<StockState>;
  /** The stock stream's revision and the references of every delivery received, for receipts that must happen once. */
  stockReferences(sku: string): Promise<{ readonly revision: number; readonly references: readonly string[] }>;
  afterSalesCase(caseId: string): Promise<AfterSalesCase | null>;
  shipment(shipmentId: string): Promise<ShipmentState>;
  /**
   * The ids of the shipments opened for an order, oldest first. It reads every `ShipmentCreated`, so it is for
   * rare steps (a risk hold released), never for a reaction every order goes through.
   */
  shipmentsOfOrder(orderId: string): Promise<readonly string[]>;
}

/**
 * Reads through the handlers the processes command with: an aggregate a process has just written (or read) is
 * not read and folded again while its stream has not moved, one head read confirms the handler's cached state
 * (`CommandHandler.current`). What it answers is what a fresh load gives at that moment either way.
 */
export const commerceReader = (
  eventStore: EventStore,
  // Handlers of its own when none are shared: they only read, so their clock and ids never matter.
  handlers: CommerceHandlers = commerceHandlers({ eventStore, clock: systemClock, ids: timeOrderedIds }),
): CommerceReader => {
  const read = async <E extends { type: string; data: unknown }>(stream: string): Promise<E[]> =>
    (await eventStore.readStream(stream)).map((e) => toEvent<E>(e));
  return {
    order: async (orderId) => (await handlers.orders.current(orderStream(orderId))).state,
    orderPlaced: async (orderId) => {
      const events = await read<OrderingEvent>(orderStream(orderId));
      const placed = events.find((e) => e.type === 'OrderPlaced');
      return placed?.type === 'OrderPlaced' ? placed.data : null;
    },
    payment: async (orderId) => (await handlers.payments.current(paymentStream(orderId))).state,
    stock: async (sku) => (await handlers.inventory.current(inventoryStream(sku))).state,
    stockReferences: async (sku) => {
      const events = await eventStore.readStream(inventoryStream(sku));
      const references = events.flatMap((e) => {
        const event = toEvent<InventoryEvent>(e);
        return event.type === 'StockReceived' && event.data.reference !== null ? [event.data.reference] : [];
      });
      return { revision: events.at(-1)?.revision ?? -1, references };
    },
    afterSalesCase: async (caseId) => {
      const { state } = await handlers.afterSales.current(afterSalesStream(caseId));
      return state.status === 'none' ? null : state;
    },
    shipment: async (shipmentId) => fold(shipmentDecider, await read<ShippingEvent>(shipmentStream(shipmentId))),
    shipmentsOfOrder: async (orderId) =>
      (await eventStore.readAll({ filter: { eventTypes: ['ShipmentCreated'] } })).flatMap((e) => {
        const event = toEvent<ShippingEvent>(e);
        return event.type === 'ShipmentCreated' && event.data.orderId === orderId ? [event.data.shipmentId] : [];
      }),
  };
};

/** Everything a process needs from outside: handlers to command with, a reader, the scheduler and the payment gateway. */
export interface ProcessPorts {
  readonly handlers: CommerceHandlers;
  readonly read: CommerceReader;
  readonly scheduler: DurableScheduler;
  readonly payments: PaymentGateway;
}

/**
 * Metadata for the commands a reaction issues: caused by the event reacted to, in the same correlation
 * (and trace) as the request that started it all, acted by the process itself.
 */
export const causedBy = (event: RecordedEvent, process: string): HandleOptions => ({
  metadata: {
    correlationId: event.metadata.correlationId,
    causationId: event.id,
    actor: { kind: 'system', id: `process:${process}` },
    traceparent: event.metadata.traceparent,
    tracestate: event.metadata.tracestate,
  },
});
