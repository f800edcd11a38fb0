/** Every way the risk stream refuses an assessment. */
export type RiskError =
  /** The score is not `min(100, sum of the reasons' points)`: an assessment must explain every point. */
  | { readonly _tag: 'RiskScoreUnexplained'; readonly orderId: string; readonly score: number; readonly explained: number }
  | { readonly _tag: 'RiskAssessmentForAnotherOrder'; readonly orderId: string; readonly assessedOrderId: string };

export type RiskErrorTag = RiskError['_tag'];
