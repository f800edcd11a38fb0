/**
 * What the rules know about one order, read from the signals read model as the order was placed. Counts of bad
 * things only go up as things get worse; `accountAgeHours`, `completedOrders` and `ordersToProvince` are the good
 * ones, which go down. `null` is "not known" (no device id given, a card-less payment method), and no rule fires on it.
 */
export interface OrderSignals {
  /** What the order costs, in minor units. */
  readonly orderTotal: number;
  /** Hours between the account's registration and the order; null when the registration was not seen. */
  readonly accountAgeHours: number | null;
  /** The account's orders whose receipt was confirmed: a track record. */
  readonly completedOrders: number;
  /** Orders placed in the velocity window up to and including this one, by the account and by each of the order's keys. */
  readonly accountOrders: number;
  readonly deviceOrders: number | null;
  readonly ipOrders: number | null;
  readonly addressOrders: number;
  readonly cardOrders: number | null;
  /** Payments that failed in the failure window, for the account's orders and with the order's card. */
  readonly accountPaymentFailures: number;
  readonly cardPaymentFailures: number | null;
  /** Other accounts that used the order's card, address key or device. */
  readonly accountsSharingCard: number | null;
  readonly accountsSharingAddress: number;
  readonly accountsSharingDevice: number | null;
  /** The account's earlier orders to the province this one goes to, and to other provinces. */
  readonly ordersToProvince: number;
  readonly ordersElsewhere: number;
  /** Return requests and after-sales refunds over the account's life, and coupons redeemed in the coupon window. */
  readonly returnRequests: number;
  readonly refundsIssued: number;
  readonly couponRedemptions: number;
}

/** The signals as the numbers an assessment records (`RiskAssessed.signals`): unknown ones left out. */
export const recordedSignals = (signals: OrderSignals): Readonly<Record<string, number>> =>
  Object.fromEntries(Object.entries(signals).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
