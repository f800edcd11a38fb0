export interface ReviewPolicy {
  /** How long after writing a review its author may add the one follow-up (追评). */
  readonly followUpWindowDays: number;
  readonly maxImages: number;
}

export const defaultReviewPolicy: ReviewPolicy = { followUpWindowDays: 180, maxImages: 9 };
