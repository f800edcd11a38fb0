import type { Subject } from '@shopstream/commerce/behaviour';
import type { BehaviourEvent } from '@shopstream/commerce/behaviour';
import type { CartEvent } from '@shopstream/commerce/cart';
import type { OrderingEvent } from '@shopstream/commerce/ordering';
import type { ProjectionContext, ProjectionHandlers } from '@shopstream/kernel';
import { periodsOf } from '../calendar.js';
import type { FunnelCart, FunnelCollection, FunnelOrder, FunnelSession, FunnelStage, FunnelTouch } from '../documents.js';

type Context = ProjectionContext<FunnelCollection>;

const customerActor = (customerId: string): string => `customer:${customerId}`;

/** A guest session counts as the customer it signed in as, from the moment the projection knows. */
const actorOf = async (subject: Subject, ctx: Context): Promise<string> => {
  if (subject.kind === 'customer') return customerActor(subject.id);
  const session = await ctx.collection<FunnelSession>('sessions').get(subject.id);
  return session === null ? `session:${subject.id}` : customerActor(session.customerId);
};

/**
 * One touch per stage, day and actor. Its other fields follow from its id, save `actor`, which `reassign` may
 * have changed: a touch already there with the same actor is the document this one would write, and most
 * touches (views above all) are repeats, so they are not written again.
 */
const touch = async (ctx: Context, stage: FunnelStage, actor: string, at: string, timeZone: string): Promise<void> => {
  const periods = periodsOf(at, timeZone);
  const document: FunnelTouch = { _id: `${stage}/${periods.day}/${actor}`, stage, actor, ...periods };
  const touches = ctx.collection<FunnelTouch>('touches');
  if ((await touches.get(document._id))?.actor === actor) return;
  await touches.replaceOne(document, { upsert: true });
};

/** Guest touches become the customer's once the guest is known to be them. */
const reassign = async (ctx: Context, from: string, to: string): Promise<void> => {
  await ctx.collection('touches').updateMany({ actor: from }, { $set: { actor: to } });
};

/** Who reached which stage of the funnel on which day: viewed a product, added to a cart, ordered, paid. */
export const funnelHandlers = (timeZone: string): ProjectionHandlers<BehaviourEvent | CartEvent | OrderingEvent, FunnelCollection> => ({
  ProductViewed: async (event, ctx) => touch(ctx, 'view', await actorOf(event.data.subject, ctx), event.occurredAt, timeZone),

  SessionIdentified: async (event, ctx) => {
    const { sessionId, customerId } = event.data;
    await ctx.collection<FunnelSession>('sessions').replaceOne({ _id: sessionId, customerId }, { upsert: true });
    await reassign(ctx, `session:${sessionId}`, customerActor(customerId));
  },

  CartOpened: async (event, ctx) => {
    await ctx.collection<FunnelCart>('carts').replaceOne({ _id: event.data.cartId, userId: event.data.userId }, { upsert: true });
  },

  CartItemAdded: async (event, ctx) => {
    const cart = await ctx.collection<FunnelCart>('carts').get(event.data.cartId);
    const actor = cart?.userId == null ? `cart:${event.data.cartId}` : customerActor(cart.userId);
    await touch(ctx, 'cart', actor, event.occurredAt, timeZone);
  },

  CartMerged: async (event, ctx) => {
    const into = await ctx.collection<FunnelCart>('carts').get(event.data.intoCartId);
    if (into?.userId != null) await reassign(ctx, `cart:${event.data.cartId}`, customerActor(into.userId));
  },

  OrderPlaced: async (event, ctx) => {
    const { orderId, customerId } = event.data;
    await ctx.collection<FunnelOrder>('orders').replaceOne({ _id: orderId, customerId }, { upsert: true });
    await touch(ctx, 'order', customerActor(customerId), event.occurredAt, timeZone);
  },

  OrderPaid: async (event, ctx) => {
    const order = await ctx.collection<FunnelOrder>('orders').get(event.data.orderId);
    if (order !== null) await touch(ctx, 'payment', customerActor(order.customerId), event.occurredAt, timeZone);
  },
});
