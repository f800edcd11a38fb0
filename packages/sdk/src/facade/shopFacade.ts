import { afterSalesFacade } from './afterSales/afterSalesFacade.js';
import { behaviourFacade } from './behaviour/behaviourFacade.js';
import { cartFacade } from './cart/cartFacade.js';
import { checkoutFacade } from './cart/checkoutFacade.js';
import { catalogFacade } from './catalog/catalogFacade.js';
import { inventoryFacade, promotionFacade } from './catalog/stockFacade.js';
import { accountsFacade, identityFacade } from './identity/identityFacade.js';
import { recommendationsFacade, reportsFacade, riskFacade, searchFacade } from './insights/insightsFacade.js';
import { ordersFacade } from './orders/ordersFacade.js';
import { paymentsFacade } from './payments/paymentsFacade.js';
import { reviewsFacade } from './reviews/reviewsFacade.js';
import { shippingFacade, trackingFacade } from './shipping/shippingFacade.js';
import type { Shop } from './shop.js';
import { customerCarts } from '../shop/carts.js';
import type { ShopContext } from '../shop/context.js';
import { shopReadModels } from '../shop/readModels.js';

export type ShopFacade = Pick<
  Shop,
  | 'identity'
  | 'accounts'
  | 'catalog'
  | 'inventory'
  | 'promotion'
  | 'cart'
  | 'checkout'
  | 'orders'
  | 'payments'
  | 'shipping'
  | 'tracking'
  | 'afterSales'
  | 'reviews'
  | 'behaviour'
  | 'search'
  | 'recommendations'
  | 'risk'
  | 'reports'
>;

/** The facade's parts, each over the one context. */
export const shopFacade = (context: ShopContext): ShopFacade => {
  const readModels = shopReadModels(context.projections, context.vault, context.settings.searchCandidates);
  const carts = customerCarts(context.handlers.carts);
  return {
    identity: identityFacade(context),
    accounts: accountsFacade(context, readModels),
    catalog: catalogFacade(context),
    inventory: inventoryFacade(context),
    promotion: promotionFacade(context),
    cart: cartFacade(context, carts),
    checkout: checkoutFacade(context, carts),
    orders: ordersFacade(context, readModels),
    payments: paymentsFacade(context, readModels),
    shipping: shippingFacade(context),
    tracking: trackingFacade(context),
    afterSales: afterSalesFacade(context, readModels),
    reviews: reviewsFacade(context),
    behaviour: behaviourFacade(context),
    search: searchFacade(readModels),
    recommendations: recommendationsFacade(readModels),
    risk: riskFacade(context, readModels),
    reports: reportsFacade(context, readModels),
  };
};
