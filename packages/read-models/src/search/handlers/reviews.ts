import type { ReviewEvent } from '@shopstream/commerce/reviews';
import type { ProjectionContext, ProjectionHandlers } from '@shopstream/kernel';
import type { SearchCollection } from '../collections.js';
import type { ReviewDocument } from '../documents.js';
import { changeProduct } from '../product.js';

type Context = ProjectionContext<SearchCollection>;

const show = async (context: Context, reviewId: string, shown: boolean): Promise<void> => {
  const reviews = context.collection<ReviewDocument>('reviews');
  const review = await reviews.get(reviewId);
  if (!review || review.shown === shown) return;
  await reviews.replaceOne({ ...review, shown });
  const sign = shown ? 1 : -1;
  await changeProduct(context, review.productId, (product) => ({
    ...product,
    ratingSum: product.ratingSum + sign * review.rating,
    ratingCount: product.ratingCount + sign,
  }));
};

/** Ratings: the average over the reviews shoppers can see; a hidden review stops counting until restored. */
export const reviewHandlers: ProjectionHandlers<ReviewEvent, SearchCollection> = {
  ReviewWritten: async ({ data }, context) => {
    const reviews = context.collection<ReviewDocument>('reviews');
    if (await reviews.get(data.reviewId)) return;
    await reviews.replaceOne({ _id: data.reviewId, productId: data.productId, rating: data.rating, shown: false });
    await show(context, data.reviewId, true);
  },
  ReviewHidden: async ({ data }, context) => show(context, data.reviewId, false),
  ReviewRestored: async ({ data }, context) => show(context, data.reviewId, true),
};
