import { z } from 'zod';

/**
 * A stock-keeping unit code. Inventory, carts and orders key on it and it appears in stream names
 * (`inventory-<sku>`), so it is restricted to characters that are safe in both.
 */
export const Sku = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, ".", "_" or "-", at most 64');
export type Sku = z.infer<typeof Sku>;

/** Text shown to shoppers, in Chinese and English. An empty string means "not written yet" in that language. */
export const LocalizedText = z.strictObject({
  zh: z.string().max(10_000),
  en: z.string().max(10_000),
});
export type LocalizedText = z.infer<typeof LocalizedText>;

/** A title is written when at least one language has more than whitespace. */
export const hasText = (text: LocalizedText): boolean => text.zh.trim() !== '' || text.en.trim() !== '';

/** Free-form facts such as `{ colour: 'red', size: 'M' }`: product-wide, or what sets one SKU apart. */
export const Attributes = z.record(z.string().min(1).max(64), z.string().max(256));
export type Attributes = z.infer<typeof Attributes>;

export const ImageUrl = z.url({ protocol: /^https?$/ }).max(2048);
