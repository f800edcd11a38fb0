/** Every way a review refuses a command. */
export type ReviewError =
  | { readonly _tag: 'ReviewAlreadyWritten'; readonly orderId: string; readonly lineId: string }
  | { readonly _tag: 'ReviewNotFound'; readonly reviewId: string }
  | { readonly _tag: 'NotTheBuyer'; readonly orderId: string; readonly authorId: string }
  | { readonly _tag: 'LineNotDelivered'; readonly orderId: string; readonly lineId: string }
  | { readonly _tag: 'InvalidRating'; readonly rating: number }
  | { readonly _tag: 'TooManyImages'; readonly given: number; readonly max: number }
  | { readonly _tag: 'InvalidImageUrl'; readonly url: string }
  | { readonly _tag: 'NotTheAuthor'; readonly reviewId: string; readonly authorId: string }
  /** The words were sealed under someone else's key: erasing the author would not erase them. */
  | { readonly _tag: 'NotSealedForAuthor'; readonly reviewId: string; readonly authorId: string; readonly subject: string }
  | { readonly _tag: 'FollowUpAlreadyAdded'; readonly reviewId: string }
  | { readonly _tag: 'FollowUpWindowClosed'; readonly reviewId: string; readonly deadline: string }
  | { readonly _tag: 'EmptyFollowUp'; readonly reviewId: string }
  | { readonly _tag: 'ReplyAlreadyPosted'; readonly reviewId: string }
  | { readonly _tag: 'NoReplyToEdit'; readonly reviewId: string }
  | { readonly _tag: 'EmptyReply'; readonly reviewId: string }
  | { readonly _tag: 'ModerationReasonRequired'; readonly reviewId: string }
  | { readonly _tag: 'ReviewAlreadyHidden'; readonly reviewId: string }
  | { readonly _tag: 'ReviewNotHidden'; readonly reviewId: string }
  | { readonly _tag: 'ReviewIsHidden'; readonly reviewId: string }
  | { readonly _tag: 'CannotVoteOwnReview'; readonly reviewId: string; readonly voterId: string }
  | { readonly _tag: 'AlreadyVoted'; readonly reviewId: string; readonly voterId: string }
  | { readonly _tag: 'NotVoted'; readonly reviewId: string; readonly voterId: string };

export type ReviewErrorTag = ReviewError['_tag'];
