import { match } from 'ts-pattern';
import type { ReviewEvent } from './events.js';

export interface Review {
  readonly status: 'published' | 'hidden';
  readonly reviewId: string;
  readonly orderId: string;
  readonly lineId: string;
  readonly productId: string;
  readonly authorId: string;
  readonly rating: number;
  readonly writtenAt: string;
  readonly followUpAt: string | null;
  readonly reply: { readonly merchantId: string; readonly text: string; readonly at: string; readonly editedAt: string | null } | null;
  /** In the order the votes were cast; the helpful count is its length. */
  readonly helpfulVoters: readonly string[];
  readonly hiddenReason: string | null;
}

export type ReviewState = { readonly status: 'none' } | Review;

export const initialState = (): ReviewState => ({ status: 'none' });

export const evolve = (state: ReviewState, event: ReviewEvent): ReviewState => {
  if (event.type === 'ReviewWritten') {
    if (state.status !== 'none') return state;
    const d = event.data;
    return {
      status: 'published',
      reviewId: d.reviewId,
      orderId: d.orderId,
      lineId: d.lineId,
      productId: d.productId,
      authorId: d.authorId,
      rating: d.rating,
      writtenAt: d.writtenAt,
      followUpAt: null,
      reply: null,
      helpfulVoters: [],
      hiddenReason: null,
    };
  }
  if (state.status === 'none') return state;
  const s = state;
  return match(event)
    .with({ type: 'FollowUpAdded' }, ({ data }): Review => ({ ...s, followUpAt: data.at }))
    .with({ type: 'MerchantReplied' }, ({ data }): Review => ({ ...s, reply: { merchantId: data.merchantId, text: data.text, at: data.at, editedAt: null } }))
    .with({ type: 'MerchantReplyEdited' }, ({ data }): Review => ({
      ...s,
      reply: { merchantId: data.merchantId, text: data.text, at: s.reply?.at ?? data.at, editedAt: data.at },
    }))
    .with({ type: 'ReviewHidden' }, ({ data }): Review => ({ ...s, status: 'hidden', hiddenReason: data.reason }))
    .with({ type: 'ReviewRestored' }, (): Review => ({ ...s, status: 'published', hiddenReason: null }))
    .with({ type: 'HelpfulVoteCast' }, ({ data }): Review => (s.helpfulVoters.includes(data.voterId) ? s : { ...s, helpfulVoters: [...s.helpfulVoters, data.voterId] }))
    .with({ type: 'HelpfulVoteWithdrawn' }, ({ data }): Review => ({ ...s, helpfulVoters: s.helpfulVoters.filter((v) => v !== data.voterId) }))
    .exhaustive();
};

