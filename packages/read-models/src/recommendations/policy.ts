/**
 * The knobs of the recommendations read model. Projections bake them into the documents they build, so a shop
 * that changes one must bump the projection's version (the runtime then rebuilds from the log).
 */
export interface RecommendationsPolicy {
  /** Signal weights: a purchase says more than a favourite, a favourite more than a view. */
  readonly weights: { readonly purchase: number; readonly favourite: number; readonly view: number };
  /** Half-lives of the decayed scores, in days: popularity moves fast, tastes and pairs slowly. */
  readonly halfLifeDays: { readonly popularity: number; readonly affinity: number; readonly pairs: number };
  /** Distinct products of one order considered for "bought together" (larger baskets are cut, lowest line first). */
  readonly maxBasketItems: number;
  /** How far apart two paid orders of one customer may be and still count as bought together. */
  readonly purchaseWindowDays: number;
  /** Products of a customer's earlier orders kept for that window. */
  readonly maxPurchasesInWindow: number;
  /** How far apart two views of one customer or session may be and still count as viewed together. */
  readonly viewWindowMinutes: number;
  /** Products of a subject's recent views kept for that window. */
  readonly maxViewsInWindow: number;
  /** Neighbours kept per product and list ("bought together", "viewed together"); the weakest go first. */
  readonly maxNeighbours: number;
}

export const defaultRecommendationsPolicy: RecommendationsPolicy = {
  weights: { purchase: 5, favourite: 3, view: 1 },
  halfLifeDays: { popularity: 7, affinity: 30, pairs: 60 },
  maxBasketItems: 20,
  purchaseWindowDays: 30,
  maxPurchasesInWindow: 20,
  viewWindowMinutes: 60,
  maxViewsInWindow: 10,
  maxNeighbours: 50,
};
