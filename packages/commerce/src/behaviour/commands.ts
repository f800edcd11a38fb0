import { z } from 'zod';
import { Subject, ViewSource } from './events.js';

/** The day of the stream the command is for (`yyyy-mm-dd`, UTC); the decision's clock must be on it. */
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const RecordProductView = z.strictObject({ type: z.literal('RecordProductView'), subject: Subject, day, productId: z.string().min(1), source: ViewSource });
export const RecordSearch = z.strictObject({
  type: z.literal('RecordSearch'),
  subject: Subject,
  day,
  query: z.string().max(200),
  resultCount: z.number().int().nonnegative(),
  page: z.number().int().positive().default(1),
});
export const RecordCartView = z.strictObject({ type: z.literal('RecordCartView'), subject: Subject, day, itemCount: z.number().int().nonnegative() });
export const IdentifySession = z.strictObject({ type: z.literal('IdentifySession'), subject: Subject, day, customerId: z.string().min(1) });

export const ActivityCommand = z.discriminatedUnion('type', [RecordProductView, RecordSearch, RecordCartView, IdentifySession]);
export type ActivityCommand = z.infer<typeof ActivityCommand>;

export const FavouriteProduct = z.strictObject({ type: z.literal('FavouriteProduct'), subject: Subject, productId: z.string().min(1) });
export const UnfavouriteProduct = z.strictObject({ type: z.literal('UnfavouriteProduct'), subject: Subject, productId: z.string().min(1) });

export const FavouriteCommand = z.discriminatedUnion('type', [FavouriteProduct, UnfavouriteProduct]);
export type FavouriteCommand = z.infer<typeof FavouriteCommand>;
