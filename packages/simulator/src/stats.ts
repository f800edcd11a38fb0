/** What a simulation did, counted as it went. */
export interface SimulationStats {
  customers: number;
  fraudsters: number;
  sessions: number;
  views: number;
  searches: number;
  favourites: number;
  cartAdds: number;
  couponsApplied: number;
  orders: number;
  paymentsCompleted: number;
  paymentsDeclined: number;
  paymentsTimedOut: number;
  riskReleased: number;
  riskRejected: number;
  shipments: number;
  /** Products the warehouse restocked overnight, one a product and night. */
  restocks: number;
  receiptsConfirmed: number;
  reviews: number;
  cases: { return: number; exchange: number; repair: number; complaint: number };
  /** Commands the shop refused, by error tag: a real shop's life has plenty (out of stock, coupon limits...). */
  refusals: Record<string, number>;
}

export const emptyStats = (): SimulationStats => ({
  customers: 0,
  fraudsters: 0,
  sessions: 0,
  views: 0,
  searches: 0,
  favourites: 0,
  cartAdds: 0,
  couponsApplied: 0,
  orders: 0,
  paymentsCompleted: 0,
  paymentsDeclined: 0,
  paymentsTimedOut: 0,
  riskReleased: 0,
  riskRejected: 0,
  shipments: 0,
  restocks: 0,
  receiptsConfirmed: 0,
  reviews: 0,
  cases: { return: 0, exchange: 0, repair: 0, complaint: 0 },
  refusals: {},
});
