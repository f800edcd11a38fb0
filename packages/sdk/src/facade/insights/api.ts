import type { Document } from '@shopstream/kernel';
import type { PlacedOrderState, RiskDecisionMaker } from '@shopstream/commerce/ordering';
import type { CustomerSegmentsReport, ReportsQueries, ReturnRatesRequest, SalesReport, SalesRequest, SegmentsRequest } from '@shopstream/read-models/reports';
import type { OrderRisk, ReviewQueuePage } from '@shopstream/read-models/risk';
import type { ItemListOptions, ListOptions, PopularOptions, Recommendation } from '@shopstream/read-models/recommendations';
import type { CategoryListing, ProductDetail, SearchRequest, SearchResult } from '@shopstream/read-models/search';
import type { CallOptions, Outcome, PageRequest } from '../call.js';
import type { AtRevision } from '../orders/api.js';

/** A page of read-model items. */
export interface ReadModelPage<T = Document> {
  readonly items: readonly T[];
  /** Pass back as `cursor` for the next page; null on the last one. */
  readonly nextCursor: string | null;
}

/** What a shopper searches with (prices in minor units). */
export type ProductSearch = SearchRequest;

/** searchProducts (the search read model). */
export interface SearchFacade {
  products(query: ProductSearch): Outcome<SearchResult>;
  /** A published product as the storefront shows it (rating, stock, brand); null otherwise. */
  product(productId: string): Promise<ProductDetail | null>;
  /** The categories in use, with how many published products each holds. */
  categories(): Promise<readonly CategoryListing[]>;
}

export interface ProductRecommendations {
  readonly boughtTogether: readonly Recommendation[];
  readonly similar: readonly Recommendation[];
}

/** getMyRecommendations, getProductRecommendations (the recommendations read model). */
export interface RecommendationsFacade {
  forCustomer(customerId: string, options?: ListOptions): Promise<readonly Recommendation[]>;
  forProduct(productId: string, options?: ItemListOptions): Promise<ProductRecommendations>;
  popular(options?: PopularOptions): Promise<readonly Recommendation[]>;
}

export type RiskDecision =
  | { readonly decision: 'release'; readonly staffId: string; readonly note?: string }
  | { readonly decision: 'reject'; readonly staffId: string; readonly reason: string };

/**
 * Why an order cannot be put on risk hold: the ordering domain refuses each as an illegal transition, and staff
 * need to tell them apart (hold it later, it is held already, it is past holding). `orderStatus`, not `status`,
 * which a problem+json body keeps for the HTTP status.
 */
export type RiskHoldRefusal =
  /** A hold needs a reason, for the risk team and for the auditors replaying the decision. */
  | { readonly _tag: 'RiskHoldReasonRequired'; readonly orderId: string }
  /** Only paid orders are held: one awaiting payment has nothing to hold yet. */
  | { readonly _tag: 'OrderNotPaid'; readonly orderId: string; readonly orderStatus: string }
  | { readonly _tag: 'OrderAlreadyOnRiskHold'; readonly orderId: string }
  /** Shipped, delivered, cancelled or completed: too late to hold. */
  | { readonly _tag: 'OrderNotHoldable'; readonly orderId: string; readonly orderStatus: string };

/** listRiskReviews, holdOrderForRisk, decideRiskReview, getOrderRisk (the risk read model and its staff decisions). */
export interface RiskFacade {
  /** listRiskReviews: orders held for review, longest waiting first. */
  reviews(page?: PageRequest): Outcome<ReviewQueuePage>;
  /**
   * decideRiskReview: releases an order on hold, or rejects it (a note is required; stock and coupon go back, the
   * payment is refunded). Right is the order after it, at its stream's new revision.
   */
  decide(orderId: string, decision: RiskDecision, options?: CallOptions): Outcome<AtRevision<PlacedOrderState>>;
  /** getOrderRisk: the score, reasons and decisions; null when risk never looked at the order. */
  forOrder(orderId: string): Promise<OrderRisk | null>;
  /** holdOrderForRisk: puts a paid order on hold for review by hand. Right is the order after it, at its new revision. */
  hold(orderId: string, input: { readonly reason: string; readonly decidedBy: RiskDecisionMaker }, options?: CallOptions): Outcome<AtRevision<PlacedOrderState>>;
}

/** getSalesReport, getCustomerSegments (the reports read model). */
export interface ReportsFacade {
  sales(request: SalesRequest): Outcome<SalesReport>;
  /** Segments as of `asOf` (default: now). */
  customerSegments(request?: Partial<SegmentsRequest>): Outcome<CustomerSegmentsReport>;
  returnRates(request: ReturnRatesRequest): ReturnType<ReportsQueries['returnRates']>;
}
