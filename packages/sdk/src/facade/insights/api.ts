import type { Document } from '@shopstream/kernel';
import type { RiskDecisionMaker } from '@shopstream/commerce/ordering';
import type { CallOptions, Outcome, PageRequest } from '../call.js';
import type { PlacedOrderState } from '@shopstream/commerce/ordering';

/** A page of read-model documents. */
export interface ReadModelPage<T = Document> {
  readonly items: readonly T[];
  /** Pass back as `cursor` for the next page; null on the last one. */
  readonly nextCursor: string | null;
}

export interface ProductSearch extends PageRequest {
  readonly text?: string;
  readonly categoryId?: string;
  readonly brandId?: string;
  readonly minPrice?: number;
  readonly maxPrice?: number;
  readonly inStock?: boolean;
  readonly sort?: 'relevance' | 'price_asc' | 'price_desc' | 'newest' | 'best_selling' | 'rating';
}

/** searchProducts (the search read model). */
export interface SearchFacade {
  products(query: ProductSearch): Promise<ReadModelPage>;
}

/** getMyRecommendations, getProductRecommendations (the recommendations read model). */
export interface RecommendationsFacade {
  forCustomer(customerId: string, query?: { readonly limit?: number }): Promise<readonly Document[]>;
  forProduct(productId: string, query?: { readonly limit?: number }): Promise<readonly Document[]>;
}

export type RiskDecision =
  | { readonly decision: 'release'; readonly staffId: string; readonly note?: string }
  | { readonly decision: 'reject'; readonly staffId: string; readonly reason: string };

/** listRiskReviews, decideRiskReview, getOrderRisk (the risk read model and its staff decisions). */
export interface RiskFacade {
  reviews(filter?: PageRequest & { readonly status?: string }): Promise<ReadModelPage>;
  /** decideRiskReview: releases an order on hold, or rejects it (stock and coupon go back, the payment is refunded). */
  decide(orderId: string, decision: RiskDecision, options?: CallOptions): Outcome<PlacedOrderState>;
  forOrder(orderId: string): Promise<Document | null>;
  /** Puts a paid order on hold for review by hand. */
  hold(orderId: string, input: { readonly reason: string; readonly decidedBy: RiskDecisionMaker }, options?: CallOptions): Outcome<PlacedOrderState>;
}

export interface SalesReportQuery {
  /** Inclusive, `yyyy-mm-dd`. */
  readonly from?: string;
  /** Inclusive, `yyyy-mm-dd`. */
  readonly to?: string;
  readonly groupBy?: 'day' | 'week' | 'month';
}

/** getSalesReport, getCustomerSegments (the reports read model). */
export interface ReportsFacade {
  sales(query?: SalesReportQuery): Promise<Document>;
  customerSegments(): Promise<Document>;
}
