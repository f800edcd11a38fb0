import type { RecommendationsContext } from '../context.js';
import type { ProductDoc, StockDoc } from '../documents.js';
import { addSignal } from '../decay.js';

const blankProduct = (id: string): ProductDoc => ({
  _id: id,
  created: false,
  published: false,
  categoryIds: [],
  brandId: null,
  skus: [],
  inStockSkus: [],
  listed: false,
  popularity: null,
});

/** A product's document, or a blank one: views and orders may name a product before its catalog events arrive. */
export const loadProduct = async (ctx: RecommendationsContext, productId: string): Promise<ProductDoc> =>
  (await ctx.collection<ProductDoc>('products').get(productId)) ?? blankProduct(productId);

/** Saves a product with `listed` worked out again, so no write can leave it stale. */
export const saveProduct = async (ctx: RecommendationsContext, product: ProductDoc): Promise<void> => {
  const listed = product.created && product.published && product.inStockSkus.length > 0;
  await ctx.collection<ProductDoc>('products').replaceOne({ ...product, listed });
};

export const addPopularity = async (ctx: RecommendationsContext, productId: string, weight: number, at: string, halfLifeDays: number): Promise<ProductDoc> => {
  const product = await loadProduct(ctx, productId);
  const updated = { ...product, popularity: addSignal(product.popularity, weight, at, halfLifeDays) };
  await saveProduct(ctx, updated);
  return updated;
};

export const availableOf = (stock: StockDoc): number => stock.onHand - Object.values(stock.reservations).reduce((total, quantity) => total + quantity, 0);

export const loadStock = async (ctx: RecommendationsContext, sku: string): Promise<StockDoc> =>
  (await ctx.collection<StockDoc>('stock').get(sku)) ?? { _id: sku, productId: null, onHand: 0, reservations: {} };

/** Marks one SKU of a product in or out of stock; a SKU the product no longer has changes nothing. */
export const setSkuInStock = async (ctx: RecommendationsContext, productId: string, sku: string, inStock: boolean): Promise<void> => {
  const product = await loadProduct(ctx, productId);
  if (!product.skus.includes(sku) || product.inStockSkus.includes(sku) === inStock) return;
  const inStockSkus = inStock ? [...product.inStockSkus, sku].sort() : product.inStockSkus.filter((s) => s !== sku);
  await saveProduct(ctx, { ...product, inStockSkus });
};

/** Saves a SKU's stock and passes whether it is available on to its product. */
export const saveStock = async (ctx: RecommendationsContext, stock: StockDoc): Promise<void> => {
  await ctx.collection<StockDoc>('stock').replaceOne(stock);
  if (stock.productId !== null) await setSkuInStock(ctx, stock.productId, stock._id, availableOf(stock) > 0);
};
