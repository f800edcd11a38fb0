import type { UserEvent } from '@shopstream/commerce/identity';
import { idOf } from '@shopstream/kernel';
import type { ProjectionHandlers } from '@shopstream/kernel';
import type { RecommendationsContext } from '../context.js';
import type { ConsentDoc, ProfileDoc, PurchaseDoc, RecommendationsCollection, WindowDoc } from '../documents.js';

/**
 * Personalisation is opt-in: a customer counts as consenting only between `ConsentGiven` and `ConsentWithdrawn`
 * for the `personalisation` purpose. Without it nothing about their tastes or browsing is kept.
 */
export const isPersonalised = async (ctx: RecommendationsContext, customerId: string): Promise<boolean> =>
  (await ctx.collection<ConsentDoc>('consents').get(customerId))?.personalisation === true;

/** Drops what was kept only because the customer consented: tastes and recent browsing and buying. */
const forgetTastes = async (ctx: RecommendationsContext, customerId: string): Promise<void> => {
  await ctx.collection<ProfileDoc>('profiles').deleteOne({ _id: customerId });
  await ctx.collection<WindowDoc>('windows').deleteMany({ customerId });
};

/** A closed or erased account: nothing of the person stays, purchases and consent included. */
const forgetCustomer = async (ctx: RecommendationsContext, customerId: string): Promise<void> => {
  await forgetTastes(ctx, customerId);
  await ctx.collection<PurchaseDoc>('purchases').deleteMany({ customerId });
  await ctx.collection<ConsentDoc>('consents').deleteOne({ _id: customerId });
};

/** Identity events arrive on `user-<userId>`; the user id is the customer id of orders and behaviour. */
export const consentHandlers: ProjectionHandlers<UserEvent, RecommendationsCollection> = {
  ConsentGiven: async (event, ctx) => {
    if (event.data.purpose !== 'personalisation') return;
    await ctx.collection<ConsentDoc>('consents').replaceOne({ _id: idOf(event.stream), personalisation: true, at: event.occurredAt });
  },
  ConsentWithdrawn: async (event, ctx) => {
    if (event.data.purpose !== 'personalisation') return;
    const customerId = idOf(event.stream);
    await ctx.collection<ConsentDoc>('consents').deleteOne({ _id: customerId });
    await forgetTastes(ctx, customerId);
  },
  AccountClosed: async (event, ctx) => forgetCustomer(ctx, idOf(event.stream)),
  PersonalDataErased: async (event, ctx) => forgetCustomer(ctx, idOf(event.stream)),
};
