import type { ConcurrencyConflict } from '@shopstream/kernel';
import type { AfterSalesError } from '@shopstream/commerce/afterSales';
import type { BehaviourError } from '@shopstream/commerce/behaviour';
import type { CartError } from '@shopstream/commerce/cart';
import type { CatalogError } from '@shopstream/commerce/catalog';
import type { IdentityError } from '@shopstream/commerce/identity';
import type { InventoryError } from '@shopstream/commerce/inventory';
import type { OrderingError } from '@shopstream/commerce/ordering';
import type { PaymentServiceError } from '@shopstream/commerce/payment';
import type { PlaceOrderError } from '@shopstream/commerce/processes';
import type { PromotionError } from '@shopstream/commerce/promotion';
import type { ReviewError } from '@shopstream/commerce/reviews';
import type { DispatchError, NotificationError } from '@shopstream/commerce/shipping';
import type { ReportError } from '@shopstream/read-models/reports';
import type { RiskReviewError } from '@shopstream/read-models/risk';
import type { RiskHoldRefusal } from './insights/api.js';

/** What a facade call can be about when it answers NotFound. */
export type ShopEntity = 'user' | 'address' | 'product' | 'sku' | 'category' | 'brand' | 'cart' | 'order' | 'payment' | 'shipment' | 'case' | 'review' | 'coupon' | 'notification' | 'debt';

/** Refusals the facade itself makes, before or around the domain's own. */
export type FacadeError =
  /** Not there, or not the caller's: an order of someone else's is as absent as one that never was. */
  | { readonly _tag: 'NotFound'; readonly entity: ShopEntity; readonly id: string }
  /** The input does not have the shape the command needs. */
  | { readonly _tag: 'InvalidRequest'; readonly issues: readonly { readonly path: string; readonly message: string }[] }
  /** The product or SKU cannot be put in a cart: unknown, not published, or not priced yet. */
  | {
      readonly _tag: 'ProductUnavailable';
      readonly productId: string;
      readonly sku: string;
      readonly reason: 'unknown_product' | 'unknown_sku' | 'not_published' | 'not_priced';
    }
  /** The order does not await a payment (paid, cancelled, or on its way). */
  | { readonly _tag: 'OrderNotPayable'; readonly orderId: string; readonly status: string }
  /** A page cursor the read model does not recognise (forged, truncated, or from another list). */
  | { readonly _tag: 'InvalidCursor' }
  /** A list filter the read model cannot apply. */
  | { readonly _tag: 'InvalidFilter'; readonly issues: readonly string[] }
  /** A search the search read model cannot run. */
  | { readonly _tag: 'InvalidSearch'; readonly issues: readonly string[] }
  /** The shop is stopping or stopped: the command was not run. */
  | { readonly _tag: 'ShopUnavailable'; readonly reason: 'not_started' | 'stopping' | 'stopped' };

/**
 * Every refusal a facade call can answer with. The HTTP layer maps each tag to a status with a
 * `Record<ShopErrorTag, number>`, so a new tag here does not compile there until it has a status.
 */
export type ShopError =
  | FacadeError
  | ConcurrencyConflict
  | IdentityError
  | CatalogError
  | InventoryError
  | PromotionError
  | CartError
  | PlaceOrderError
  | OrderingError
  | PaymentServiceError
  | DispatchError
  | NotificationError
  | AfterSalesError
  | ReviewError
  | BehaviourError
  | RiskReviewError
  | RiskHoldRefusal
  | ReportError;

export type ShopErrorTag = ShopError['_tag'];
