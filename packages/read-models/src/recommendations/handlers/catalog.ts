import type { CatalogEvent } from '@shopstream/commerce/catalog';
import type { InventoryEvent } from '@shopstream/commerce/inventory';
import type { ProjectionHandlers } from '@shopstream/kernel';
import type { RecommendationsCollection, StockDoc } from '../documents.js';
import { availableOf, loadProduct, loadStock, saveProduct, saveStock } from './products.js';

/** What lists may show: product categories, brand and publication from the catalog. */
export const catalogHandlers: ProjectionHandlers<CatalogEvent, RecommendationsCollection> = {
  ProductCreated: async ({ data }, ctx) => {
    const product = await loadProduct(ctx, data.productId);
    await saveProduct(ctx, { ...product, created: true, categoryIds: data.categoryIds, brandId: data.brandId });
  },
  ProductDetailsRevised: async ({ data }, ctx) => {
    const product = await loadProduct(ctx, data.productId);
    await saveProduct(ctx, { ...product, categoryIds: data.categoryIds, brandId: data.brandId });
  },
  ProductSkuAdded: async ({ data }, ctx) => {
    const product = await loadProduct(ctx, data.productId);
    const stock = await loadStock(ctx, data.sku);
    const skus = product.skus.includes(data.sku) ? product.skus : [...product.skus, data.sku].sort();
    const inStockSkus = availableOf(stock) > 0 && !product.inStockSkus.includes(data.sku) ? [...product.inStockSkus, data.sku].sort() : product.inStockSkus;
    await saveProduct(ctx, { ...product, skus, inStockSkus });
    await ctx.collection<StockDoc>('stock').replaceOne({ ...stock, productId: data.productId });
  },
  ProductSkuRemoved: async ({ data }, ctx) => {
    const product = await loadProduct(ctx, data.productId);
    await saveProduct(ctx, { ...product, skus: product.skus.filter((s) => s !== data.sku), inStockSkus: product.inStockSkus.filter((s) => s !== data.sku) });
    const stock = await loadStock(ctx, data.sku);
    if (stock.productId === data.productId) await ctx.collection<StockDoc>('stock').replaceOne({ ...stock, productId: null });
  },
  ProductPublished: async ({ data }, ctx) => {
    await saveProduct(ctx, { ...(await loadProduct(ctx, data.productId)), published: true });
  },
  ProductUnpublished: async ({ data }, ctx) => {
    await saveProduct(ctx, { ...(await loadProduct(ctx, data.productId)), published: false });
  },
};

/** A loop rather than `Object.fromEntries(Object.entries(...).filter(...))`, about ten times dearer per call. */
const withoutReservation = (stock: StockDoc, reservationId: string): StockDoc['reservations'] => {
  const kept: Record<string, number> = {};
  for (const id of Object.keys(stock.reservations)) if (id !== reservationId) kept[id] = stock.reservations[id] as number;
  return kept;
};

/** Stock per SKU, folded as the inventory decider folds it, so "out of stock" means what checkout would say. */
export const inventoryHandlers: ProjectionHandlers<InventoryEvent, RecommendationsCollection> = {
  StockReceived: async ({ data }, ctx) => {
    const stock = await loadStock(ctx, data.sku);
    await saveStock(ctx, { ...stock, onHand: stock.onHand + data.quantity });
  },
  StockAdjusted: async ({ data }, ctx) => {
    await saveStock(ctx, { ...(await loadStock(ctx, data.sku)), onHand: data.counted });
  },
  StockReserved: async ({ data }, ctx) => {
    const stock = await loadStock(ctx, data.sku);
    if (Object.hasOwn(stock.reservations, data.reservationId)) return;
    await saveStock(ctx, { ...stock, reservations: { ...stock.reservations, [data.reservationId]: data.quantity } });
  },
  StockReservationReleased: async ({ data }, ctx) => {
    const stock = await loadStock(ctx, data.sku);
    await saveStock(ctx, { ...stock, reservations: withoutReservation(stock, data.reservationId) });
  },
  StockReservationExpired: async ({ data }, ctx) => {
    const stock = await loadStock(ctx, data.sku);
    await saveStock(ctx, { ...stock, reservations: withoutReservation(stock, data.reservationId) });
  },
  StockReservationCommitted: async ({ data }, ctx) => {
    const stock = await loadStock(ctx, data.sku);
    const held = stock.reservations[data.reservationId] ?? 0;
    await saveStock(ctx, { ...stock, onHand: stock.onHand - held, reservations: withoutReservation(stock, data.reservationId) });
  },
};
