import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { RecordedEvent, Subscription } from '@shopstream/kernel';
import { isPlaced, orderStream } from '@shopstream/commerce/ordering';
import type { OrderingCommandInput, PlacedOrderState } from '@shopstream/commerce/ordering';
import { paymentStream } from '@shopstream/commerce/payment';
import { shipmentStream } from '@shopstream/commerce/shipping';
import type { ShopContext } from '../../shop/context.js';
import type { ShopReadModels } from '../../shop/readModels.js';
import type { CallOptions } from '../call.js';
import type { ShopError } from '../errors.js';
import type { HandleOptions } from '@shopstream/kernel';
import type { OrderView, OrdersFacade, Viewer } from './api.js';
import { customerData, orderView } from './customerView.js';

/** The pages' parameter names of the read models. */
export const pageOf = (page: { readonly limit?: number; readonly cursor?: string | null } = {}) => ({
  ...(page.limit === undefined ? {} : { limit: page.limit }),
  ...(page.cursor === undefined ? {} : { after: page.cursor }),
});

export const ordersFacade = (context: ShopContext, readModels: ShopReadModels): OrdersFacade => {
  const { handlers, gate, storage } = context;

  /** The order, at its stream's revision, when it exists and the viewer may see it. */
  const visible = async (orderId: string, viewer: Viewer = {}): Promise<{ readonly order: PlacedOrderState; readonly revision: number } | null> => {
    const { state: order, revision } = await handlers.orders.current(orderStream(orderId));
    if (!isPlaced(order)) return null;
    return viewer.customerId === undefined || viewer.customerId === order.customerId ? { order, revision } : null;
  };

  /** Sends an ordering command (on the revision the options pin, if any); Right is the viewer's order after it. */
  const send = async (orderId: string, command: OrderingCommandInput, viewer: Viewer, h: HandleOptions): Promise<Either<ShopError, OrderView>> => {
    const result = await handlers.orders(orderStream(orderId), command as never, h);
    if (E.isLeft(result)) return result;
    const order = result.right.state;
    return isPlaced(order) ? E.right(orderView(order, result.right.nextExpectedRevision, viewer)) : E.left({ _tag: 'OrderNotFound', orderId });
  };

  const ownedThen = (orderId: string, viewer: Viewer, options: CallOptions | undefined, command: OrderingCommandInput) =>
    gate.run(options, async (h) =>
      (await visible(orderId, viewer)) === null ? E.left({ _tag: 'NotFound', entity: 'order', id: orderId } as const) : send(orderId, command, viewer, h),
    );

  return {
    get: async (orderId, viewer = {}) => {
      const found = await visible(orderId, viewer);
      return found === null ? null : orderView(found.order, found.revision, viewer);
    },

    timeline: async (orderId, viewer) => {
      const order = (await visible(orderId, viewer))?.order;
      if (order === undefined) return null;
      const streams = [orderStream(orderId), paymentStream(orderId), ...order.shipments.map((s) => shipmentStream(s.shipmentId))];
      const events: RecordedEvent[] = [];
      for (const stream of streams) events.push(...(await storage.eventStore.readStream(stream)));
      return events
        .sort((a, b) => a.position - b.position)
        .map((e) => ({ at: e.occurredAt, type: e.type, stream: e.stream, position: e.position, data: viewer?.customerId === undefined ? e.data : customerData(e.type, e.data) }));
    },

    cancel: (orderId, by, options) =>
      by.kind === 'customer'
        ? ownedThen(orderId, { customerId: by.customerId }, options, {
            type: 'CancelOrder',
            data: { orderId, reason: 'customer_request', cancelledBy: { kind: 'customer', customerId: by.customerId } },
          })
        : ownedThen(orderId, {}, options, {
            type: 'CancelOrder',
            data: { orderId, reason: 'staff_decision', cancelledBy: { kind: 'staff', staffId: by.staffId }, ...(by.note === undefined ? {} : { note: by.note }) },
          }),

    confirmReceipt: (customerId, orderId, options) =>
      ownedThen(orderId, { customerId }, options, { type: 'ConfirmOrderReceipt', data: { orderId, confirmedBy: { kind: 'customer', customerId } } }),

    listMine: async (customerId, page) => readModels.orders.ordersOf(customerId, pageOf(page)),

    list: async (filter = {}) => {
      const { limit, cursor, ...narrowing } = filter;
      return readModels.orders.admin.orders(
        {
          ...(narrowing.status === undefined ? {} : { status: typeof narrowing.status === 'string' ? narrowing.status : [...narrowing.status] }),
          ...(narrowing.risk === undefined ? {} : { risk: typeof narrowing.risk === 'string' ? narrowing.risk : [...narrowing.risk] }),
          ...(narrowing.customerId === undefined ? {} : { customerId: narrowing.customerId }),
          ...(narrowing.placedFrom === undefined ? {} : { placedFrom: narrowing.placedFrom }),
          ...(narrowing.placedBefore === undefined ? {} : { placedBefore: narrowing.placedBefore }),
        },
        pageOf({ ...(limit === undefined ? {} : { limit }), ...(cursor === undefined ? {} : { cursor }) }),
      );
    },

    watch: (customerId, listener) => {
      // Live, not checkpointed: what happens from now on, for a page that is open.
      const owners = new Map<string, boolean>();
      let subscription: Subscription | null = null;
      let closed = false;
      const mine = async (orderId: string): Promise<boolean> => {
        const known = owners.get(orderId);
        if (known !== undefined) return known;
        const found = (await visible(orderId, { customerId })) !== null;
        owners.set(orderId, found);
        return found;
      };
      void (async () => {
        const after = await storage.eventStore.headPosition();
        if (closed) return;
        subscription = storage.eventStore.subscribe({ after, filter: { streamCategories: ['order', 'payment', 'shipment'] } });
        for await (const message of subscription) {
          if (message.type !== 'event') continue;
          const orderId = orderIdOf(message.event);
          // The customer's own feed: the same redaction as their timeline.
          if (orderId !== null && (await mine(orderId))) listener({ ...message.event, data: customerData(message.event.type, message.event.data) });
        }
      })().catch((error: unknown) => context.onError(error, 'order event stream'));
      const close = async () => {
        closed = true;
        await subscription?.stop();
      };
      const unregister = context.onStop(close);
      return () => {
        unregister();
        void close();
      };
    },
  };
};

const orderIdOf = (event: RecordedEvent): string | null => {
  const data = event.data as { readonly orderId?: unknown } | null;
  return data !== null && typeof data === 'object' && typeof data.orderId === 'string' ? data.orderId : null;
};
