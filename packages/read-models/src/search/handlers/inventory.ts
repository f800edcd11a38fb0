import type { InventoryEvent } from '@shopstream/commerce/inventory';
import type { ProjectionContext, ProjectionHandlers } from '@shopstream/kernel';
import type { SearchCollection } from '../collections.js';
import type { StockDocument } from '../documents.js';
import { noStock } from '../documents.js';
import { changeProduct } from '../product.js';

type Context = ProjectionContext<SearchCollection>;

/** What can still be promised, as the inventory decider's `stockLevels` computes it. */
export const availableOf = (stock: StockDocument): number =>
  stock.onHand - Object.values(stock.reservations).reduce((total, quantity) => total + quantity, 0);

/** A loop rather than `Object.fromEntries(Object.entries(...).filter(...))`, about ten times dearer per call. */
const without = (reservations: StockDocument['reservations'], reservationId: string): StockDocument['reservations'] => {
  const kept: Record<string, number> = {};
  for (const id of Object.keys(reservations)) if (id !== reservationId) kept[id] = reservations[id] as number;
  return kept;
};

/** Applies a change to a SKU's stock, then gives every product listing the SKU its new availability. */
const changeStock = async (context: Context, sku: string, change: (stock: StockDocument) => StockDocument): Promise<void> => {
  const stocks = context.collection<StockDocument>('stock');
  const before = (await stocks.get(sku)) ?? noStock(sku);
  const after = change(before);
  await stocks.replaceOne(after);
  const available = availableOf(after);
  if (available === availableOf(before)) return;
  // The products listing the SKU, in `_id` order, as a query on `skus.sku` sorted by `_id` would find them.
  for (const productId of after.productIds) {
    await changeProduct(context, productId, (product) => ({
      ...product,
      skus: product.skus.map((entry) => (entry.sku === sku ? { ...entry, available } : entry)),
    }));
  }
};

/** Mirrors the inventory decider's `evolve` on what availability needs: on hand and active reservations. */
export const inventoryHandlers: ProjectionHandlers<InventoryEvent, SearchCollection> = {
  StockReceived: async ({ data }, context) => changeStock(context, data.sku, (stock) => ({ ...stock, onHand: stock.onHand + data.quantity })),
  StockAdjusted: async ({ data }, context) => changeStock(context, data.sku, (stock) => ({ ...stock, onHand: data.counted })),
  StockReserved: async ({ data }, context) =>
    changeStock(context, data.sku, (stock) =>
      Object.hasOwn(stock.reservations, data.reservationId) ? stock : { ...stock, reservations: { ...stock.reservations, [data.reservationId]: data.quantity } },
    ),
  StockReservationReleased: async ({ data }, context) =>
    changeStock(context, data.sku, (stock) => ({ ...stock, reservations: without(stock.reservations, data.reservationId) })),
  StockReservationExpired: async ({ data }, context) =>
    changeStock(context, data.sku, (stock) => ({ ...stock, reservations: without(stock.reservations, data.reservationId) })),
  StockReservationCommitted: async ({ data }, context) =>
    changeStock(context, data.sku, (stock) => ({
      ...stock,
      onHand: stock.onHand - (stock.reservations[data.reservationId] ?? 0),
      reservations: without(stock.reservations, data.reservationId),
    })),
};
