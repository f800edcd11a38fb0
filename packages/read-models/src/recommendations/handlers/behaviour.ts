import type { BehaviourEvent } from '@shopstream/commerce/behaviour';
import type { ProjectionHandlers } from '@shopstream/kernel';
import { addAffinity } from './affinity.js';
import { isPersonalised } from './consent.js';
import type { RecommendationsContext } from '../context.js';
import type { RecommendationsCollection, WindowDoc } from '../documents.js';
import { viewWindowId } from '../documents.js';
import { linkAll, withinWindow } from './neighbours.js';
import type { RecommendationsPolicy } from '../policy.js';
import { addPopularity } from './products.js';

type Subject = { readonly kind: 'customer' | 'session'; readonly id: string };

/**
 * Views within the window pair up as "viewed together". A product already in the window is only moved to the
 * front: flicking between two pages should not count as many co-views.
 */
const recordView = async (ctx: RecommendationsContext, subject: Subject, productId: string, at: string, policy: RecommendationsPolicy): Promise<void> => {
  const windows = ctx.collection<WindowDoc>('windows');
  const _id = viewWindowId(subject);
  const recent = withinWindow((await windows.get(_id))?.items ?? [], at, policy.viewWindowMinutes * 60_000);
  const others = recent.filter((item) => item.productId !== productId);
  if (others.length === recent.length) {
    await linkAll(ctx, 'viewed', [productId], others.map((item) => item.productId), at, { halfLifeDays: policy.halfLifeDays.pairs, max: policy.maxNeighbours });
  }
  const items = [{ productId, at }, ...others].slice(0, policy.maxViewsInWindow);
  await windows.replaceOne({ _id, customerId: subject.kind === 'customer' ? subject.id : null, items });
};

/**
 * A guest session is a pseudonymous browser id: its short view window is kept for "viewed together", and dropped
 * when the session signs in. A signed-in customer's views and favourites shape their tastes, and their window,
 * only with their consent; everyone's count towards popularity, which says nothing about anyone.
 */
export const behaviourHandlers = (policy: RecommendationsPolicy): ProjectionHandlers<BehaviourEvent, RecommendationsCollection> => ({
  ProductViewed: async (event, ctx) => {
    const { subject, productId } = event.data;
    const at = event.occurredAt;
    const product = await addPopularity(ctx, productId, policy.weights.view, at, policy.halfLifeDays.popularity);
    if (subject.kind === 'session') return recordView(ctx, subject, productId, at, policy);
    if (!(await isPersonalised(ctx, subject.id))) return;
    await addAffinity(ctx, subject.id, [product], policy.weights.view, at, policy.halfLifeDays.affinity);
    await recordView(ctx, subject, productId, at, policy);
  },
  ProductFavourited: async (event, ctx) => {
    const { subject, productId } = event.data;
    const product = await addPopularity(ctx, productId, policy.weights.favourite, event.occurredAt, policy.halfLifeDays.popularity);
    if (subject.kind === 'customer' && (await isPersonalised(ctx, subject.id))) {
      await addAffinity(ctx, subject.id, [product], policy.weights.favourite, event.occurredAt, policy.halfLifeDays.affinity);
    }
  },
  SessionIdentified: async ({ data }, ctx) => {
    await ctx.collection<WindowDoc>('windows').deleteOne({ _id: viewWindowId({ kind: 'session', id: data.sessionId }) });
  },
});
