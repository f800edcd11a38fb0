/**
 * The documents of the search read model. Types rather than interfaces, so they satisfy the read store's
 * `Document` (plain JSON) without casts.
 */

export type Text = { readonly zh: string; readonly en: string };

/** The fields a product's text is indexed under, in the order of their weight in ranking. */
export const TEXT_FIELDS = ['title', 'brand', 'category', 'attributes', 'description'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];
/** Each field's terms in order, with repeats: term frequencies and field lengths come from these. */
export type FieldTerms = { readonly [F in TextField]: readonly string[] };
/** Each field's length in terms. */
export type FieldLengths = { readonly [F in TextField]: number };

/**
 * A product's or SKU's attributes as [name, value] pairs, in the merchant's order. Not an object: names are the
 * merchant's text ("Model No.", "$ range"), and a read store refuses field names with a dot or a leading `$`.
 */
export type AttributePairs = readonly (readonly [string, string])[];
export const attributePairs = (attributes: Readonly<Record<string, string>>): AttributePairs => Object.entries(attributes);

export type SkuEntry = {
  readonly sku: string;
  readonly attributes: AttributePairs;
  /** Minor units in the product's currency; null until the merchant prices the SKU. */
  readonly price: number | null;
  /** On hand less reserved, as inventory last said (0 before inventory said anything). */
  readonly available: number;
};

export type ImageEntry = { readonly imageId: string; readonly url: string; readonly alt: Text };

/**
 * One product, `_id` = product id. A document may exist before its product does (an order or review seen
 * first); `created` says whether the catalog has spoken. Only `visible` products (published) are found, and
 * only they carry `terms` and count in the term statistics.
 */
export type ProductDocument = {
  readonly _id: string;
  readonly created: boolean;
  readonly status: 'draft' | 'published';
  readonly visible: boolean;
  readonly title: Text;
  readonly description: Text;
  readonly brandId: string | null;
  readonly brand: Text | null;
  readonly categoryIds: readonly string[];
  /** The product's categories and all their ancestors: what a category filter and facet match. */
  readonly categoryPath: readonly string[];
  readonly attributes: AttributePairs;
  readonly currency: string;
  readonly skus: readonly SkuEntry[];
  readonly images: readonly ImageEntry[];
  /** The lowest price of its priced SKUs, in minor units; null when none is priced. */
  readonly price: number | null;
  /** Units available over all SKUs (negative availabilities count as none). */
  readonly stock: number;
  readonly inStock: boolean;
  /** Units in paid orders, less those of paid orders cancelled or rejected afterwards. */
  readonly sales: number;
  readonly ratingSum: number;
  readonly ratingCount: number;
  /** Average of the shown reviews' ratings; null without any. */
  readonly rating: number | null;
  /** When the product was created (the event's `occurredAt`): the "newest" sort. */
  readonly createdAt: string | null;
  /** Each field's length in terms (zeros when not visible). */
  readonly lengths: FieldLengths;
  /**
   * Each distinct term's frequency per field, packed into one string (`packFrequencies`): ranking reads a few
   * terms of many candidates, and one string costs the store far less to hand out than arrays of terms.
   */
  readonly frequencies: string;
  /** Every distinct term when visible, else empty: the multikey index text queries use. */
  readonly terms: readonly string[];
};

/** Document frequency of one term over visible products; `_id` = the term. Absent when no product has it. */
export type TermDocument = { readonly _id: string; readonly df: number };

export const CORPUS_ID = 'corpus';
/** Totals over visible products, for inverse document frequencies and average field lengths. */
export type CorpusDocument = {
  readonly _id: typeof CORPUS_ID;
  readonly products: number;
  readonly lengths: FieldLengths;
};

export const FEED_HEAD_ID = 'head';
/**
 * The number of the last product change, `_id` = `head`: a query-side index compares it with its own. Named
 * `last`, not `seq`, so that reading the changes by `seq` never finds the head.
 */
export type FeedHeadDocument = { readonly _id: typeof FEED_HEAD_ID; readonly last: number };
/**
 * One product change, `_id` = `change:<seq>`: which product changed, so that a query-side index can catch up by
 * reading only the products changed since it last looked. The latest `FEED_RETAINED` changes are kept.
 */
export type FeedChangeDocument = { readonly _id: string; readonly seq: number; readonly productId: string };
export const FEED_RETAINED = 20_000;
export const changeKey = (seq: number): string => `change:${seq}`;

/** The stock of one SKU, `_id` = SKU, kept from inventory events whether or not a product lists the SKU yet. */
export type StockDocument = {
  readonly _id: string;
  readonly onHand: number;
  /** Quantities held by active reservations, by reservation id. */
  readonly reservations: Readonly<Record<string, number>>;
  /**
   * The products whose `skus` list this SKU, sorted: those a change of its availability reaches. Kept by the
   * catalog's SKU events, so that a stock event (more than half of what this model handles) reads them by id instead of
   * querying the products, which would also make every later product write in the batch compute its index keys.
   */
  readonly productIds: readonly string[];
};

/** The stock of a SKU no inventory or catalog event has named yet. */
export const noStock = (sku: string): StockDocument => ({ _id: sku, onHand: 0, reservations: {}, productIds: [] });

/** What an order means for sales, `_id` = order id. */
export type OrderDocument = {
  readonly _id: string;
  readonly lines: readonly { readonly productId: string; readonly quantity: number }[];
  /** `counted`: paid, its units are in the products' sales; `voided`: cancelled or rejected, never (or no longer) counted. */
  readonly state: 'placed' | 'counted' | 'voided';
};

/** A review's contribution to its product's rating, `_id` = review id. */
export type ReviewDocument = { readonly _id: string; readonly productId: string; readonly rating: number; readonly shown: boolean };

/** A category or brand of the catalog's taxonomy, `_id` = `category:<id>` or `brand:<id>`. */
export type TaxonomyDocument =
  | { readonly _id: string; readonly kind: 'category'; readonly id: string; readonly name: Text; readonly parentId: string | null; readonly retired: boolean }
  | {
      readonly _id: string;
      readonly kind: 'brand';
      readonly id: string;
      readonly name: Text;
      /** Each name reduced to its letters and digits (`华为`, `huawei`): a query term equal to one means the brand. */
      readonly aliases: readonly string[];
    };

export const categoryKey = (categoryId: string): string => `category:${categoryId}`;
export const brandKey = (brandId: string): string => `brand:${brandId}`;
