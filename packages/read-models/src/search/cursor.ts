import { z } from 'zod';

/** The sort key of a result: numbers or strings compared in order, then the product id. */
export type SortKey = readonly (number | string)[];

const Cursor = z.strictObject({ q: z.string(), k: z.array(z.union([z.number(), z.string()])), id: z.string() });
type Cursor = z.infer<typeof Cursor>;

/**
 * A keyset cursor: the sort key and id of the last item served, and a fingerprint of the search, so a page
 * continues strictly after the previous one and a cursor cannot be replayed against another search.
 */
export const encodeCursor = (cursor: Cursor): string => Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');

export const decodeCursor = (text: string): Cursor | null => {
  try {
    const parsed = Cursor.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
};
