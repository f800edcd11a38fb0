import type { Cart } from './state.js';
import type { CartLine } from './values.js';
import { MAX_CART_LINES } from './values.js';

export interface MergeOutcome {
  /** The resulting line for every SKU of the guest cart that the user's cart keeps. */
  readonly lines: CartLine[];
  /** Where the sum was more than the purchase limit (or the cart had no room) allows. */
  readonly capped: { sku: string; requested: number; kept: number }[];
}

/** The guest's lines with one line per SKU: quantities summed, the strictest limit kept. */
const bySku = (lines: readonly CartLine[]): CartLine[] => {
  const merged = new Map<string, CartLine>();
  for (const line of lines) {
    const seen = merged.get(line.sku);
    merged.set(line.sku, seen ? { ...seen, quantity: seen.quantity + line.quantity, limit: Math.min(seen.limit, line.limit) } : line);
  }
  return [...merged.values()];
};

/**
 * Guest lines into the user's cart: quantities of the same SKU are summed and capped by the stricter of the
 * two purchase limits; the user's own price snapshot is kept for SKUs it already had (checkout checks prices
 * anyway). SKUs that do not fit in a full cart are left out and reported with `kept: 0`.
 */
export const mergeLines = (cart: Pick<Cart, 'lines'>, guestLines: readonly CartLine[]): MergeOutcome => {
  const lines: CartLine[] = [];
  const capped: MergeOutcome['capped'] = [];
  let lineCount = cart.lines.length;
  for (const guest of bySku(guestLines)) {
    const own = cart.lines.find((line) => line.sku === guest.sku);
    const requested = (own?.quantity ?? 0) + guest.quantity;
    if (!own && lineCount >= MAX_CART_LINES) {
      capped.push({ sku: guest.sku, requested, kept: 0 });
      continue;
    }
    const limit = own ? Math.min(own.limit, guest.limit) : guest.limit;
    const kept = Math.min(requested, limit);
    if (kept < requested) capped.push({ sku: guest.sku, requested, kept });
    lines.push({ ...(own ?? guest), quantity: kept, limit });
    if (!own) lineCount += 1;
  }
  return { lines, capped };
};
